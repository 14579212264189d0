/**
 * Single-use emailed sign-in links (account_login_link): a random token in the link, its
 * SHA-256 in the table. Consuming a link is one UPDATE that only succeeds while the link is
 * unused and unexpired, so two clicks (or a replay) cannot both sign in.
 */
import { randomBytes } from 'node:crypto';
import { first, isoOf, type Sql } from '../database/sql.js';
import { returned } from '../subscribers/subscriber-store.js';
import { tokenHash } from './account-sessions.js';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export class LoginLinks {
  constructor(
    private readonly sql: Sql,
    private readonly ttlMs: number,
  ) {}

  /** A new link token for the subscriber. Expired links are swept on the way. */
  async create(subscriberId: string, nowMs: number): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.sql.query(`DELETE FROM account_login_link WHERE expires_at <= $1`, [
      isoOf(nowMs - this.ttlMs),
    ]);
    await this.sql.query(
      `INSERT INTO account_login_link (token_hash, subscriber_id, created_at, expires_at)
       VALUES ($1, $2, $3, $4)`,
      [tokenHash(token), subscriberId, isoOf(nowMs), isoOf(nowMs + this.ttlMs)],
    );
    return token;
  }

  /** Whether the link could still sign in (the page with the button says so before the POST). */
  async usable(token: string, nowMs: number): Promise<boolean> {
    if (!TOKEN.test(token)) return false;
    const row = await first<{ n: number }>(
      this.sql,
      `SELECT 1 AS n FROM account_login_link
        WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2`,
      [tokenHash(token), isoOf(nowMs)],
    );
    return row !== null;
  }

  /** Uses the link: the subscriber it signs in, once; null when unknown, used or expired. */
  async consume(token: string, nowMs: number): Promise<string | null> {
    if (!TOKEN.test(token)) return null;
    const res = (await this.sql.query(
      `UPDATE account_login_link SET used_at = $2
        WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
        RETURNING subscriber_id`,
      [tokenHash(token), isoOf(nowMs)],
    )) as { subscriber_id: string }[] | [{ subscriber_id: string }[], number];
    return returned(res)[0]?.subscriber_id ?? null;
  }
}
