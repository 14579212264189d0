/**
 * Writes the constructed record day (test/support/record-day.ts) into the tables the record
 * reads: engine_signal, engine_fill, distribution_event + delivery, record_quote; and chains its
 * signals and follow-ups in publish order.
 */
import type { DataSource } from 'typeorm';
import { publishedPayload, updatePayload, type EntryPayload } from '../../src/record/canonical.js';
import type { ChainStore } from '../../src/record/chain-store.js';
import { QuoteTable } from '../../src/record/adapters/quote-table.js';
import {
  DAY_DELAYS,
  DAY_DELIVERIES,
  DAY_FILLS,
  DAY_QUOTES,
  DAY_SIGNALS,
  DAY_UPDATES,
} from './record-day.js';

const iso = (ms: number): string => new Date(ms).toISOString();

export async function insertEngineSignals(ds: DataSource): Promise<void> {
  for (const s of DAY_SIGNALS) {
    const closed = DAY_UPDATES.find((u) => u.signalId === s.id && u.kind === 'closed');
    // The stop moves as the engine stores them with the signal before sending them.
    const stops = DAY_UPDATES.filter((u) => u.signalId === s.id && u.kind === 'stop_moved').map(
      (u) => ({ at: u.at, newStop: u.newStop, reason: u.reason }),
    );
    await ds.query(
      `INSERT INTO engine_signal (id, status, strategy, setup, symbol, direction, candidate, published,
         explanation, outcome, history, stop_moves, created_at, updated_at)
       VALUES ($1, $2, $3, 'test', $4, $5, '{}', $6, '{}', $7, '[]', $9, $8, $8)`,
      [
        s.id,
        closed ? 'closed' : 'active',
        s.strategy,
        s.symbol,
        s.direction,
        JSON.stringify(s),
        closed
          ? JSON.stringify({
              exitPrice: closed.exitPrice,
              returnPct: closed.returnPct,
              reason: closed.reason,
              pnl: 0,
              win: true,
            })
          : null,
        iso(s.publishedAt),
        JSON.stringify(stops),
      ],
    );
  }
}

export async function insertRecordDay(ds: DataSource): Promise<void> {
  await insertEngineSignals(ds);
  for (const [i, f] of DAY_FILLS.entries()) {
    await ds.query(
      `INSERT INTO engine_fill (broker_fill_id, order_id, signal_id, occ_symbol, side, quantity, price,
         reference_price, slippage, kind, client_order_id, at)
       VALUES ($1, $1, $2, $3, $4, $5, $6, $6, 0, 'trade', $7, $8)`,
      [
        `F${i}`,
        f.signalId,
        f.occSymbol,
        f.side,
        f.quantity,
        f.price,
        `${f.signalId}:0:${f.role}`,
        iso(f.at),
      ],
    );
  }
  for (const [signalId, times] of DAY_DELIVERIES) {
    const signal = DAY_SIGNALS.find((s) => s.id === signalId)!;
    const [{ id }] = (await ds.query(
      `INSERT INTO distribution_event (signal_id, kind, signal, event_at) VALUES ($1, 'signal', $2, $3) RETURNING id`,
      [signalId, JSON.stringify(signal), iso(signal.publishedAt)],
    )) as { id: string }[];
    for (const [tier, sentAt] of Object.entries(times)) {
      // A retried send: the first success is what the tier saw.
      for (const [channel, at] of [
        ['discord', sentAt],
        ['email', sentAt + 5000],
      ] as const)
        await ds.query(
          `INSERT INTO delivery (event_id, signal_id, kind, tier, channel, published_at, promised_at, job_key, status, sent_at)
           VALUES ($1, $2, 'signal', $3, $4, $5, $5, $6, 'sent', $7)`,
          [
            id,
            signalId,
            tier,
            channel,
            iso(signal.publishedAt),
            `${signalId}:${tier}:${channel}`,
            iso(at),
          ],
        );
    }
  }
  await new QuoteTable(ds).record(DAY_QUOTES);
}

/** The day's chain entries, in time order. */
export function dayPayloads(): EntryPayload[] {
  return [
    ...DAY_SIGNALS.map((s) => publishedPayload(s, DAY_DELAYS)),
    ...DAY_UPDATES.map(updatePayload),
  ].sort((a, b) => a.at - b.at);
}

export async function chainDay(store: ChainStore, recordedAt: number): Promise<void> {
  for (const p of dayPayloads()) await store.append(p, recordedAt);
}
