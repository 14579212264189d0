/**
 * The delivery ledger in PostgreSQL (plain SQL through the TypeORM DataSource). Rows move
 * scheduled → sending → sent | dead | blocked; every transition is one conditional UPDATE, so two
 * workers holding the same job cannot both send a row, and a re-run of a sent row does nothing.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { Tier } from '../vocabulary/tier.js';
import type { PublishedSignal, SignalUpdate } from '../signals/signal.js';
import type { TierChannel } from './tier-policy.js';

export type DeliveryStatus = 'scheduled' | 'sending' | 'sent' | 'dead' | 'blocked';
export type EventKind = 'signal' | SignalUpdate['kind'];

export interface PlannedRow {
  tier: Tier;
  channel: TierChannel;
  /** subscriberId, '' for broadcasts. */
  recipient: string;
  address: string | null;
  unsubscribeUrl: string | null;
  promisedAt: number;
  /** Suffix of the job key: rows with the same suffix are sent by one job. */
  batch: string;
}

export interface DeliveryRow {
  id: string;
  eventId: string;
  signalId: string;
  kind: EventKind;
  tier: Tier;
  channel: TierChannel;
  recipient: string;
  address: string | null;
  unsubscribeUrl: string | null;
  publishedAt: number;
  promisedAt: number;
  jobKey: string;
  status: DeliveryStatus;
  attempts: number;
  sendingSince: number | null;
  sentAt: number | null;
  providerMessageId: string | null;
  sentVia: string | null;
  lastError: string | null;
  text: string | null;
}

export interface StoredEvent {
  id: string;
  signal: PublishedSignal;
  update: SignalUpdate | null;
}

export interface QueuedJob {
  jobKey: string;
  promisedAt: number;
}

interface RawRow {
  id: string;
  event_id: string;
  signal_id: string;
  kind: EventKind;
  tier: Tier;
  channel: TierChannel;
  recipient: string;
  address: string | null;
  unsubscribe_url: string | null;
  published_at: Date;
  promised_at: Date;
  job_key: string;
  status: DeliveryStatus;
  attempts: number;
  sending_since: Date | null;
  sent_at: Date | null;
  provider_message_id: string | null;
  sent_via: string | null;
  last_error: string | null;
  text: string | null;
}

const ms = (d: Date | null): number | null => (d ? d.getTime() : null);
const ts = (n: number): string => new Date(n).toISOString();

function toRow(r: RawRow): DeliveryRow {
  return {
    id: String(r.id),
    eventId: String(r.event_id),
    signalId: r.signal_id,
    kind: r.kind,
    tier: r.tier,
    channel: r.channel,
    recipient: r.recipient,
    address: r.address,
    unsubscribeUrl: r.unsubscribe_url,
    publishedAt: r.published_at.getTime(),
    promisedAt: r.promised_at.getTime(),
    jobKey: r.job_key,
    status: r.status,
    attempts: r.attempts,
    sendingSince: ms(r.sending_since),
    sentAt: ms(r.sent_at),
    providerMessageId: r.provider_message_id,
    sentVia: r.sent_via,
    lastError: r.last_error,
    text: r.text,
  };
}

export interface SentRecord {
  id: string;
  sentAt: number;
  providerMessageId: string;
  via: string;
  text: string;
}

export interface DelayStats {
  signalId?: string;
  tier: Tier;
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  minMs: number;
}

export class DeliveryStore {
  constructor(readonly dataSource: DataSource) {}

  /**
   * Writes an event and its whole delivery plan in one transaction. Planning the same event twice
   * (same signal, kind and time) writes nothing new; the returned jobs are those still scheduled.
   */
  async planEvent(
    event: { signal: PublishedSignal; update: SignalUpdate | null; eventAt: number },
    rows: PlannedRow[],
  ): Promise<{ eventId: string; created: boolean; jobs: QueuedJob[] }> {
    const kind: EventKind = event.update ? event.update.kind : 'signal';
    return this.dataSource.transaction(async (m) => {
      const inserted: { id: string }[] = await m.query(
        `INSERT INTO distribution_event (signal_id, kind, signal, update, event_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (signal_id, kind, event_at) DO NOTHING RETURNING id`,
        [
          event.signal.id,
          kind,
          JSON.stringify(event.signal),
          event.update ? JSON.stringify(event.update) : null,
          ts(event.eventAt),
        ],
      );
      if (inserted.length === 0) {
        const existing: { id: string }[] = await m.query(
          `SELECT id FROM distribution_event WHERE signal_id = $1 AND kind = $2 AND event_at = $3`,
          [event.signal.id, kind, ts(event.eventAt)],
        );
        const eventId = String(existing[0].id);
        return { eventId, created: false, jobs: await this.scheduledJobs(m, eventId) };
      }
      const eventId = String(inserted[0].id);
      const chunk = 5_000;
      for (let i = 0; i < rows.length; i += chunk) {
        const part = rows.slice(i, i + chunk);
        await m.query(
          `INSERT INTO delivery (event_id, signal_id, kind, tier, channel, recipient, address,
                                 unsubscribe_url, published_at, promised_at, job_key)
           SELECT $1::bigint, $2, $3, t.tier, t.channel, t.recipient, t.address, t.unsub, $4, t.promised,
                  $1::text || '.' || t.batch
             FROM unnest($5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                         $10::timestamptz[], $11::text[])
               AS t(tier, channel, recipient, address, unsub, promised, batch)`,
          [
            eventId,
            event.signal.id,
            kind,
            ts(event.eventAt),
            part.map((r) => r.tier),
            part.map((r) => r.channel),
            part.map((r) => r.recipient),
            part.map((r) => r.address),
            part.map((r) => r.unsubscribeUrl),
            part.map((r) => ts(r.promisedAt)),
            part.map((r) => r.batch),
          ],
        );
      }
      return { eventId, created: true, jobs: await this.scheduledJobs(m, eventId) };
    });
  }

