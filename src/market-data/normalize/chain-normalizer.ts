import type {
  ChainSnapshot,
  DropReason,
  OptionContract,
  SnapshotQuality,
} from '../chain-snapshot.js';
import type { OptionRight } from '../../vocabulary/trading.js';
import {
  expiresAtIso,
  formatOccSymbol,
  newYorkDate,
  parseOccSymbol,
  settlementOf,
} from '../occ-symbol.js';
import { compareContracts, computeSnapshotId } from '../snapshot-id.js';

/**
 * One contract as a provider gave it, after its payload passed the schema but before the
 * row-level checks. Numbers may still be NaN (an unparsable string in the payload).
 */
export interface RawContractRow {
  /** The provider's contract id (OCC, possibly `O:`-prefixed or space-padded). */
  contractId?: string | null;
  expiry: string;
  strike: number;
  right: OptionRight;
  bid: number;
  ask: number;
  last: number | null;
  volume: number;
  openInterest: number;
  iv: number | null;
  delta: number | null;
  gamma: number | null;
  theta: number | null;
  vega: number | null;
  /** Instant of this row's last quote (ms), when the provider gives one. */
  quotedAtMs?: number | null;
  /** Trading date of this row's quote (YYYY-MM-DD), when the provider gives only a date. */
  quoteDate?: string | null;
}

export interface NormalizeContext {
  source: string;
  underlying: string;
  spot: number;
  asOfMs: number;
  /** A row quoted longer than this before as-of is stale. */
  staleAfterMs: number;
  /** Rows that failed their schema individually and were already dropped by the adapter. */
  malformedRows?: number;
}

/**
 * Turns provider rows into a ChainSnapshot: drops bad rows (counting why), fills OCC symbol,
 * root, settlement and expiry instant, sorts contracts canonically and derives the snapshot id.
 */
export function normalizeChain(
  rows: Iterable<RawContractRow>,
  ctx: NormalizeContext,
): ChainSnapshot {
  const dropped: Partial<Record<DropReason, number>> = {};
  const drop = (reason: DropReason): void => {
    dropped[reason] = (dropped[reason] ?? 0) + 1;
  };
  const asOf = new Date(ctx.asOfMs).toISOString();
  const asOfDate = newYorkDate(ctx.asOfMs);
  const underlying = ctx.underlying.toUpperCase();
  const contracts: OptionContract[] = [];
  const seen = new Set<string>();
  let received = ctx.malformedRows ?? 0;
  for (let i = 0; i < (ctx.malformedRows ?? 0); i++) drop('malformed');

  for (const row of rows) {
    received++;
    const reason = rowProblem(row);
    if (reason) {
      drop(reason);
      continue;
    }
    const parsed = row.contractId ? parseOccSymbol(row.contractId) : null;
    const root = parsed?.root ?? underlying;
    const settlement = settlementOf(root);
    let expiresAt: string;
    try {
      expiresAt = expiresAtIso(row.expiry, settlement);
    } catch {
      drop('malformed');
      continue;
    }
    if (Date.parse(expiresAt) <= ctx.asOfMs) {
      drop('expired');
      continue;
    }
    if (
      (row.quotedAtMs != null && row.quotedAtMs < ctx.asOfMs - ctx.staleAfterMs) ||
      (row.quoteDate != null && row.quoteDate < asOfDate)
    ) {
      drop('stale');
      continue;
    }
    const occSymbol = formatOccSymbol(root, row.expiry, row.right, row.strike);
    if (seen.has(occSymbol)) {
      drop('malformed');
      continue;
    }
    seen.add(occSymbol);
    contracts.push({
      occSymbol,
      root,
      expiry: row.expiry,
      expiresAt,
      settlement,
      strike: row.strike,
      right: row.right,
      bid: row.bid,
      ask: row.ask,
      last: row.last,
      // A zero bid with an ask is still a two-sided market (no one bids a far wing).
      mark: row.ask > 0 ? round6((row.bid + row.ask) / 2) : (row.last ?? 0),
      volume: row.volume,
      openInterest: row.openInterest,
      iv: row.iv,
      delta: row.delta,
      gamma: row.gamma,
      theta: row.theta,
      vega: row.vega,
    });
  }
  contracts.sort(compareContracts);
  const quality: SnapshotQuality = {
    rowsReceived: received,
    contractsKept: contracts.length,
    dropped,
  };
  const base = { source: ctx.source, underlying, asOf, spot: ctx.spot, contracts };
  return { snapshotId: computeSnapshotId(base), ...base, quality };
}

const EXPIRY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The first row-level problem, or null for a good row. */
export function rowProblem(row: RawContractRow): DropReason | null {
  const required = [row.strike, row.bid, row.ask, row.volume, row.openInterest];
  if (required.some((v) => !Number.isFinite(v))) return 'non_finite';
  const optional = [row.last, row.iv, row.delta, row.gamma, row.theta, row.vega];
  if (optional.some((v) => v !== null && !Number.isFinite(v))) return 'non_finite';
  if (!EXPIRY_RE.test(row.expiry)) return 'malformed';
  if (row.strike <= 0) return 'non_positive_strike';
  if (row.openInterest < 0) return 'negative_open_interest';
  if (row.volume < 0) return 'negative_volume';
  if (row.bid < 0 || row.ask < 0) return 'malformed';
  if (row.ask > 0 && row.bid > row.ask) return 'crossed_market';
  return null;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Parses a provider number that may come as a string; NaN when unreadable, null when absent. */
export function numOrNull(v: string | number | null | undefined): number | null {
  if (v === null || v === undefined || v === '') return null;
  return typeof v === 'number' ? v : Number(v);
}

/** Like numOrNull but absent counts as 0 (volume, open interest, quotes). */
export function numOrZero(v: string | number | null | undefined): number {
  return numOrNull(v) ?? 0;
}
