import { createHash, randomBytes } from 'node:crypto';
import { safeEqual } from '../../common/safe-equal.js';
import { first, isoOf, type Sql } from '../../database/sql.js';

/** A signed-in portal session: its row key and the CSRF token its forms carry. */
export interface AdminSession {
  id: string;
  csrf: string;
}

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * Portal sessions in the database (admin_session), so every API process knows them and a
 * logout ends the session everywhere. The cookie holds a random token; the table keeps only its
 * SHA-256, so a leaked table row cannot be replayed as a cookie.
 */
export class AdminSessions {
  constructor(
    private readonly sql: Sql,
    private readonly ttlMs: number,
  ) {}

  /** A new session; returns the cookie value. Expired rows are swept on the way. */
  async issue(nowMs: number): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.sql.query(`DELETE FROM admin_session WHERE expires_at <= $1`, [isoOf(nowMs)]);
    await this.sql.query(
      `INSERT INTO admin_session (token_hash, csrf_token, created_at, expires_at)
       VALUES ($1, $2, $3, $4)`,
      [
        hashOf(token),
        randomBytes(24).toString('base64url'),
        isoOf(nowMs),
        isoOf(nowMs + this.ttlMs),
      ],
    );
    return token;
  }

  /** The session of a cookie value when it exists and is unexpired, else null. */
  async verify(cookie: string | undefined, nowMs: number): Promise<AdminSession | null> {
    if (!cookie || cookie.length > 200) return null;
    const row = await first<{ token_hash: string; csrf_token: string }>(
      this.sql,
      `SELECT token_hash, csrf_token FROM admin_session WHERE token_hash = $1 AND expires_at > $2`,
      [hashOf(cookie), isoOf(nowMs)],
    );
    return row ? { id: row.token_hash, csrf: row.csrf_token } : null;
  }

  async revoke(session: AdminSession): Promise<void> {
    await this.sql.query(`DELETE FROM admin_session WHERE token_hash = $1`, [session.id]);
  }

  checkCsrf(session: AdminSession, token: unknown): boolean {
    return typeof token === 'string' && safeEqual(token, session.csrf);
  }
}