  private async scheduledJobs(m: EntityManager, eventId: string): Promise<QueuedJob[]> {
    const rows: { job_key: string; promised_at: Date }[] = await m.query(
      `SELECT job_key, min(promised_at) AS promised_at FROM delivery
        WHERE event_id = $1 AND status = 'scheduled' GROUP BY job_key ORDER BY 2, 1`,
      [eventId],
    );
    return rows.map((r) => ({ jobKey: r.job_key, promisedAt: r.promised_at.getTime() }));
  }

  async signalEvent(signalId: string): Promise<PublishedSignal | null> {
    const rows: { signal: PublishedSignal }[] = await this.dataSource.query(
      `SELECT signal FROM distribution_event WHERE signal_id = $1 AND kind = 'signal' LIMIT 1`,
      [signalId],
    );
    return rows[0]?.signal ?? null;
  }

  async event(eventId: string): Promise<StoredEvent | null> {
    const rows: { id: string; signal: PublishedSignal; update: SignalUpdate | null }[] =
      await this.dataSource.query(
        `SELECT id, signal, update FROM distribution_event WHERE id = $1`,
        [eventId],
      );
    const r = rows[0];
    return r ? { id: String(r.id), signal: r.signal, update: r.update } : null;
  }

  /** Rows of a job that may still need sending (scheduled, or sending — possibly abandoned). */
  async openRowsOfJob(jobKey: string): Promise<DeliveryRow[]> {
    const rows: RawRow[] = await this.dataSource.query(
      `SELECT * FROM delivery WHERE job_key = $1 AND status IN ('scheduled', 'sending') ORDER BY id`,
      [jobKey],
    );
    return rows.map(toRow);
  }

  /**
   * Claims rows for sending: scheduled ones, and ones left in `sending` longer than the lease
   * (a worker died mid-send). Returns the claimed rows with their new attempt count.
   */
  async claim(ids: string[], now: number, staleBefore: number): Promise<DeliveryRow[]> {
    if (ids.length === 0) return [];
    const rows = updated<RawRow>(
      await this.dataSource.query(
        `UPDATE delivery SET status = 'sending', sending_since = $2, attempts = attempts + 1
        WHERE id = ANY($1::bigint[])
          AND (status = 'scheduled' OR (status = 'sending' AND sending_since < $3))
        RETURNING *`,
        [ids, ts(now), ts(staleBefore)],
      ),
    );
    return rows.map(toRow).sort((a, b) => Number(a.id) - Number(b.id));
  }

  async markSent(
    id: string,
    result: { sentAt: number; providerMessageId: string; via: string; text: string },
  ): Promise<boolean> {
    const rows = updated<unknown>(
      await this.dataSource.query(
        `UPDATE delivery SET status = 'sent', sent_at = $2, provider_message_id = $3, sent_via = $4,
              text = $5, last_error = NULL, sending_since = NULL
        WHERE id = $1 AND status = 'sending' RETURNING id`,
        [id, ts(result.sentAt), result.providerMessageId, result.via, result.text],
      ),
    );
    return rows.length > 0;
  }

  /**
   * One UPDATE for several sent rows (one commit instead of one per message); for each record,
   * whether its row was still `sending` (and is now sent).
   */
  async markSentEach(results: SentRecord[]): Promise<boolean[]> {
    if (results.length === 0) return [];
    const rows = updated<{ id: string }>(
      await this.dataSource.query(
        `UPDATE delivery d SET status = 'sent', sent_at = v.sent_at, provider_message_id = v.pid,
                sent_via = v.via, text = v.text, last_error = NULL, sending_since = NULL
           FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[])
             AS v(id, sent_at, pid, via, text)
          WHERE d.id = v.id AND d.status = 'sending' RETURNING d.id`,
        [
          results.map((r) => r.id),
          results.map((r) => ts(r.sentAt)),
          results.map((r) => r.providerMessageId),
          results.map((r) => r.via),
          results.map((r) => r.text),
        ],
      ),
    );
    const marked = new Set(rows.map((r) => String(r.id)));
    return results.map((r) => marked.has(r.id));
  }

  async markFailed(
    id: string,
    status: 'scheduled' | 'dead' | 'blocked',
    error: string,
    text: string | null = null,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE delivery SET status = $2, last_error = $3, sending_since = NULL,
              text = COALESCE($4, text)
        WHERE id = $1 AND status = 'sending'`,
      [id, status, error.slice(0, 2000), text],
    );
  }

  async recordAlert(
    deliveryId: string | null,
    kind: string,
    detail: Record<string, unknown>,
    at: number,
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO distribution_alert (delivery_id, kind, detail, at) VALUES ($1, $2, $3, $4)`,
      [deliveryId, kind, JSON.stringify(detail), ts(at)],
    );
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

  /** Dead-lettered or blocked → scheduled again with a fresh attempt budget. */
  async resend(id: string): Promise<DeliveryRow | null> {
    const rows = updated<RawRow>(
      await this.dataSource.query(
        `UPDATE delivery SET status = 'scheduled', attempts = 0, last_error = NULL,
              sending_since = NULL
        WHERE id = $1 AND status IN ('dead', 'blocked') RETURNING *`,
        [id],
      ),
    );
    return rows[0] ? toRow(rows[0]) : null;
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
                 FROM delivery WHERE status = 'sent' ${filter}) x
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

/** TypeORM returns UPDATE … RETURNING as [rows, rowCount]; SELECT as rows. */
function updated<T>(result: unknown): T[] {
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}
