/**
 * Subscriber web sessions (account_session): the cookie holds a random token, the table only
 * its SHA-256, so a leaked row cannot be replayed. Each session carries the CSRF token its forms
 * post back. Sessions are revocable one by one (sign out) or all at once (sign out everywhere).
 */
import { createHash, randomBytes } from 'node:crypto';
import { safeEqual } from '../common/safe-equal.js';
import { first, isoOf, rows, type Sql } from '../database/sql.js';

export interface AccountSession {
  /** The row key (the token's hash), never the cookie value. */
  id: string;
  subscriberId: string;
  csrf: string;
}

export const tokenHash = (token: string): string =>
  createHash('sha256').update(token).digest('hex');

export class AccountSessions {
  constructor(
    private readonly sql: Sql,
    private readonly ttlMs: number,
  ) {}

  get lifetimeMs(): number {
    return this.ttlMs;
  }

  /** A new session for the subscriber; returns the cookie value. Expired rows are swept. */
  async issue(subscriberId: string, nowMs: number): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.sql.query(`DELETE FROM account_session WHERE expires_at <= $1`, [isoOf(nowMs)]);
    await this.sql.query(
      `INSERT INTO account_session (token_hash, subscriber_id, csrf_token, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [
        tokenHash(token),
        subscriberId,
        randomBytes(24).toString('base64url'),
        isoOf(nowMs),
        isoOf(nowMs + this.ttlMs),
      ],
    );
    return token;
  }

  /** The live session of a cookie value, else null. */
  async verify(cookie: string | undefined, nowMs: number): Promise<AccountSession | null> {
    if (!cookie || cookie.length > 200) return null;
    const row = await first<{ token_hash: string; subscriber_id: string; csrf_token: string }>(
      this.sql,
      `SELECT token_hash, subscriber_id, csrf_token FROM account_session
        WHERE token_hash = $1 AND expires_at > $2`,
      [tokenHash(cookie), isoOf(nowMs)],
    );
    return row
      ? { id: row.token_hash, subscriberId: row.subscriber_id, csrf: row.csrf_token }
      : null;
  }

  /** How many live sessions the subscriber has (shown on the account page). */
  async count(subscriberId: string, nowMs: number): Promise<number> {
    const [row] = await rows<{ n: string }>(
      this.sql,
      `SELECT count(*) AS n FROM account_session WHERE subscriber_id = $1 AND expires_at > $2`,
      [subscriberId, isoOf(nowMs)],
    );
    return Number(row?.n ?? 0);
  }

  async revoke(session: AccountSession): Promise<void> {
    await this.sql.query(`DELETE FROM account_session WHERE token_hash = $1`, [session.id]);
  }

  /** Ends every session of the subscriber, on every device. */
  async revokeAll(subscriberId: string): Promise<void> {
    await this.sql.query(`DELETE FROM account_session WHERE subscriber_id = $1`, [subscriberId]);
  }

  checkCsrf(session: AccountSession, token: unknown): boolean {
    return typeof token === 'string' && safeEqual(token, session.csrf);
  }
}
