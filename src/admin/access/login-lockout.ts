import { first, isoOf, msOf, type Sql } from '../../database/sql.js';

/** After `threshold` failures a key is locked for base × 2^(failures − threshold), up to max. */
export interface LockoutRule {
  threshold: number;
  baseMs: number;
  maxMs: number;
}

const MINUTE = 60_000;
/** Failures older than this are forgotten: the count starts again. */
const FORGET_AFTER_MS = 24 * 60 * MINUTE;

/**
 * Two counters per failed sign-in: the (account, client IP) pair, and the client IP across
 * every account. There is deliberately no counter for an account across all IPs: an attacker
 * could then lock a real admin out from anywhere. Failing for someone else's email from your own
 * address locks only that pair (and your address); the real admin, signing in from theirs, is not
 * affected. Guessing from many addresses is slowed by argon2, the per-IP door limit and the
 * 12-character minimum password.
 */
export const LOGIN_LOCKOUT: Record<'pair' | 'ip', LockoutRule> = {
  pair: { threshold: 5, baseMs: 30_000, maxMs: 15 * MINUTE },
  ip: { threshold: 20, baseMs: 60_000, maxMs: 60 * MINUTE },
};

/** The lockout keys of one sign-in attempt. */
export function lockoutKeys(email: string, ip: string): { pair: string; ip: string } {
  return { pair: `pair:${email.trim().toLowerCase().slice(0, 254)}|${ip}`, ip: `ip:${ip}` };
}

/**
 * Failed portal logins counted in the database (admin_login_failure, shared by every API
 * process) with exponential back-off: while a key is locked even the right password is refused.
 */
export class LoginLockout {
  constructor(private readonly sql: Sql) {}

  /** Milliseconds until every given key is unlocked (0 = not locked). */
  async lockedFor(keys: string[], nowMs: number): Promise<number> {
    const row = await first<{ until: Date | string | null }>(
      this.sql,
      `SELECT max(locked_until) AS until FROM admin_login_failure
        WHERE key = ANY($1) AND locked_until > $2`,
      [keys, isoOf(nowMs)],
    );
    const until = msOf(row?.until ?? null);
    return until === null ? 0 : until - nowMs;
  }

  /** Counts a failure for each key; returns the longest lock now in force (0 = none). */
  async recordFailure(keys: Record<string, LockoutRule>, nowMs: number): Promise<number> {
    let lockedMs = 0;
    for (const [key, rule] of Object.entries(keys)) {
      const row = await first<{ failures: number }>(
        this.sql,
        `INSERT INTO admin_login_failure (key, failures, last_failure_at)
         VALUES ($1, 1, $2)
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN admin_login_failure.last_failure_at < $3 THEN 1
                           ELSE admin_login_failure.failures + 1 END,
           last_failure_at = $2
         RETURNING failures`,
        [key, isoOf(nowMs), isoOf(nowMs - FORGET_AFTER_MS)],
      );
      const failures = row?.failures ?? 1;
      if (failures < rule.threshold) continue;
      const lockMs = Math.min(rule.maxMs, rule.baseMs * 2 ** (failures - rule.threshold));
      await this.sql.query(`UPDATE admin_login_failure SET locked_until = $2 WHERE key = $1`, [
        key,
        isoOf(nowMs + lockMs),
      ]);
      lockedMs = Math.max(lockedMs, lockMs);
    }
    return lockedMs;
  }

  /** A successful login forgets the failures of its keys. */
  async reset(keys: string[]): Promise<void> {
    await this.sql.query(`DELETE FROM admin_login_failure WHERE key = ANY($1)`, [keys]);
  }
}
