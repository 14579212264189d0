/**
 * Chain-level metrics computed from per-contract analytics (our IV and Greeks, see
 * ContractAnalytics): put/call ratios, net Greeks, expected move, ATM IV term structure,
 * 25-delta skew and IV rank/percentile. Pure functions, no framework.
 */
import { CONTRACT_MULTIPLIER } from '../../vocabulary/units.js';
import type { ContractAnalytics } from '../analytics-snapshot.js';

export interface NetGreeks {
  delta: number;
  gamma: number;
  theta: number;
  vega: number;
}

export interface PutCallRatios {
  volume: number | null;
  openInterest: number | null;
}

/** Put volume / call volume and put OI / call OI; null when the call side is zero. */
export function putCallRatios(contracts: readonly ContractAnalytics[]): PutCallRatios {
  let callVol = 0;
  let putVol = 0;
  let callOi = 0;
  let putOi = 0;
  for (const c of contracts) {
    if (c.right === 'call') {
      callVol += c.volume;
      callOi += c.openInterest;
    } else {
      putVol += c.volume;
      putOi += c.openInterest;
    }
  }
  return {
    volume: callVol > 0 ? putVol / callVol : null,
    openInterest: callOi > 0 ? putOi / callOi : null,
  };
}

const zeroGreeks = (): NetGreeks => ({ delta: 0, gamma: 0, theta: 0, vega: 0 });

/**
 * Open-interest-weighted Greeks of everything outstanding, from the option holders' side:
 * Σ greek × OI × 100 (delta in shares, gamma in shares per $1, theta in $ per day, vega in $ per
 * vol point). The dealers' book is the negative if dealers are short what customers hold.
 * Contracts whose Greek is null contribute nothing to that Greek.
 */
export function netGreeks(contracts: readonly ContractAnalytics[]): {
  total: NetGreeks;
  byExpiry: Record<string, NetGreeks>;
} {
  const total = zeroGreeks();
  const byExpiry: Record<string, NetGreeks> = {};
  for (const c of contracts) {
    const w = c.openInterest * CONTRACT_MULTIPLIER;
    if (w === 0) continue;
    const e = (byExpiry[c.expiry] ??= zeroGreeks());
    if (c.delta !== null) {
      total.delta += c.delta * w;
      e.delta += c.delta * w;
    }
    if (c.gamma !== null) {
      total.gamma += c.gamma * w;
      e.gamma += c.gamma * w;
    }
    if (c.theta !== null) {
      total.theta += c.theta * w;
      e.theta += c.theta * w;
    }
    if (c.vega !== null) {
      total.vega += c.vega * w;
      e.vega += c.vega * w;
    }
  }
  return { total, byExpiry };
}

/** Contracts grouped by expiry date, expiries in ascending order of time to expiry. */
export interface ExpiryGroup {
  expiry: string;
  t: number;
  contracts: ContractAnalytics[];
}

// Several metrics group the same contract list; group it once per list.
const groupCache = new WeakMap<readonly ContractAnalytics[], ExpiryGroup[]>();

export function groupByExpiry(contracts: readonly ContractAnalytics[]): ExpiryGroup[] {
  let cached = groupCache.get(contracts);
  if (!cached) {
    cached = groupByExpiryUncached(contracts);
    groupCache.set(contracts, cached);
  }
  return [...cached];
}

function groupByExpiryUncached(contracts: readonly ContractAnalytics[]): ExpiryGroup[] {
  const groups = new Map<string, { expiry: string; t: number; contracts: ContractAnalytics[] }>();
  for (const c of contracts) {
    let g = groups.get(c.expiry);
    if (!g) {
      g = { expiry: c.expiry, t: c.t, contracts: [] };
      groups.set(c.expiry, g);
    }
    // Several roots can share a date (SPX AM and SPXW PM): the latest settlement defines t.
    g.t = Math.max(g.t, c.t);
    g.contracts.push(c);
  }
  return [...groups.values()].sort((a, b) => a.t - b.t || a.expiry.localeCompare(b.expiry));
}

