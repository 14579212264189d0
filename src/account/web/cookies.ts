/**
 * The account pages' cookies: the session (`gd_account`) and the anonymous form token
 * (`gd_form`, for the pricing and sign-in forms before there is a session). Both are HttpOnly,
 * SameSite=Lax (a link from an email still opens the signed-in page; cross-site POSTs carry no
 * cookie) and Secure unless the site is plain HTTP on this machine (the demo).
 */
import type { CookieOptions, Request } from 'express';

export const SESSION_COOKIE = 'gd_account';
export const FORM_COOKIE = 'gd_form';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** One cookie of the request's Cookie header (the first of that name), or undefined. */
export function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function cookieOptions(publicBaseUrl: string, maxAgeMs?: number): CookieOptions {
  const url = new URL(publicBaseUrl);
  return {
    httpOnly: true,
    secure: url.protocol === 'https:' || !LOOPBACK.has(url.hostname),
    sameSite: 'lax',
    path: '/',
    ...(maxAgeMs !== undefined ? { maxAge: maxAgeMs } : {}),
  };
}
