/**
 * The intake log of distribution (`distribution_publication`): each published signal or follow-up
 * as received from the bus, until its delivery plan is committed. Written before planning, so a
 * plan that fails (a database error at that moment) is replayed instead of lost.
 */
import type { DataSource } from 'typeorm';
import type { PublishedSignal, SignalUpdate } from '../signals/signal.js';
import { ts, updated, type EventKind } from './delivery-records.js';

export type Publication =
  { kind: 'signal'; signal: PublishedSignal } | { kind: 'update'; update: SignalUpdate };

export interface StoredPublication {
  id: string;
  publication: Publication;
  attempts: number;
}

/** What identifies a publication (the same triple identifies its distribution event). */
export function publicationKey(p: Publication): { signalId: string; kind: EventKind; at: number } {
  return p.kind === 'signal'
    ? { signalId: p.signal.id, kind: 'signal', at: p.signal.publishedAt }
    : { signalId: p.update.signalId, kind: p.update.kind, at: p.update.at };
}

export class PublicationStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Records a publication (once: receiving it again returns the same id). */
  async record(p: Publication, receivedAt: number): Promise<string> {
    const key = publicationKey(p);
    const payload = JSON.stringify(p.kind === 'signal' ? p.signal : p.update);
    const rows: { id: string }[] = await this.dataSource.query(
      `INSERT INTO distribution_publication (signal_id, kind, payload, event_at, received_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (signal_id, kind, event_at) DO UPDATE SET signal_id = EXCLUDED.signal_id
       RETURNING id`,
      [key.signalId, key.kind, payload, ts(key.at), ts(receivedAt)],
    );
    return String(rows[0].id);
  }

  /** Publications whose plan is not committed yet, in the order they happened. */
  async unplanned(limit = 100): Promise<StoredPublication[]> {
    const rows: { id: string; kind: EventKind; payload: unknown; attempts: number }[] =
      await this.dataSource.query(
        `SELECT id, kind, payload, attempts FROM distribution_publication
          WHERE planned_at IS NULL ORDER BY event_at, id LIMIT $1`,
        [limit],
      );
    return rows.map((r) => ({
      id: String(r.id),
      attempts: r.attempts,
      publication:
        r.kind === 'signal'
          ? { kind: 'signal', signal: r.payload as PublishedSignal }
          : { kind: 'update', update: r.payload as SignalUpdate },
    }));
  }

  /** Marks the plan committed; `note` says why nothing was planned, when nothing was. */
  async markPlanned(id: string, at: number, note: string | null = null): Promise<void> {
    await this.dataSource.query(
      `UPDATE distribution_publication SET planned_at = $2, last_error = $3 WHERE id = $1`,
      [id, ts(at), note],
    );
  }

  /** Counts a failed planning attempt; returns the attempts so far. */
  async markFailed(id: string, error: string): Promise<number> {
    const rows = updated<{ attempts: number }>(
      await this.dataSource.query(
        `UPDATE distribution_publication SET attempts = attempts + 1, last_error = $2
          WHERE id = $1 RETURNING attempts`,
        [id, error.slice(0, 2000)],
      ),
    );
    return rows[0]?.attempts ?? 0;
  }

  /** Whether the signal itself is still waiting for its plan (its follow-ups wait behind it). */
  async signalWaiting(signalId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM distribution_publication
        WHERE signal_id = $1 AND kind = 'signal' AND planned_at IS NULL LIMIT 1`,
      [signalId],
    );
    return rows.length > 0;
  }
}
