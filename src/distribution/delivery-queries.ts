/**
 * Reads of the delivery ledger: the events, a job's open rows, the jobs the reconciler must see
 * queued, and the operator API's listings and statistics.
 */
import type { DataSource } from 'typeorm';
import type { Tier } from '../vocabulary/tier.js';
import type { PublishedSignal, SignalUpdate } from '../signals/signal.js';
import {
  toRow,
  ts,
  type DayEvent,
  type DelayStats,
  type DigestRef,
  type DeliveryRow,
  type DeliveryStatus,
  type EventKind,
  type OperatorAlertNote,
  type QueuedJob,
  type RawRow,
  type ReportRef,
  type StoredEvent,
} from './delivery-records.js';

export class DeliveryQueries {
  constructor(readonly dataSource: DataSource) {}

  async signalEvent(signalId: string): Promise<PublishedSignal | null> {
    const rows: { signal: PublishedSignal }[] = await this.dataSource.query(
      `SELECT signal FROM distribution_event WHERE signal_id = $1 AND kind = 'signal' LIMIT 1`,
      [signalId],
    );
    return rows[0]?.signal ?? null;
  }

  async event(eventId: string): Promise<StoredEvent | null> {
    const rows: {
      id: string;
      kind: EventKind;
      signal: unknown;
      update: SignalUpdate | null;
      event_at: Date;
    }[] = await this.dataSource.query(
      `SELECT id, kind, signal, update, event_at FROM distribution_event WHERE id = $1`,
      [eventId],
    );
    const r = rows[0];
    if (!r) return null;
    if (r.kind === 'digest')
      return { id: String(r.id), digest: r.signal as DigestRef, at: r.event_at.getTime() };
    if (r.kind === 'report')
      return { id: String(r.id), report: r.signal as ReportRef, at: r.event_at.getTime() };
    if (r.kind === 'operator_alert')
      return {
        id: String(r.id),
        operatorAlert: r.signal as OperatorAlertNote,
        at: r.event_at.getTime(),
      };
    return { id: String(r.id), signal: r.signal as PublishedSignal, update: r.update };
  }

  /** Signals and follow-ups with from ≤ event time < to, in order (what a digest reports). */
  async eventsBetween(from: number, to: number): Promise<DayEvent[]> {
    const rows: { signal: PublishedSignal; update: SignalUpdate | null; event_at: Date }[] =
      await this.dataSource.query(
        `SELECT signal, update, event_at FROM distribution_event
          WHERE kind NOT IN ('digest', 'report', 'operator_alert') AND event_at >= $1 AND event_at < $2 ORDER BY event_at, id`,
        [ts(from), ts(to)],
      );
    return rows.map((r) => ({ signal: r.signal, update: r.update, eventAt: r.event_at.getTime() }));
  }

