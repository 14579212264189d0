/**
 * What the record reads from other modules' tables, as ports: the signals the engine stored
 * (to re-derive chain entries), the paper fills, the actual delivery times per tier, and the
 * recorded option quotes. Adapters (src/record/adapters/) read the tables by SQL, so the record
 * never imports the engine or distribution.
 */
import type { PublishedSignal } from '../signals/signal.js';
import type { Tier } from '../vocabulary/tier.js';

export interface StoredSignal {
  id: string;
  status: string;
  published: PublishedSignal | null;
  outcome: { exitPrice: number; returnPct: number; reason: string } | null;
  /** The stop moves the engine stored with the signal, oldest first (empty before it kept them). */
  stopMoves?: { at: number; newStop: number; reason: string }[];
}

export interface StoredSignalSource {
  signals(ids: string[]): Promise<Map<string, StoredSignal>>;
}

export interface PaperFill {
  signalId: string;
  occSymbol: string;
  side: 'buy' | 'sell';
  quantity: number;
  price: number;
  /** The quote side the fill stood on: ask for buys, bid for sells. */
  referencePrice: number;
  /** Opening or closing the position (from the client order id `${signal}:${leg}:${open|close}`). */
  role: 'open' | 'close';
  at: number;
}

export interface PaperFillSource {
  fills(signalIds: string[]): Promise<PaperFill[]>;
}

/** The first successful send of a signal (kind `signal`) to each tier, ms. */
export type TierDeliveryTimes = Partial<Record<Tier, number>>;

export interface DeliveryTimeSource {
  firstSent(signalIds: string[]): Promise<Map<string, TierDeliveryTimes>>;
}

export interface LegQuote {
  occSymbol: string;
  at: number;
  bid: number;
  ask: number;
}

export interface QuoteTape {
  record(quotes: LegQuote[]): Promise<void>;
  /** The last quote of each contract at or before `at` (not older than `maxAgeMs`). */
  quotesAt(occSymbols: string[], at: number, maxAgeMs: number): Promise<Map<string, LegQuote>>;
}
