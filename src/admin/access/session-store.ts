import { createHash, randomBytes } from 'node:crypto';
import { safeEqual } from '../../common/safe-equal.js';
import { first, isoOf, msOf, rows, type Sql } from '../../database/sql.js';
import { isAdminRole, type AdminRole } from './roles.js';

/** A signed-in portal session: its row key, the CSRF token its forms carry, and its user. */
export interface AdminSession {
  id: string;
  csrf: string;
  userId: string;
  email: string;
  role: AdminRole;
}

/** A session as listed to its user or an admin (never the token or CSRF value). */
export interface AdminSessionInfo {
  /** A short public handle of the session (a prefix of the token's hash), for revoke forms. */
  handle: string;
  createdAt: number;
  lastSeenAt: number | null;
  expiresAt: number;
  ip: string | null;
  userAgent: string | null;
}

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');
const HANDLE_LENGTH = 16;
/** last_seen_at is written at most this often per session. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Portal sessions in the database (admin_session), so every API process knows them and a
 * logout or revoke ends the session everywhere. The cookie holds a random token; the table keeps
 * only its SHA-256, so a leaked row cannot be replayed as a cookie.
 */
export class AdminSessions {
  constructor(
    private readonly sql: Sql,
    private readonly ttlMs: number,
  ) {}

  /** A new session for a user; returns the cookie value. Expired rows are swept on the way. */
  async issue(
    userId: string,
    nowMs: number,
    client: { ip?: string; userAgent?: string } = {},
  ): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.sql.query(`DELETE FROM admin_session WHERE expires_at <= $1`, [isoOf(nowMs)]);
    await this.sql.query(
      `INSERT INTO admin_session
         (token_hash, csrf_token, created_at, expires_at, user_id, last_seen_at, ip, user_agent)
       VALUES ($1, $2, $3, $4, $5, $3, $6, $7)`,
      [
        hashOf(token),
        randomBytes(24).toString('base64url'),
        isoOf(nowMs),
        isoOf(nowMs + this.ttlMs),
        userId,
        client.ip?.slice(0, 64) ?? null,
        client.userAgent?.slice(0, 200) ?? null,
      ],
    );
    return token;
  }

  /** The session of a cookie value when it exists, is unexpired and its user enabled, else null. */
  async verify(cookie: string | undefined, nowMs: number): Promise<AdminSession | null> {
    if (!cookie || cookie.length > 200) return null;
    const row = await first<{
      token_hash: string;
      csrf_token: string;
      user_id: string;
      email: string;
      role: string;
      last_seen_at: Date | string | null;
    }>(
      this.sql,
      `SELECT s.token_hash, s.csrf_token, s.user_id, s.last_seen_at, u.email, u.role
         FROM admin_session s JOIN admin_user u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL`,
      [hashOf(cookie), isoOf(nowMs)],
    );
    if (!row || !isAdminRole(row.role)) return null;
    const seen = msOf(row.last_seen_at);
    if (seen === null || nowMs - seen >= TOUCH_EVERY_MS) {
      await this.sql.query(`UPDATE admin_session SET last_seen_at = $2 WHERE token_hash = $1`, [
        row.token_hash,
        isoOf(nowMs),
      ]);
    }
    return {
      id: row.token_hash,
      csrf: row.csrf_token,
      userId: String(row.user_id),
      email: row.email,
      role: row.role,
    };
  }

  /** A user's unexpired sessions, newest first. */
  async listFor(userId: string, nowMs: number): Promise<AdminSessionInfo[]> {
    const found = await rows<{
      token_hash: string;
      created_at: Date | string;
      last_seen_at: Date | string | null;
      expires_at: Date | string;
      ip: string | null;
      user_agent: string | null;
    }>(
      this.sql,
      `SELECT token_hash, created_at, last_seen_at, expires_at, ip, user_agent FROM admin_session
        WHERE user_id = $1 AND expires_at > $2 ORDER BY created_at DESC`,
      [userId, isoOf(nowMs)],
    );
    return found.map((r) => ({
      handle: r.token_hash.slice(0, HANDLE_LENGTH),
      createdAt: msOf(r.created_at)!,
      lastSeenAt: msOf(r.last_seen_at),
      expiresAt: msOf(r.expires_at)!,
      ip: r.ip,
      userAgent: r.user_agent,
    }));
  }

  /** Ends one session of a user by its handle; false when there is none. */
  async revokeHandle(userId: string, handle: string): Promise<boolean> {
    if (!/^[0-9a-f]{16}$/.test(handle)) return false;
    const done = await rows<{ token_hash: string }>(
      this.sql,
      // A CTE, so the driver answers rows (a bare DELETE … RETURNING answers [rows, count]).
      `WITH gone AS (
         DELETE FROM admin_session WHERE user_id = $1 AND left(token_hash, ${HANDLE_LENGTH}) = $2
         RETURNING token_hash)
       SELECT token_hash FROM gone`,
      [userId, handle],
    );
    return done.length > 0;
  }

  async revoke(session: { id: string }): Promise<void> {
    await this.sql.query(`DELETE FROM admin_session WHERE token_hash = $1`, [session.id]);
  }

  static handleOf(session: { id: string }): string {
    return session.id.slice(0, HANDLE_LENGTH);
  }

  checkCsrf(session: { csrf: string }, token: unknown): boolean {
    return typeof token === 'string' && safeEqual(token, session.csrf);
  }
}
