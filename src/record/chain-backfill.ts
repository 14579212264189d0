/**
 * Entries lost in a crash. The recorder queues entries in memory, so a process that dies after
 * the engine stored a signal but before its entry was appended leaves a signal the chain does
 * not have. The engine's table says what was published and how it closed, so those entries can
 * be rebuilt exactly (the same canonical payload, so the same entry key: an entry appended
 * meanwhile by the live recorder is never doubled) and appended, oldest first. Stop moves are
 * rebuilt from the moves the engine stores with each signal (`stop_moves`, stored before the
 * move goes on the bus); a move made before the engine kept them cannot be. The tier delays
 * used are the ones in force now.
 */
import type { DataSource } from 'typeorm';
import { rows } from '../database/sql.js';
import { PAPER_ONLY_NOTE } from '../signals/signal-record.js';
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
  stop_moves: { at: number; newStop: number; reason: string }[];
  need_published: boolean;
  need_closed: boolean;
}

/** Entries of one signal at one time: published, then its stop moves, then its close. */
const KIND_ORDER: Record<string, number> = { published: 0, stop_moved: 1, closed: 2 };

/** SQL: a stored stop move `x` of signal `s` whose entry the chain lacks. */
const UNCHAINED_STOP = `NOT EXISTS (SELECT 1 FROM record_chain c
  WHERE c.entry_key = 'stop_moved:' || s.id || ':' || (x->>'at'))`;

/** The entries the engine's stored signals call for that the chain lacks, in time order. */
export async function missingEntries(
  ds: DataSource,
  delays: TierDelays,
  now: number,
): Promise<EntryPayload[]> {
  const found = await rows<UnchainedRow>(
    ds,
    `WITH s AS (
       SELECT id, status, published, outcome, history, stop_moves FROM engine_signal
        WHERE published IS NOT NULL
          AND NOT history @> $1::jsonb
       UNION ALL
       SELECT id, status, published, outcome, history, stop_moves FROM archive_engine_signal
        WHERE published IS NOT NULL
          AND NOT history @> $1::jsonb),
     n AS (
       SELECT s.*,
              NOT EXISTS (SELECT 1 FROM record_chain c
                           WHERE c.signal_id = s.id AND c.kind = 'published') AS need_published,
              (s.status = 'closed' AND s.outcome IS NOT NULL AND NOT EXISTS (
                 SELECT 1 FROM record_chain c WHERE c.signal_id = s.id AND c.kind = 'closed'))
                AS need_closed,
              coalesce((SELECT jsonb_agg(x ORDER BY (x->>'at')::bigint)
                          FROM jsonb_array_elements(s.stop_moves) x WHERE ${UNCHAINED_STOP}),
                       '[]') AS unchained_stops
         FROM s)
     SELECT id, published, outcome, history, unchained_stops AS stop_moves, need_published,
            need_closed
       FROM n
      WHERE need_published OR need_closed OR jsonb_array_length(unchained_stops) > 0`,
    // Paper-only signals were never distributed: the chain holds what subscribers were sent.
    [JSON.stringify([{ status: 'published', note: PAPER_ONLY_NOTE }])],
  );
  const out: EntryPayload[] = [];
  for (const r of found) {
    if (r.need_published) out.push(publishedPayload(r.published, delays));
    for (const m of r.stop_moves)
      out.push(
        updatePayload({
          signalId: r.id,
          kind: 'stop_moved',
          at: m.at,
          newStop: m.newStop,
          reason: m.reason,
        }),
      );
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
    .sort(
      (a, b) =>
        a.at - b.at ||
        KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
        (a.signalId < b.signalId ? -1 : a.signalId > b.signalId ? 1 : 0),
    );
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