function hasQuote(c: ContractAnalytics): boolean {
  return c.bid > 0 && c.ask >= c.bid && c.mid > 0;
}

/**
 * Expected move to an expiry from its ATM straddle: call mid + put mid at the listed strike
 * closest to spot that has both sides quoted (ties: lower strike). The straddle price is the
 * market's expected absolute move to that expiry (≈ 0.8 σ√T·S; we report the straddle itself).
 * The expiry is the nearest one at least `minDays` calendar days away (default: any).
 */
/**
 * An expiry this close to its settlement (15 minutes, in days) prices no move anyone can still
 * trade: its straddle is little more than intrinsic value, so the expected move reads the next.
 */
export const SETTLING_DAYS = 15 / (24 * 60);

export function expectedMove(
  contracts: readonly ContractAnalytics[],
  spot: number,
  minDays = 0,
): { expiry: string; dollars: number; pct: number } | null {
  if (!(spot > 0)) return null;
  for (const g of groupByExpiry(contracts)) {
    if (g.t * 365 < minDays) continue;
    const straddle = atmStraddle(g.contracts, spot);
    if (straddle) return { expiry: g.expiry, dollars: straddle, pct: straddle / spot };
  }
  return null;
}

function atmStraddle(contracts: readonly ContractAnalytics[], spot: number): number | null {
  const calls = new Map<number, ContractAnalytics>();
  const puts = new Map<number, ContractAnalytics>();
  for (const c of contracts) {
    if (!hasQuote(c)) continue;
    (c.right === 'call' ? calls : puts).set(c.strike, c);
  }
  let best: number | null = null;
  let bestStrike = Infinity;
  for (const [k, call] of calls) {
    const put = puts.get(k);
    if (!put) continue;
    const d = Math.abs(k - spot);
    const bd = Math.abs(bestStrike - spot);
    if (best === null || d < bd || (d === bd && k < bestStrike)) {
      best = call.mid + put.mid;
      bestStrike = k;
    }
  }
  return best;
}

/**
 * ATM implied volatility of one expiry: per strike the mean of the call and put IV (whichever
 * exist), linearly interpolated in strike at spot between the nearest strikes below and above.
 * A spot outside the listed strikes takes the nearest strike's value. Null without any IV.
 */
export function atmIv(contracts: readonly ContractAnalytics[], spot: number): number | null {
  // Only the strikes either side of spot take part: find them, then their mean IVs.
  let below = -Infinity;
  let above = Infinity;
  let lowest = Infinity;
  let highest = -Infinity;
  for (const c of contracts) {
    if (c.iv === null || !(c.iv > 0)) continue;
    const k = c.strike;
    if (k <= spot && k > below) below = k;
    if (k >= spot && k < above) above = k;
    if (k < lowest) lowest = k;
    if (k > highest) highest = k;
  }
  if (lowest === Infinity) return null;
  if (spot <= lowest) return meanIvAt(contracts, lowest);
  if (spot >= highest) return meanIvAt(contracts, highest);
  const ivBelow = meanIvAt(contracts, below);
  if (below === above) return ivBelow;
  const w = (spot - below) / (above - below);
  return ivBelow + w * (meanIvAt(contracts, above) - ivBelow);
}

/** Mean IV of the contracts at one strike (calls and puts alike). */
function meanIvAt(contracts: readonly ContractAnalytics[], strike: number): number {
  let sum = 0;
  let n = 0;
  for (const c of contracts)
    if (c.strike === strike && c.iv !== null && c.iv > 0) {
      sum += c.iv;
      n += 1;
    }
  return sum / n;
}

/** ATM IV per expiry, nearest first; `days` is calendar days to expiry (t × 365). */
export function termStructure(
  contracts: readonly ContractAnalytics[],
  spot: number,
): { expiry: string; days: number; atmIv: number }[] {
  const out: { expiry: string; days: number; atmIv: number }[] = [];
  for (const g of groupByExpiry(contracts)) {
    const iv = atmIv(g.contracts, spot);
    if (iv !== null) out.push({ expiry: g.expiry, days: g.t * 365, atmIv: iv });
  }
  return out;
}