  /** Whether the signal had an update of this kind before `at` (replays see the same answer). */
  async hadEarlierUpdate(signalId: string, kind: EventKind, at: number): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM distribution_event WHERE signal_id = $1 AND kind = $2 AND event_at < $3 LIMIT 1`,
      [signalId, kind, ts(at)],
    );
    return rows.length > 0;
  }

  /**
   * The Premium rows of an event: how many are still to go out (scheduled or sending) and when the
   * first was sent — what a lower tier's promise is measured from. Only rows promised by `dueBy`
   * count as open: a Premium reader held by quiet hours until morning must not hold back a lower
   * tier's message that is due now.
   */
  async premiumProgress(
    eventId: string,
    dueBy?: number,
  ): Promise<{ total: number; open: number; firstSentAt: number | null }> {
    const rows: { total: string; open: string; first: Date | null }[] = await this.dataSource.query(
      `SELECT count(*) AS total,
              count(*) FILTER (WHERE status IN ('scheduled', 'sending')
                                AND ($2::timestamptz IS NULL OR promised_at <= $2)) AS open,
              min(sent_at) AS first
         FROM delivery WHERE event_id = $1 AND tier = 'premium'`,
      [eventId, dueBy === undefined ? null : ts(dueBy)],
    );
    const r = rows[0];
    return {
      total: Number(r.total),
      open: Number(r.open),
      firstSentAt: r.first?.getTime() ?? null,
    };
  }

  /** Rows of a job that may still need sending (scheduled, or sending — possibly abandoned). */
  async openRowsOfJob(jobKey: string): Promise<DeliveryRow[]> {
    const rows: RawRow[] = await this.dataSource.query(
      `SELECT * FROM delivery WHERE job_key = $1 AND status IN ('scheduled', 'sending') ORDER BY id`,
      [jobKey],
    );
    return rows.map(toRow);
  }

  async alerts(): Promise<
    { deliveryId: string | null; kind: string; detail: unknown; at: number }[]
  > {
    const rows: { delivery_id: string | null; kind: string; detail: unknown; at: Date }[] =
      await this.dataSource.query(`SELECT * FROM distribution_alert ORDER BY id`);
    return rows.map((r) => ({
      deliveryId: r.delivery_id ? String(r.delivery_id) : null,
      kind: r.kind,
      detail: r.detail,
      at: r.at.getTime(),
    }));
  }

  /** Jobs whose rows are scheduled (or stuck sending past the lease), earliest promise first. */
  async openJobs(staleBefore: number): Promise<QueuedJob[]> {
    const rows: { job_key: string; promised_at: Date }[] = await this.dataSource.query(
      `SELECT job_key, min(promised_at) AS promised_at FROM delivery
        WHERE status = 'scheduled' OR (status = 'sending' AND sending_since < $1)
        GROUP BY job_key ORDER BY 2`,
      [ts(staleBefore)],
    );
    return rows.map((r) => ({ jobKey: r.job_key, promisedAt: r.promised_at.getTime() }));
  }

  async get(id: string): Promise<DeliveryRow | null> {
    const rows: RawRow[] = await this.dataSource.query(`SELECT * FROM delivery WHERE id = $1`, [
      id,
    ]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  async list(
    query: {
      since?: number;
      signalId?: string;
      status?: DeliveryStatus;
      limit?: number;
      afterId?: string;
    } = {},
  ): Promise<DeliveryRow[]> {
    const where: string[] = ['id > $1'];
    const params: unknown[] = [query.afterId ?? '0'];
    if (query.since !== undefined) {
      params.push(ts(query.since));
      where.push(`published_at >= $${params.length}`);
    }
    if (query.signalId) {
      params.push(query.signalId);
      where.push(`signal_id = $${params.length}`);
    }
    if (query.status) {
      params.push(query.status);
      where.push(`status = $${params.length}`);
    }
    params.push(query.limit ?? 1000);
    const rows: RawRow[] = await this.dataSource.query(
      `SELECT * FROM delivery WHERE ${where.join(' AND ')} ORDER BY id LIMIT $${params.length}`,
      params,
    );
    return rows.map(toRow);
  }

  async countByStatus(): Promise<Record<DeliveryStatus, number>> {
    const rows: { status: DeliveryStatus; n: string }[] = await this.dataSource.query(
      `SELECT status, count(*) AS n FROM delivery GROUP BY status`,
    );
    const out: Record<DeliveryStatus, number> = {
      scheduled: 0,
      sending: 0,
      sent: 0,
      dead: 0,
      blocked: 0,
    };
    for (const r of rows) out[r.status] = Number(r.n);
    return out;
  }

  /** p50 / p99 / max / min of sentAt − promisedAt per tier, optionally per signal. */
  async delayStats(query: { signalId?: string; perSignal?: boolean } = {}): Promise<DelayStats[]> {
    const params: unknown[] = [];
    let filter = '';
    if (query.signalId) {
      params.push(query.signalId);
      filter = `AND signal_id = $1`;
    }
    const group = query.perSignal || query.signalId ? 'signal_id, tier' : 'tier';
    const rows: {
      signal_id?: string;
      tier: Tier;
      n: string;
      p50: number;
      p99: number;
      mx: number;
      mn: number;
    }[] = await this.dataSource.query(
      `SELECT ${group}, count(*) AS n,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY d) AS p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY d) AS p99,
              max(d) AS mx, min(d) AS mn
         FROM (SELECT signal_id, tier,
                      extract(epoch FROM sent_at - promised_at) * 1000 AS d
                 FROM delivery WHERE status = 'sent' AND kind <> 'operator_alert' ${filter}) x
        GROUP BY ${group} ORDER BY ${group}`,
      params,
    );
    return rows.map((r) => ({
      ...(r.signal_id ? { signalId: r.signal_id } : {}),
      tier: r.tier,
      count: Number(r.n),
      p50Ms: Number(r.p50),
      p99Ms: Number(r.p99),
      maxMs: Number(r.mx),
      minMs: Number(r.mn),
    }));
  }
}
