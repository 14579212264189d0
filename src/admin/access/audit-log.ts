import type { Clock } from '../../common/clock.js';
import { isoOf, msOf, rows, type Sql } from '../../database/sql.js';

/** A JSON value the audit log keeps as the state before or after an action. */
export type AuditState =
  string | number | boolean | null | AuditState[] | { [k: string]: AuditState };

export interface AuditEntry {
  /** Who: an admin user's email, `api-token`, or `cli`. */
  actor: string;
  /** What, as `area.verb` (e.g. `controls.halt`, `user.create`, `subscriber.comp`). */
  action: string;
  /** On what (a subscriber id, a strategy name, a user's email…), or null. */
  target: string | null;
  before: AuditState;
  after: AuditState;
}

export interface AuditRecord extends AuditEntry {
  id: string;
  at: number;
}

export interface AuditQuery {
  /** Matched (case-insensitively) against actor, action and target. */
  q?: string;
  actor?: string;
  action?: string;
  /** Entries older than this id (paging). */
  beforeId?: string;
  limit?: number;
}

/** Keeps personal and secret values out of the log: fields with these names are masked. */
const SECRET_FIELD = /password|token|secret|hash|csrf/i;

function scrub(value: AuditState): AuditState {
  if (Array.isArray(value)) return value.map(scrub);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_FIELD.test(k) ? '[masked]' : scrub(v)]),
    );
  }
  return value;
}

/** The audit log (admin_audit): who did what to what, the state before → after, and when. */
export class AuditLog {
  constructor(
    private readonly sql: Sql,
    private readonly clock: Clock,
  ) {}

  async record(entry: AuditEntry): Promise<AuditRecord> {
    const at = this.clock.now();
    const [row] = await rows<{ id: string }>(
      this.sql,
      `INSERT INTO admin_audit (at, actor, action, target, before, after)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        isoOf(at),
        entry.actor.slice(0, 254),
        entry.action.slice(0, 100),
        entry.target?.slice(0, 300) ?? null,
        JSON.stringify(scrub(entry.before)),
        JSON.stringify(scrub(entry.after)),
      ],
    );
    return { ...entry, id: String(row.id), at };
  }

  /** Newest first. */
  async search(query: AuditQuery = {}): Promise<AuditRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: (n: number) => string, value: unknown) => {
      params.push(value);
      where.push(clause(params.length));
    };
    if (query.q) {
      const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      add(
        (n) => `(actor ILIKE $${n} OR action ILIKE $${n} OR coalesce(target, '') ILIKE $${n})`,
        like,
      );
    }
    if (query.actor) add((n) => `actor = $${n}`, query.actor);
    if (query.action) add((n) => `action = $${n}`, query.action);
    if (query.beforeId && /^\d{1,18}$/.test(query.beforeId))
      add((n) => `id < $${n}`, query.beforeId);
    params.push(Math.min(Math.max(query.limit ?? 100, 1), 500));
    const found = await rows<{
      id: string;
      at: Date | string;
      actor: string;
      action: string;
      target: string | null;
      before: AuditState;
      after: AuditState;
    }>(
      this.sql,
      `SELECT id, at, actor, action, target, before, after FROM admin_audit
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    return found.map((r) => ({
      id: String(r.id),
      at: msOf(r.at)!,
      actor: r.actor,
      action: r.action,
      target: r.target,
      before: r.before,
      after: r.after,
    }));
  }
}
