/**
 * CSRF protection of the forms shown before sign-in (checkout, Free sign-up, the sign-in email):
 * a double-submit token. The page sets a random `gd_form` cookie and puts the same value in the
 * form; a POST is accepted only when both match. A cross-site page can neither read the cookie
 * nor (SameSite=Lax) send it with a POST. Signed-in forms use their session's own token.
 */
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { safeEqual } from '../../common/safe-equal.js';
import { cookieOf, cookieOptions, FORM_COOKIE } from './cookies.js';

const VALUE = /^[A-Za-z0-9_-]{32}$/;

export class FormTokens {
  constructor(private readonly publicBaseUrl: string) {}

  /** The request's form token, set as a cookie first when it has none. */
  issue(req: Request, res: Response): string {
    const current = cookieOf(req, FORM_COOKIE);
    if (current && VALUE.test(current)) return current;
    const token = randomBytes(24).toString('base64url');
    res.cookie(FORM_COOKIE, token, cookieOptions(this.publicBaseUrl));
    return token;
  }

  /** Whether a posted form carries the token of its own cookie. */
  check(req: Request, posted: unknown): boolean {
    const cookie = cookieOf(req, FORM_COOKIE);
    return (
      typeof posted === 'string' &&
      cookie !== undefined &&
      VALUE.test(cookie) &&
      safeEqual(posted, cookie)
    );
  }
}
