/**
 * The narrative store in PostgreSQL (`narrative`, `narrative_event`, migration 1765000900000).
 */
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import { first, isoOf, msOf, rows, type Sql } from '../../database/sql.js';
import type { Tier } from '../../vocabulary/tier.js';
import { NEW_YORK_ZONE } from '../../vocabulary/units.js';
import type { NarrativeFacts, NarrativeKind } from '../writer/facts.js';
import type { WriterProvider } from '../writer/writer-port.js';
import {
  NarrativeAlreadyApprovedError,
  type ApprovalState,
  type LateAnswer,
  type NarrativeAction,
  type NarrativeEntry,
  type NarrativeEvent,
  type NarrativeStore,
  type NarrativeVerdict,
  type VerdictDetail,
} from './narrative-store.js';

interface Row {
  id: string;
  kind: NarrativeKind;
  cache_key: string | null;
  signal_id: string | null;
  tier: Tier | null;
  writer: WriterProvider;
  model: string;
  facts_hash: string;
  facts: NarrativeFacts;
  raw_text: string | null;
  verdict: NarrativeVerdict;
  verdict_detail: VerdictDetail | null;
  used_text: string;
  used_source: 'model' | 'template';
  late: boolean;
  attempts: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: string;
  latency_ms: number | null;
  approval: ApprovalState;
  decided_at: Date | null;
  decided_by: string | null;
  note: string | null;
  sent_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

function entryOf(r: Row): NarrativeEntry {
  return {
    id: r.id,
    kind: r.kind,
    cacheKey: r.cache_key,
    signalId: r.signal_id,
    tier: r.tier,
    writer: r.writer,
    model: r.model,
    factsHash: r.facts_hash,
    facts: r.facts,
    rawText: r.raw_text,
    verdict: r.verdict,
    verdictDetail: r.verdict_detail,
    usedText: r.used_text,
    usedSource: r.used_source,
    late: r.late,
    attempts: r.attempts,
    inputTokens: r.input_tokens,
    outputTokens: r.output_tokens,
    costUsd: Number(r.cost_usd),
    latencyMs: r.latency_ms,
    approval: r.approval,
    decidedAt: msOf(r.decided_at),
    decidedBy: r.decided_by,
    note: r.note,
    sentAt: msOf(r.sent_at),
    createdAt: r.created_at.getTime(),
    updatedAt: r.updated_at.getTime(),
  };
}

/** UPDATE … RETURNING through TypeORM answers [rows, count]. */
function changed(result: unknown): number {
  if (Array.isArray(result) && Array.isArray(result[0])) return result[0].length;
  return Array.isArray(result) ? result.length : 0;
}

const UNIQUE_VIOLATION = '23505';

export class PostgresNarrativeStore implements NarrativeStore {
  private readonly sql: Sql;

  constructor(ds: DataSource) {
    this.sql = ds;
  }

  async insert(e: NarrativeEntry): Promise<void> {
    await this.sql.query(
      `INSERT INTO narrative (id, kind, cache_key, signal_id, tier, writer, model, facts_hash,
         facts, raw_text, verdict, verdict_detail, used_text, used_source, late, attempts,
         input_tokens, output_tokens, cost_usd, latency_ms, approval, decided_at, decided_by, note,
         sent_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
         $19, $20, $21, $22, $23, $24, $25, $26, $27)`,
      [
        e.id,
        e.kind,
        e.cacheKey,
        e.signalId,
        e.tier,
        e.writer,
        e.model,
        e.factsHash,
        JSON.stringify(e.facts),
        e.rawText,
        e.verdict,
        e.verdictDetail === null ? null : JSON.stringify(e.verdictDetail),
        e.usedText,
        e.usedSource,
        e.late,
        e.attempts,
        e.inputTokens,
        e.outputTokens,
        e.costUsd,
        e.latencyMs,
        e.approval,
        isoOf(e.decidedAt),
        e.decidedBy,
        e.note,
        isoOf(e.sentAt),
        isoOf(e.createdAt),
        isoOf(e.updatedAt),
      ],
    );
  }