/**
 * IV at a target delta, interpolated linearly in delta between the two contracts of one right
 * whose deltas bracket it; null when no pair brackets the target.
 */
export function ivAtDelta(
  contracts: readonly ContractAnalytics[],
  right: 'call' | 'put',
  targetDelta: number,
): number | null {
  const points = contracts
    .filter((c) => c.right === right && c.iv !== null && c.iv > 0 && c.delta !== null)
    .map((c) => ({ d: c.delta as number, iv: c.iv as number }))
    .sort((a, b) => a.d - b.d);
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const b = points[i + 1];
    if (a.d <= targetDelta && targetDelta <= b.d) {
      if (b.d === a.d) return (a.iv + b.iv) / 2;
      return a.iv + ((targetDelta - a.d) / (b.d - a.d)) * (b.iv - a.iv);
    }
  }
  return null;
}

/**
 * 25-delta skew of the expiry closest to `targetDays` (30 by default) among those where it can be
 * measured: risk reversal = IV(25Δ call) − IV(25Δ put); butterfly = (IV(25Δ call) + IV(25Δ put))/2
 * − ATM IV. Decimal vol (0.02 = 2 vol points).
 */
export function skew25(
  contracts: readonly ContractAnalytics[],
  spot: number,
  targetDays = 30,
): { riskReversal25: number; butterfly25: number; expiry: string } | null {
  const candidates = groupByExpiry(contracts).sort(
    (a, b) => Math.abs(a.t * 365 - targetDays) - Math.abs(b.t * 365 - targetDays),
  );
  for (const g of candidates) {
    const call25 = ivAtDelta(g.contracts, 'call', 0.25);
    const put25 = ivAtDelta(g.contracts, 'put', -0.25);
    const atm = atmIv(g.contracts, spot);
    if (call25 === null || put25 === null || atm === null) continue;
    return {
      riskReversal25: call25 - put25,
      butterfly25: (call25 + put25) / 2 - atm,
      expiry: g.expiry,
    };
  }
  return null;
}

/**
 * IV rank and IV percentile of `current` against a history of daily ATM IVs (the last 52 weeks),
 * both 0–100. Rank = (current − min) / (max − min); percentile = share of history days with IV
 * strictly below current. Null with fewer than `minDays` history points (or a flat history for rank).
 */
export function ivRankAndPercentile(
  current: number | null,
  history: readonly number[],
  minDays = 20,
): { rank: number | null; percentile: number | null } {
  const valid = history.filter((v) => Number.isFinite(v) && v > 0);
  if (current === null || valid.length < minDays) return { rank: null, percentile: null };
  let min = Infinity;
  let max = -Infinity;
  let below = 0;
  for (const v of valid) {
    if (v < min) min = v;
    if (v > max) max = v;
    if (v < current) below++;
  }
  const rank = max > min ? Math.min(100, Math.max(0, ((current - min) / (max - min)) * 100)) : null;
  return { rank, percentile: (below / valid.length) * 100 };
}

/**
 * Constant-maturity ATM IV at `days` (30 by default) from a term structure: linear interpolation
 * of total variance σ²·days between the expiries around it; flat extrapolation of σ beyond them.
 */
export function constantMaturityIv(
  term: readonly { days: number; atmIv: number }[],
  days = 30,
): number | null {
  const pts = term.filter((p) => p.days > 0 && p.atmIv > 0).sort((a, b) => a.days - b.days);
  if (pts.length === 0) return null;
  if (days <= pts[0].days) return pts[0].atmIv;
  const last = pts[pts.length - 1];
  if (days >= last.days) return last.atmIv;
  for (let i = 0; i + 1 < pts.length; i++) {
    const a = pts[i];
    const b = pts[i + 1];
    if (a.days <= days && days <= b.days) {
      const wa = a.atmIv * a.atmIv * a.days;
      const wb = b.atmIv * b.atmIv * b.days;
      const w = b.days === a.days ? wa : wa + ((days - a.days) / (b.days - a.days)) * (wb - wa);
      return Math.sqrt(Math.max(0, w) / days);
    }
  }
  return last.atmIv;
}
