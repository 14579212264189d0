/**
 * The delivery ledger in PostgreSQL (plain SQL through the TypeORM DataSource). Rows move
 * scheduled → sending → sent | dead | blocked; every transition is one conditional UPDATE, so two
 * workers holding the same job cannot both send a row, and a re-run of a sent row does nothing.
 * The reads are in delivery-queries.ts.
 */
import type { EntityManager } from 'typeorm';
import type { PublishedSignal, SignalUpdate } from '../signals/signal.js';
import { DeliveryQueries } from './delivery-queries.js';
import {
  CLAIMED_COLUMNS,
  earliestFirst,
  insertedRow,
  jobsOfRows,
  rowColumns,
  rowJobKey,
  unclaimed,
} from './delivery-inserts.js';
import {
  toRow,
  ts,
  updated,
  type DeliveryRow,
  type DigestRef,
  type EventKind,
  type PlannedJob,
  type PlannedRow,
  type QueuedJob,
  type RawRow,
  type SentRecord,
} from './delivery-records.js';

export type {
  DelayStats,
  DeliveryRow,
  DeliveryStatus,
  EventKind,
  PlannedJob,
  PlannedRow,
  QueuedJob,
  SentRecord,
  StoredEvent,
} from './delivery-records.js';

type EventRef = { eventId: string; signalId: string; kind: EventKind; eventAt: number };

/** Rows written by one INSERT at most (a larger plan part is several, in one transaction). */
const INSERT_CHUNK = 5_000;

export class DeliveryStore extends DeliveryQueries {
  /**
   * Opens an event with the first rows of its plan: the rows its first sends need (Premium's
   * broadcasts), committed before the rest of the plan is even read. A new event and its rows are
   * one statement (one round trip; atomic on its own) and its jobs carry their rows as inserted.
   * Opening the same event again (same signal, kind and time) adds only the rows it lacks, in one
   * transaction. The returned jobs are the scheduled ones among `rows`' jobs.
   */
  async openEvent(
    event: { signal: PublishedSignal; update: SignalUpdate | null; eventAt: number },
    rows: PlannedRow[],
  ): Promise<{ eventId: string; created: boolean; jobs: PlannedJob[] }> {
    const kind: EventKind = event.update ? event.update.kind : 'signal';
    const opened = await this.openNewEvent(event, kind, rows);
    if (opened) return { ...opened, created: true };
    return this.dataSource.transaction(async (m) => {
      const found: { id: string }[] = await m.query(
        `SELECT id FROM distribution_event WHERE signal_id = $1 AND kind = $2 AND event_at = $3`,
        [event.signal.id, kind, ts(event.eventAt)],
      );
      const eventId = String(found[0].id);
      const ref = { eventId, signalId: event.signal.id, kind, eventAt: event.eventAt };
      const jobs = await this.insertRowsAndJobs(m, ref, unclaimed(rows), false);
      return { eventId, created: false, jobs };
    });
  }

  /**
   * A new event with its rows, in one statement; null when the event exists already. The rows'
   * job keys are the id the statement assigns followed by each key's tail.
   */
  private async openNewEvent(
    event: { signal: PublishedSignal; update: SignalUpdate | null; eventAt: number },
    kind: EventKind,
    rows: PlannedRow[],
  ): Promise<{ eventId: string; jobs: PlannedJob[] } | null> {
    const result: (RawRow & { opened: string })[] = await this.dataSource.query(
      `WITH ev AS (
         INSERT INTO distribution_event (signal_id, kind, signal, update, event_at)
         VALUES ($1::text, $2::text, $3, $4, $5::timestamptz)
         ON CONFLICT (signal_id, kind, event_at) DO NOTHING RETURNING id),
       ins AS (
         INSERT INTO delivery (event_id, signal_id, kind, tier, channel, recipient, address,
                               unsubscribe_url, published_at, promised_at, status, attempts,
                               sending_since, job_key)
         SELECT ev.id, $1::text, $2::text, t.tier, t.channel, t.recipient, t.address, t.unsub,
                $5::timestamptz, t.promised, ${CLAIMED_COLUMNS}, ev.id::text || t.key_tail
           FROM ev, unnest($6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                           $11::timestamptz[], $12::timestamptz[], $13::text[])
             AS t(tier, channel, recipient, address, unsub, promised, since, key_tail)
         RETURNING *)
       SELECT ev.id AS opened, ins.* FROM ev LEFT JOIN ins ON true`,
      [
        event.signal.id,
        kind,
        JSON.stringify(event.signal),
        event.update ? JSON.stringify(event.update) : null,
        ts(event.eventAt),
        ...rowColumns(rows),
        rows.map((r) => rowJobKey('', r)),
      ],
    );
    if (result.length === 0) return null;
    const inserted = result.filter((r) => r.id !== null).map(toRow);
    return { eventId: String(result[0].opened), jobs: jobsOfRows(inserted) };
  }

