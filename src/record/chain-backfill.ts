/**
 * Entries lost in a crash. The recorder queues entries in memory, so a process that dies after
 * the engine stored a signal but before its entry was appended leaves a signal the chain does
 * not have. The engine's table says what was published and how it closed, so those entries can
 * be rebuilt exactly (the same canonical payload, so the same entry key: an entry appended
 * meanwhile by the live recorder is never doubled) and appended, oldest first. Stop moves are
 * not stored by the engine and cannot be rebuilt. The tier delays used are the ones in force now.
 */
import type { DataSource } from 'typeorm';
import { rows } from '../database/sql.js';
import type { PublishedSignal } from '../signals/signal.js';
import {
  publishedPayload,
  updatePayload,
  type EntryPayload,
  type TierDelays,
} from './canonical.js';
import type { ChainStore } from './chain-store.js';

/** An entry younger than this may still be in a live recorder's queue: it is left alone. */
export const BACKFILL_GRACE_MS = 5 * 60_000;

interface UnchainedRow {
  id: string;
  published: PublishedSignal;
  outcome: { exitPrice: number; returnPct: number; reason: string } | null;
  history: { status: string; at: number }[];
  need_published: boolean;
  need_closed: boolean;
}

/** The entries the engine's stored signals call for that the chain lacks, in time order. */
export async function missingEntries(
  ds: DataSource,
  delays: TierDelays,
  now: number,
): Promise<EntryPayload[]> {
  const found = await rows<UnchainedRow>(
    ds,
    `WITH s AS (
       SELECT id, status, published, outcome, history FROM engine_signal WHERE published IS NOT NULL
       UNION ALL
       SELECT id, status, published, outcome, history FROM archive_engine_signal
        WHERE published IS NOT NULL)
     SELECT s.id, s.published, s.outcome, s.history,
            NOT EXISTS (SELECT 1 FROM record_chain c
                         WHERE c.signal_id = s.id AND c.kind = 'published') AS need_published,
            (s.status = 'closed' AND s.outcome IS NOT NULL AND NOT EXISTS (
               SELECT 1 FROM record_chain c WHERE c.signal_id = s.id AND c.kind = 'closed'))
              AS need_closed
       FROM s
      WHERE NOT EXISTS (SELECT 1 FROM record_chain c WHERE c.signal_id = s.id AND c.kind = 'published')
         OR (s.status = 'closed' AND s.outcome IS NOT NULL AND NOT EXISTS (
               SELECT 1 FROM record_chain c WHERE c.signal_id = s.id AND c.kind = 'closed'))`,
  );
  const out: EntryPayload[] = [];
  for (const r of found) {
    if (r.need_published) out.push(publishedPayload(r.published, delays));
    const closedAt = [...r.history].reverse().find((h) => h.status === 'closed')?.at;
    if (r.need_closed && r.outcome && closedAt !== undefined)
      out.push(
        updatePayload({
          signalId: r.id,
          kind: 'closed',
          at: closedAt,
          exitPrice: r.outcome.exitPrice,
          returnPct: r.outcome.returnPct,
          reason: r.outcome.reason,
        }),
      );
  }
  return out
    .filter((p) => p.at <= now - BACKFILL_GRACE_MS)
    .sort((a, b) => a.at - b.at || (a.kind === 'published' ? -1 : 1));
}

/** Appends the missing entries in time order; returns them. */
export async function backfillChain(
  ds: DataSource,
  store: ChainStore,
  delays: TierDelays,
  now: number,
): Promise<EntryPayload[]> {
  const missing = await missingEntries(ds, delays, now);
  for (const p of missing) await store.append(p, now);
  return missing;
}