  async updateLate(id: string, a: LateAnswer): Promise<void> {
    await this.sql.query(
      `UPDATE narrative SET model = $2, raw_text = $3, verdict = $4, verdict_detail = $5,
         attempts = $6, input_tokens = $7, output_tokens = $8, cost_usd = $9, latency_ms = $10,
         approval = $11, updated_at = $12
       WHERE id = $1`,
      [
        id,
        a.model,
        a.rawText,
        a.verdict,
        a.verdictDetail === null ? null : JSON.stringify(a.verdictDetail),
        a.attempts,
        a.inputTokens,
        a.outputTokens,
        a.costUsd,
        a.latencyMs,
        a.approval,
        isoOf(a.updatedAt),
      ],
    );
  }

  async get(id: string): Promise<NarrativeEntry | null> {
    const r = await first<Row>(this.sql, `SELECT * FROM narrative WHERE id = $1`, [id]);
    return r ? entryOf(r) : null;
  }

  async firstByKey(cacheKey: string): Promise<NarrativeEntry | null> {
    const r = await first<Row>(
      this.sql,
      `SELECT * FROM narrative WHERE cache_key = $1 ORDER BY created_at, id LIMIT 1`,
      [cacheKey],
    );
    return r ? entryOf(r) : null;
  }

  async forSignal(signalId: string): Promise<NarrativeEntry[]> {
    const list = await rows<Row>(
      this.sql,
      `SELECT * FROM narrative WHERE signal_id = $1 ORDER BY created_at, id`,
      [signalId],
    );
    return list.map(entryOf);
  }

  async listByApproval(states: readonly ApprovalState[], limit = 200): Promise<NarrativeEntry[]> {
    const list = await rows<Row>(
      this.sql,
      `SELECT * FROM narrative WHERE approval = ANY($1::text[])
        ORDER BY created_at DESC, id LIMIT $2`,
      [states, limit],
    );
    return list.map(entryOf);
  }

  async decide(
    id: string,
    from: readonly ApprovalState[],
    to: 'approved' | 'held',
    by: string,
    at: number,
    note: string | null,
  ): Promise<boolean> {
    try {
      const result = await this.sql.query(
        `UPDATE narrative SET approval = $3, decided_at = $4, decided_by = $5,
           note = coalesce($6, note), updated_at = $4
         WHERE id = $1 AND approval = ANY($2::text[]) RETURNING id`,
        [id, from, to, isoOf(at), by, note],
      );
      return changed(result) > 0;
    } catch (err) {
      if ((err as { code?: string }).code === UNIQUE_VIOLATION)
        throw new NarrativeAlreadyApprovedError(id);
      throw err;
    }
  }

  async unsentApproved(): Promise<NarrativeEntry[]> {
    const list = await rows<Row>(
      this.sql,
      `SELECT * FROM narrative WHERE approval = 'approved' AND sent_at IS NULL
        ORDER BY decided_at, id`,
    );
    return list.map(entryOf);
  }

  async markSent(id: string, at: number): Promise<boolean> {
    const result = await this.sql.query(
      `UPDATE narrative SET sent_at = $2, updated_at = $2 WHERE id = $1 AND sent_at IS NULL
       RETURNING id`,
      [id, isoOf(at)],
    );
    return changed(result) > 0;
  }

  async record(id: string, e: NarrativeEvent): Promise<void> {
    await this.sql.query(
      `INSERT INTO narrative_event (narrative_id, at, action, by, note) VALUES ($1, $2, $3, $4, $5)`,
      [id, isoOf(e.at), e.action, e.by, e.note],
    );
  }

  async history(id: string): Promise<NarrativeEvent[]> {
    const list = await rows<{ at: Date; action: NarrativeAction; by: string; note: string | null }>(
      this.sql,
      `SELECT at, action, by, note FROM narrative_event WHERE narrative_id = $1 ORDER BY id`,
      [id],
    );
    return list.map((r) => ({ at: r.at.getTime(), action: r.action, by: r.by, note: r.note }));
  }

  async spentOn(day: string): Promise<number> {
    const start = DateTime.fromISO(day, { zone: NEW_YORK_ZONE }).startOf('day');
    if (!start.isValid) return 0;
    const r = await first<{ usd: string | null }>(
      this.sql,
      `SELECT sum(cost_usd) AS usd FROM narrative WHERE created_at >= $1 AND created_at < $2`,
      [start.toUTC().toISO(), start.plus({ days: 1 }).toUTC().toISO()],
    );
    return Number(r?.usd ?? 0);
  }
}