  /**
   * More rows of an opened event's plan (atomically); a row already planned (same tier, channel,
   * recipient) is kept as it is. Returns the scheduled jobs among these rows' jobs, with their
   * rows when `withRows` (and every row was new).
   */
  async addRows(
    ref: EventRef,
    rows: PlannedRow[],
    options: { withRows?: boolean } = {},
  ): Promise<PlannedJob[]> {
    if (rows.length === 0) return [];
    const withRows = options.withRows ?? false;
    // One statement commits on its own: no transaction (two round trips fewer) when one will do.
    if (rows.length <= INSERT_CHUNK) {
      return this.insertRowsAndJobs(this.dataSource.manager, ref, rows, withRows);
    }
    return this.dataSource.transaction((m) => this.insertRowsAndJobs(m, ref, rows, withRows));
  }

  /** Every scheduled job of an event (a replayed plan queues them again). */
  eventJobs(eventId: string): Promise<QueuedJob[]> {
    return this.scheduledJobs(this.dataSource.manager, eventId, null);
  }

  /**
   * A tier's digest of a day: its event (once) and a row per recipient not planned yet (a
   * subscriber who chose digest later in the day joins it). Returns the jobs still scheduled.
   */
  async planDigest(
    digest: DigestRef,
    at: number,
    rows: PlannedRow[],
  ): Promise<{ eventId: string; jobs: QueuedJob[] }> {
    const signalId = `digest:${digest.day}:${digest.tier}`;
    return this.dataSource.transaction(async (m) => {
      await m.query(
        `INSERT INTO distribution_event (signal_id, kind, signal, update, event_at)
         VALUES ($1, 'digest', $2, NULL, $3) ON CONFLICT (signal_id, kind, event_at) DO NOTHING`,
        [signalId, JSON.stringify(digest), ts(at)],
      );
      const existing: { id: string }[] = await m.query(
        `SELECT id FROM distribution_event WHERE signal_id = $1 AND kind = 'digest' AND event_at = $2`,
        [signalId, ts(at)],
      );
      const eventId = String(existing[0].id);
      const ref = { eventId, signalId, kind: 'digest' as const, eventAt: at };
      await this.insertRows(
        m,
        ref,
        rows,
        rows.map((r) => rowJobKey(eventId, r)),
        false,
      );
      return { eventId, jobs: await this.scheduledJobs(m, eventId, null) };
    });
  }

  /**
   * The rows and the scheduled jobs among their jobs. When every row was new (a first plan, not a
   * replay) those are simply the rows' own jobs, and the ledger is not asked again.
   */
  private async insertRowsAndJobs(
    m: EntityManager,
    ref: EventRef,
    rows: PlannedRow[],
    withRows: boolean,
  ): Promise<PlannedJob[]> {
    const keys = rows.map((r) => rowJobKey(ref.eventId, r));
    // Rows are inserted claimed only for jobs that run on the rows as inserted.
    const inserted = await this.insertRows(
      m,
      ref,
      withRows ? rows : unclaimed(rows),
      keys,
      withRows,
    );
    const count = typeof inserted === 'number' ? inserted : inserted.length;
    if (count < rows.length) {
      // Part of it was planned before (a replay): its jobs are queued and read the ledger, so no
      // row of this insert may stay claimed.
      if (typeof inserted !== 'number') {
        const claimed = inserted.filter((r) => r.status === 'sending').map((r) => r.id);
        if (claimed.length > 0) await this.releaseIn(m, claimed);
      }
      return this.scheduledJobs(m, ref.eventId, [...new Set(keys)]);
    }
    if (typeof inserted !== 'number') return jobsOfRows(inserted);
    const earliest = new Map<string, number>();
    rows.forEach((r, i) => {
      const at = earliest.get(keys[i]);
      if (at === undefined || r.promisedAt < at) earliest.set(keys[i], r.promisedAt);
    });
    return [...earliest]
      .map(([jobKey, promisedAt]) => ({ jobKey, promisedAt }))
      .sort(earliestFirst);
  }

