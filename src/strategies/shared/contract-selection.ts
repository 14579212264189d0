/**
 * Picking option contracts from a snapshot by right, days to expiry, delta, spread and liquidity.
 * Every strategy selects through here so "which contract" follows one rule: among contracts that
 * pass the filters, the nearest expiry first, then the delta closest to the target, then the
 * tightest spread.
 */
import type {
  AnalyticsSnapshot,
  ContractAnalytics,
  LiquidityGrade,
} from '../../analytics/analytics-snapshot.js';
import type { OptionRight } from '../../vocabulary/trading.js';

const GRADE_ORDER: Record<LiquidityGrade, number> = { A: 4, B: 3, C: 2, D: 1, F: 0 };

/** True when `grade` is `min` or better (A best). */
export function gradeAtLeast(grade: LiquidityGrade, min: LiquidityGrade): boolean {
  return GRADE_ORDER[grade] >= GRADE_ORDER[min];
}

const dteMemo = new Map<string, number>();

/** Whole calendar days from the New York date `today` to `expiry` (both YYYY-MM-DD). */
export function daysBetweenDates(today: string, expiry: string): number {
  const key = today + expiry;
  const hit = dteMemo.get(key);
  if (hit !== undefined) return hit;
  const a = Date.UTC(+today.slice(0, 4), +today.slice(5, 7) - 1, +today.slice(8, 10));
  const b = Date.UTC(+expiry.slice(0, 4), +expiry.slice(5, 7) - 1, +expiry.slice(8, 10));
  const days = Math.round((b - a) / 86_400_000);
  // A pure function of its inputs: memoised because chains repeat a few expiries thousands of times.
  if (dteMemo.size > 50_000) dteMemo.clear();
  dteMemo.set(key, days);
  return days;
}

export interface ContractFilter {
  right: OptionRight;
  /** New York trading date the days-to-expiry count from. */
  today: string;
  minDte: number;
  maxDte: number;
  /** |delta| wanted; contracts without a delta are skipped. */
  targetDelta?: number;
  minAbsDelta?: number;
  maxAbsDelta?: number;
  /** Strike wanted instead of a delta (nearest wins). */
  targetStrike?: number;
  /** Only strikes at or above / at or below. */
  minStrike?: number;
  maxStrike?: number;
  /** Spread cap in dollars and as a fraction of mid. */
  maxSpread?: number;
  maxSpreadPct?: number;
  minVolume?: number;
  minOpenInterest?: number;
  /** Only this expiry (YYYY-MM-DD). */
  expiry?: string;
  /** Not expiring before this instant (ms), e.g. the engine clock. */
  notExpiredAt?: number;
}

export function spreadOf(c: ContractAnalytics): number {
  return c.ask - c.bid;
}

export function spreadPctOf(c: ContractAnalytics): number {
  return c.mid > 0 ? (c.ask - c.bid) / c.mid : Number.POSITIVE_INFINITY;
}

/** Every contract that passes the filter (unsorted). */
export function filterContracts(
  contracts: readonly ContractAnalytics[],
  f: ContractFilter,
): ContractAnalytics[] {
  const needsDelta =
    f.targetDelta !== undefined || f.minAbsDelta !== undefined || f.maxAbsDelta !== undefined;
  // Cheapest tests first: chains hold thousands of contracts and most fail on right or quote.
  return contracts.filter((c) => {
    if (c.right !== f.right) return false;
    if (!(c.bid > 0) || !(c.ask >= c.bid) || !(c.mid > 0)) return false;
    if (f.expiry !== undefined && c.expiry !== f.expiry) return false;
    if (f.notExpiredAt !== undefined && c.expiresAt <= f.notExpiredAt) return false;
    if (f.minStrike !== undefined && c.strike < f.minStrike) return false;
    if (f.maxStrike !== undefined && c.strike > f.maxStrike) return false;
    if (f.maxSpread !== undefined && c.ask - c.bid > f.maxSpread + 1e-9) return false;
    if (f.maxSpreadPct !== undefined && (c.ask - c.bid) / c.mid > f.maxSpreadPct) return false;
    if (f.minVolume !== undefined && c.volume < f.minVolume) return false;
    if (f.minOpenInterest !== undefined && c.openInterest < f.minOpenInterest) return false;
    if (needsDelta) {
      if (c.delta === null || !Number.isFinite(c.delta)) return false;
      const ad = Math.abs(c.delta);
      if (f.minAbsDelta !== undefined && ad < f.minAbsDelta) return false;
      if (f.maxAbsDelta !== undefined && ad > f.maxAbsDelta) return false;
    }
    const dte = daysBetweenDates(f.today, c.expiry);
    return dte >= f.minDte && dte <= f.maxDte;
  });
}

/** The best contract for the filter, or null when none passes. */
export function selectContract(
  contracts: readonly ContractAnalytics[],
  f: ContractFilter,
): ContractAnalytics | null {
  const pool = filterContracts(contracts, f);
  if (pool.length === 0) return null;
  const score = (c: ContractAnalytics): number => {
    if (f.targetStrike !== undefined) return Math.abs(c.strike - f.targetStrike);
    if (f.targetDelta !== undefined) return Math.abs(Math.abs(c.delta ?? 0) - f.targetDelta);
    return 0;
  };
  pool.sort(
    (a, b) =>
      a.expiry.localeCompare(b.expiry) ||
      score(a) - score(b) ||
      spreadOf(a) - spreadOf(b) ||
      a.strike - b.strike,
  );
  return pool[0];
}

/** The contract with the same expiry and right at `strike`, or null. */
export function findContract(
  contracts: readonly ContractAnalytics[],
  expiry: string,
  right: OptionRight,
  strike: number,
): ContractAnalytics | null {
  return (
    contracts.find(
      (c) => c.expiry === expiry && c.right === right && Math.abs(c.strike - strike) < 1e-9,
    ) ?? null
  );
}

/** Strikes quoted for an expiry and right, ascending, with a positive bid. */
export function strikesOf(
  contracts: readonly ContractAnalytics[],
  expiry: string,
  right: OptionRight,
): ContractAnalytics[] {
  return contracts
    .filter((c) => c.expiry === expiry && c.right === right && c.bid > 0 && c.ask >= c.bid)
    .sort((a, b) => a.strike - b.strike);
}

/** Expiries in [minDte, maxDte] calendar days that have both calls and puts, ascending. */
export function expiriesWithin(
  snapshot: AnalyticsSnapshot,
  today: string,
  minDte: number,
  maxDte: number,
): string[] {
  const set = new Set<string>();
  for (const c of snapshot.contracts) {
    const dte = daysBetweenDates(today, c.expiry);
    if (dte >= minDte && dte <= maxDte) set.add(c.expiry);
  }
  return [...set].sort();
}
