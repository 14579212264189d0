/**
 * The normalized option chain every provider emits and every consumer reads.
 * Prices in dollars; times as ISO-8601 UTC strings; IV as a decimal (0.20 = 20%).
 */
import type { OptionRight } from '../vocabulary/trading.js';
export type Settlement = 'AM' | 'PM';

export interface OptionContract {
  /** OCC symbol without padding spaces, e.g. SPXW250106C05975000. */
  occSymbol: string;
  /** Option root: SPX (AM-settled monthlies) and SPXW (PM-settled) are different options. */
  root: string;
  /** Expiry date in New York, YYYY-MM-DD. */
  expiry: string;
  /** The settlement instant, ISO UTC: 16:00 New York, or 09:30 for AM-settled SPX. */
  expiresAt: string;
  settlement: Settlement;
  strike: number;
  right: OptionRight;
  bid: number;
  ask: number;
  last: number | null;
  /** Mid of bid and ask when both are quoted, else last. */
  mark: number;
  volume: number;
  openInterest: number;
  /** Provider-supplied values, null when the provider gives none. */
  iv: number | null;
  delta: number | null;
  gamma: number | null;
  theta: number | null;
  vega: number | null;
}

export type DropReason =
  | 'non_finite'
  | 'negative_open_interest'
  | 'negative_volume'
  | 'crossed_market'
  | 'non_positive_strike'
  | 'expired'
  | 'stale'
  | 'malformed';

export interface SnapshotQuality {
  rowsReceived: number;
  contractsKept: number;
  dropped: Partial<Record<DropReason, number>>;
}

export interface ChainSnapshot {
  /** Stable id: `${source}:${underlying}:${asOf}`-derived hash, identical on replay. */
  snapshotId: string;
  underlying: string;
  spot: number;
  /** Quote time, ISO UTC. */
  asOf: string;
  /** Provider name: alphavantage | massive | cboe-file | replay | simulator | ibkr. */
  source: string;
  contracts: OptionContract[];
  quality: SnapshotQuality;
}
