import { createHmac, randomBytes } from 'node:crypto';
import { safeEqual } from '../../common/safe-equal.js';

/**
 * Stateless portal sessions: a cookie `<sessionId>.<expiresAtMs>.<hmac>`. The CSRF token of a
 * session is an HMAC of its id, so forms can be checked without server-side state.
 */
export class AdminSessions {
  private readonly secret: Buffer;

  constructor(
    secret: string | undefined,
    private readonly ttlMs: number,
  ) {
    this.secret = secret ? Buffer.from(secret) : randomBytes(32);
  }

  issue(nowMs: number): string {
    const id = randomBytes(16).toString('hex');
    const expires = nowMs + this.ttlMs;
    return `${id}.${expires}.${this.sign(`${id}.${expires}`)}`;
  }

  /** The session id when the cookie is authentic and unexpired, else null. */
  verify(cookie: string | undefined, nowMs: number): string | null {
    if (!cookie) return null;
    const parts = cookie.split('.');
    if (parts.length !== 3) return null;
    const [id, expires, mac] = parts;
    if (!safeEqual(mac, this.sign(`${id}.${expires}`))) return null;
    if (!(Number(expires) > nowMs)) return null;
    return id;
  }

  csrfToken(sessionId: string): string {
    return this.sign(`csrf:${sessionId}`);
  }

  checkCsrf(sessionId: string, token: unknown): boolean {
    return typeof token === 'string' && safeEqual(token, this.csrfToken(sessionId));
  }

  private sign(value: string): string {
    return createHmac('sha256', this.secret).update(value).digest('base64url');
  }
}