  /**
   * The rows of an event; a row already planned (same tier, channel, recipient) is kept. Returns
   * how many rows were new, or the new rows themselves when `returning`.
   */
  private async insertRows(
    m: EntityManager,
    ref: EventRef,
    rows: PlannedRow[],
    keys: string[],
    returning: boolean,
  ): Promise<number | DeliveryRow[]> {
    const insert = `INSERT INTO delivery (event_id, signal_id, kind, tier, channel, recipient,
                               address, unsubscribe_url, published_at, promised_at, status,
                               attempts, sending_since, job_key)
           SELECT $1::bigint, $2, $3, t.tier, t.channel, t.recipient, t.address, t.unsub, $4,
                  t.promised, ${CLAIMED_COLUMNS}, t.job_key
             FROM unnest($5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                         $10::timestamptz[], $11::timestamptz[], $12::text[])
               AS t(tier, channel, recipient, address, unsub, promised, since, job_key)
           ON CONFLICT (event_id, tier, channel, recipient) DO NOTHING`;
    let inserted = 0;
    const out: DeliveryRow[] = [];
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const part = rows.slice(i, i + INSERT_CHUNK);
      const params = [
        ref.eventId,
        ref.signalId,
        ref.kind,
        ts(ref.eventAt),
        ...rowColumns(part),
        keys.slice(i, i + INSERT_CHUNK),
      ];
      if (returning) {
        // Only the ids come back: the rest of each row is what was inserted (the first sends
        // wait for this answer, and parsing every column of it would be most of its cost).
        const ids: { id: string; tier: string; channel: string; recipient: string }[] =
          await m.query(`${insert} RETURNING id, tier, channel, recipient`, params);
        const byKey = new Map(part.map((r, k) => [`${r.tier}|${r.channel}|${r.recipient}`, k]));
        for (const { id, tier, channel, recipient } of ids) {
          const k = byKey.get(`${tier}|${channel}|${recipient}`)!;
          out.push(insertedRow(ref, part[k], String(id), keys[i + k]));
        }
      } else {
        const counted: { n: number }[] = await m.query(
          `WITH ins AS (${insert} RETURNING 1) SELECT count(*)::int AS n FROM ins`,
          params,
        );
        inserted += counted[0].n;
      }
    }
    return returning ? out : inserted;
  }

  /** The scheduled jobs of an event (of the given job keys only, unless null), earliest first. */
  private async scheduledJobs(
    m: EntityManager,
    eventId: string,
    keys: string[] | null,
  ): Promise<QueuedJob[]> {
    if (keys !== null && keys.length === 0) return [];
    const rows: { job_key: string; promised_at: Date }[] = await m.query(
      `SELECT job_key, min(promised_at) AS promised_at FROM delivery
        WHERE event_id = $1 AND status = 'scheduled'
          AND ($2::text[] IS NULL OR job_key = ANY($2::text[]))
        GROUP BY job_key ORDER BY 2, 1`,
      [eventId, keys],
    );
    return rows.map((r) => ({ jobKey: r.job_key, promisedAt: r.promised_at.getTime() }));
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

  /**
   * A failed send: back to scheduled (a retry), or dead / blocked. `refundAttempt` gives back the
   * attempt its claim counted (a rate-limited send: waiting for the platform is not a failure).
   */
  async markFailed(
    id: string,
    status: 'scheduled' | 'dead' | 'blocked',
    error: string,
    text: string | null = null,
    refundAttempt = false,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE delivery SET status = $2, last_error = $3, sending_since = NULL,
              text = COALESCE($4, text), attempts = attempts - CASE WHEN $5 THEN 1 ELSE 0 END
        WHERE id = $1 AND status = 'sending'`,
      [id, status, error.slice(0, 2000), text, refundAttempt],
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

  /** Moves a job's unsent rows' promise later (never earlier): the ledger keeps the real promise. */
  async deferPromise(jobKey: string, promisedAt: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE delivery SET promised_at = $2
        WHERE job_key = $1 AND status IN ('scheduled', 'sending') AND promised_at < $2`,
      [jobKey, ts(promisedAt)],
    );
  }

  /**
   * Shutdown: rows this worker claimed but did not finish go back to scheduled with their attempt
   * refunded (a row whose interrupted send was recorded as a retry is refunded too; a sent one is
   * left alone).
   */
  release(ids: string[]): Promise<number> {
    return this.releaseIn(this.dataSource.manager, ids);
  }

  private async releaseIn(m: EntityManager, ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const rows = updated<unknown>(
      await m.query(
        `UPDATE delivery SET status = 'scheduled', attempts = GREATEST(attempts - 1, 0),
              sending_since = NULL
        WHERE id = ANY($1::bigint[]) AND status IN ('sending', 'scheduled') RETURNING id`,
        [ids],
      ),
    );
    return rows.length;
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
}
