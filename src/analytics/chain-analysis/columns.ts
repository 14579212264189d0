/**
 * A ChainSnapshot as Float64Array columns: the form every chain computation runs on. Expired
 * contracts (T ≤ 0 at the quote time) are left out and counted.
 *
 * T = (expiresAt − asOf) / (365 × 86,400 s), with expiresAt 16:00 New York, or 09:30 for AM-settled
 * SPX (the snapshot's own `expiresAt`, set by the adapter).
 */
import { isoInstantMs, newYorkDate } from '../../common/new-york-time.js';
import type { ChainSnapshot } from '../../market-data/chain-snapshot.js';
import { freshWorkspace, type ChainWorkspace } from './workspace.js';

export const MS_PER_YEAR = 365 * 86_400_000;

export interface ChainColumns {
  /** Number of (non-expired) contracts in the columns. */
  n: number;
  /** Index of each column row in snapshot.contracts. */
  contractIndex: Int32Array;
  /** 1 = call, 0 = put. */
  isCall: Uint8Array;
  strike: Float64Array;
  /** Years to expiry at asOf (> 0). */
  T: Float64Array;
  /** The row's (vendor) IV; 0 or negative when it has none. */
  rowIv: Float64Array;
  openInterest: Float64Array;
  /** Mid when quoted, else last (the snapshot's mark). */
  mark: Float64Array;
  /** Index into `expiries` of each row's expiry date. */
  expiryIndex: Int32Array;
  /** Distinct expiry dates (YYYY-MM-DD), ascending. */
  expiries: string[];
  /** 1 when the contract expires on the quote date (New York): 0DTE. */
  zeroDte: Uint8Array;
  /** Distinct strikes, ascending (equal to the thousandth, as OCC symbols write them). */
  strikes: Float64Array;
  /** Index into `strikes` of each row's strike. */
  strikeIndex: Int32Array;
}

export interface ColumnsResult {
  columns: ChainColumns;
  /** Contracts dropped because T ≤ 0 at the quote time. */
  expiredDropped: number;
  /** Quote time used, ms since the epoch. */
  asOfMs: number;
}

/**
 * Builds the columns at `asOfIso` (default: the snapshot's quote time), into `workspace` when one
 * is given (the columns are then valid until its next analysis).
 */
export function buildChainColumns(
  snapshot: ChainSnapshot,
  asOfIso?: string,
  workspace: ChainWorkspace = freshWorkspace(),
): ColumnsResult {
  const asOfMs = isoInstantMs(asOfIso ?? snapshot.asOf);
  if (!Number.isFinite(asOfMs)) throw new Error(`invalid quote time ${asOfIso ?? snapshot.asOf}`);
  const today = newYorkDate(asOfMs);
  const contracts = snapshot.contracts;
  const total = contracts.length;
  const expiryMs = new Map<string, number>();
  const keep = workspace.int32('contractIndex', total);
  const tKeep = workspace.float64('T', total);
  let n = 0;
  let expiredDropped = 0;
  const expirySet = new Set<string>();
  // Chains list contracts expiry by expiry: the previous contract's expiry usually answers.
  let lastExpiresAt = '';
  let ms = NaN;
  let lastExpiry = '';
  for (let i = 0; i < total; i++) {
    const c = contracts[i];
    if (c.expiresAt !== lastExpiresAt) {
      lastExpiresAt = c.expiresAt;
      const known = expiryMs.get(c.expiresAt);
      ms = known ?? isoInstantMs(c.expiresAt);
      if (known === undefined) expiryMs.set(c.expiresAt, ms);
    }
    const T = (ms - asOfMs) / MS_PER_YEAR;
    if (!(T > 0)) {
      expiredDropped++;
      continue;
    }
    keep[n] = i;
    tKeep[n] = T;
    n++;
    if (c.expiry !== lastExpiry) {
      lastExpiry = c.expiry;
      expirySet.add(c.expiry);
    }
  }
  const expiries = [...expirySet].sort();
  // Strikes keyed in integer thousandths so that per-strike sums never split one listed strike.
  const strikeByMilli = new Map<number, number>();
  for (let j = 0; j < n; j++) {
    const k = contracts[keep[j]].strike;
    const milli = Math.round(k * 1000);
    if (!strikeByMilli.has(milli)) strikeByMilli.set(milli, k);
  }
  const millis = [...strikeByMilli.keys()].sort((a, b) => a - b);
  const strikePos = new Map(millis.map((m, i) => [m, i]));
  const strikes = Float64Array.from(millis, (m) => strikeByMilli.get(m) ?? m / 1000);
  const expiryPos = new Map(expiries.map((e, i) => [e, i]));
  const columns: ChainColumns = {
    n,
    contractIndex: keep.subarray(0, n),
    isCall: workspace.uint8('isCall', n),
    strike: workspace.float64('strike', n),
    T: tKeep.subarray(0, n),
    rowIv: workspace.float64('rowIv', n),
    openInterest: workspace.float64('openInterest', n),
    mark: workspace.float64('mark', n),
    expiryIndex: workspace.int32('expiryIndex', n),
    expiries,
    zeroDte: workspace.uint8('zeroDte', n),
    strikes,
    strikeIndex: workspace.int32('strikeIndex', n),
  };
  lastExpiry = '';
  let expiryAt = 0;
  for (let j = 0; j < n; j++) {
    const c = contracts[keep[j]];
    columns.isCall[j] = c.right === 'call' ? 1 : 0;
    columns.strike[j] = c.strike;
    columns.rowIv[j] = c.iv ?? 0;
    columns.openInterest[j] = c.openInterest;
    columns.mark[j] = c.mark;
    if (c.expiry !== lastExpiry) {
      lastExpiry = c.expiry;
      expiryAt = expiryPos.get(c.expiry) ?? 0;
    }
    columns.expiryIndex[j] = expiryAt;
    columns.zeroDte[j] = c.expiry === today ? 1 : 0;
    columns.strikeIndex[j] = strikePos.get(Math.round(c.strike * 1000)) ?? 0;
  }
  return { columns, expiredDropped, asOfMs };
}
