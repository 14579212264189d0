/**
 * The manual-mode queue in PostgreSQL (manual_candidate, migration 1765001000000): the engine
 * queues candidates here; any process lists them and records an operator's decision; the engine
 * process takes approved ones and executes them (the portal's TradingControls reads decisions
 * every second). Every move is one conditional UPDATE, so a candidate is executed at most once.
 */
import { isoOf, msOf, type Sql } from '../../database/sql.js';
import {
  MANUAL_QUEUE_TTL_MS,
  type ManualQueueEntry,
  type ManualQueueStore,
} from '../../risk/manual-queue.js';
import type { RiskVerdict } from '../../risk/risk-engine.js';

export const MANUAL_QUEUE = Symbol('ManualQueue');

interface Row {
  seq: string;
  verdict: RiskVerdict;
  queued_at: Date | string;
  expires_at: Date | string;
}

export type ManualDecision = 'approve' | 'reject';

const idOf = (seq: string | number) => `MQ-${seq}`;
/** 'MQ-12' → '12'; null for anything else (a 404, never a SQL error). */
const seqOf = (id: string): string | null => /^MQ-(\d{1,15})$/.exec(id)?.[1] ?? null;

const entryOf = (r: Row): ManualQueueEntry => ({
  id: idOf(r.seq),
  verdict: r.verdict,
  queuedAt: msOf(r.queued_at)!,
  expiresAt: msOf(r.expires_at)!,
});

/** UPDATE … RETURNING answers [rows, count] through TypeORM; SELECT answers rows. */
function returned<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]))
    return result[0] as T[];
  return result as T[];
}

export class PostgresManualQueue implements ManualQueueStore {
  constructor(
    private readonly sql: Sql,
    private readonly ttlMs = MANUAL_QUEUE_TTL_MS,
  ) {}

  async enqueue(verdict: RiskVerdict, now: number): Promise<ManualQueueEntry> {
    const c = verdict.candidate;
    const rows = returned<Row>(
      await this.sql.query(
        `INSERT INTO manual_candidate (strategy, symbol, verdict, queued_at, expires_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING seq, verdict, queued_at, expires_at`,
        [c.strategy, c.symbol, JSON.stringify(verdict), isoOf(now), isoOf(now + this.ttlMs)],
      ),
    );
    return entryOf(rows[0]);
  }

  async pending(now: number): Promise<ManualQueueEntry[]> {
    const rows = returned<Row>(
      await this.sql.query(
        `SELECT seq, verdict, queued_at, expires_at FROM manual_candidate
          WHERE status = 'pending' AND expires_at > $1 ORDER BY seq`,
        [isoOf(now)],
      ),
    );
    return rows.map(entryOf);
  }

  async waiting(now: number): Promise<number> {
    const rows = returned<{ n: string }>(
      await this.sql.query(
        `SELECT count(*) AS n FROM manual_candidate WHERE status = 'pending' AND expires_at > $1`,
        [isoOf(now)],
      ),
    );
    return Number(rows[0]?.n ?? 0);
  }

  async take(id: string, now: number): Promise<ManualQueueEntry | null> {
    const seq = seqOf(id);
    if (seq === null) return null;
    const rows = returned<Row>(
      await this.sql.query(
        `UPDATE manual_candidate SET status = 'executing'
          WHERE seq = $1 AND status IN ('pending', 'approved') AND expires_at > $2
          RETURNING seq, verdict, queued_at, expires_at`,
        [seq, isoOf(now)],
      ),
    );
    return rows[0] ? entryOf(rows[0]) : null;
  }

  /**
   * An operator's decision on a waiting candidate (from any process); the entry as it was, or
   * null when it is not waiting (unknown, decided already or expired).
   */
  async decide(
    id: string,
    decision: ManualDecision,
    actor: string,
    now: number,
  ): Promise<ManualQueueEntry | null> {
    const seq = seqOf(id);
    if (seq === null) return null;
    const rows = returned<Row>(
      await this.sql.query(
        `UPDATE manual_candidate SET status = $2, decided_by = $3, decided_at = $4
          WHERE seq = $1 AND status = 'pending' AND expires_at > $4
          RETURNING seq, verdict, queued_at, expires_at`,
        [seq, decision === 'approve' ? 'approved' : 'rejected', actor.slice(0, 254), isoOf(now)],
      ),
    );
    return rows[0] ? entryOf(rows[0]) : null;
  }

  /** Approved candidates the engine has not taken yet, oldest first. */
  async approved(): Promise<string[]> {
    const rows = returned<{ seq: string }>(
      await this.sql.query(
        `SELECT seq FROM manual_candidate WHERE status = 'approved' ORDER BY seq`,
      ),
    );
    return rows.map((r) => idOf(r.seq));
  }

  /** What came of an approval: the signal it opened, or nothing to execute at (expired, no quotes). */
  async settle(id: string, signalId: string | null): Promise<void> {
    const seq = seqOf(id);
    if (seq === null) return;
    await this.sql.query(
      `UPDATE manual_candidate SET status = $2, signal_id = $3
        WHERE seq = $1 AND status IN ('approved', 'executing')`,
      [seq, signalId ? 'executed' : 'failed', signalId],
    );
  }

  /** The outcome of a decided candidate (after an approval: its signal, when executed). */
  async outcome(id: string): Promise<{ status: string; signalId: string | null } | null> {
    const seq = seqOf(id);
    if (seq === null) return null;
    const rows = returned<{ status: string; signal_id: string | null }>(
      await this.sql.query(`SELECT status, signal_id FROM manual_candidate WHERE seq = $1`, [seq]),
    );
    return rows[0] ? { status: rows[0].status, signalId: rows[0].signal_id } : null;
  }
}
