/**
 * The cookies of a Cookie header. A value with broken percent-encoding (`foo=%ZZ`) is kept as
 * sent rather than failing the request: a stray cookie from another app on the same host must
 * not lock the operator out of the portal.
 */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const name = part.slice(0, i).trim();
    if (!out.has(name)) out.set(name, safeDecode(part.slice(i + 1).trim()));
  }
  return out;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * The session cookie is `Secure` unless the portal is served over plain HTTP on this machine
 * (the demo): anywhere else a session cookie must never travel unencrypted.
 */
export function sessionCookieIsSecure(publicBaseUrl: string): boolean {
  const url = new URL(publicBaseUrl);
  return url.protocol === 'https:' || !LOOPBACK.has(url.hostname);
}
