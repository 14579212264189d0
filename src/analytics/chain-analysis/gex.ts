/**
 * Dealer gamma exposure on issue 3's definitions.
 *
 * GEX of one option = sign × gamma × OI × 100 × S² × 0.01 (dollars of delta per 1% move), sign +1
 * for calls and −1 for puts, gamma the Black–Scholes gamma from the row's IV (IV ≤ 0 → 0). Per
 * strike: summed over expiries and roots. Walls: top 3 strikes by positive call GEX / most negative
 * put GEX, ties to the lowest strike. Flip: total GEX re-priced at a hypothetical spot x with every
 * IV held fixed; each sign change on [0.7 S, 1.3 S] refined to a root (Brent); the root closest to S.
 */
import type { StrikeExposure } from '../analytics-snapshot.js';
import { bsmGamma } from '../math/black-scholes.js';
import { ONE_OVER_SQRT_TWO_PI } from '../math/normal.js';
import { brentRoot } from '../math/roots.js';
import type { ChainColumns } from './columns.js';

export interface RateInputs {
  /** Continuous risk-free rate (decimal). */
  r: number;
  /** Continuous dividend yield (decimal). */
  q: number;
}

export interface GexBreakdown {
  total: number;
  calls: number;
  puts: number;
  /** GEX of contracts expiring on the quote date. */
  zeroDte: number;
  byStrike: StrikeExposure[];
  byExpiry: Record<string, number>;
  callWalls: number[];
  putWalls: number[];
}

/** Contract multiplier × 1% move: GEX = sign·γ·OI·100·S²·0.01. */
const GEX_SCALE = 100 * 0.01;

/**
 * Per-option GEX at spot S into `out` (caller-owned, length ≥ n; optional), and the aggregates.
 * `iv` defaults to the row IV column.
 */
export function computeGex(
  cols: ChainColumns,
  S: number,
  rates: RateInputs,
  out?: Float64Array,
  iv: Float64Array = cols.rowIv,
): GexBreakdown {
  const { n, isCall, strike, T, openInterest, expiryIndex, zeroDte } = cols;
  const strikeIndex = new Map<number, number>();
  const strikes: number[] = [];
  const callByStrike: number[] = [];
  const putByStrike: number[] = [];
  const byExpiryArr = new Float64Array(cols.expiries.length);
  let calls = 0;
  let puts = 0;
  let zero = 0;
  const s2 = S * S * GEX_SCALE;
  for (let i = 0; i < n; i++) {
    const sigma = iv[i];
    const g =
      sigma > 0 && openInterest[i] > 0 ? bsmGamma(S, strike[i], T[i], rates.r, rates.q, sigma) : 0;
    const gex = (isCall[i] === 1 ? 1 : -1) * g * openInterest[i] * s2;
    if (out) out[i] = gex;
    let k = strikeIndex.get(strike[i]);
    if (k === undefined) {
      k = strikes.length;
      strikeIndex.set(strike[i], k);
      strikes.push(strike[i]);
      callByStrike.push(0);
      putByStrike.push(0);
    }
    if (isCall[i] === 1) {
      callByStrike[k] += gex;
      calls += gex;
    } else {
      putByStrike[k] += gex;
      puts += gex;
    }
    byExpiryArr[expiryIndex[i]] += gex;
    if (zeroDte[i] === 1) zero += gex;
  }
  const order = strikes.map((_, i) => i).sort((a, b) => strikes[a] - strikes[b]);
  const byStrike: StrikeExposure[] = order.map((k) => ({
    strike: strikes[k],
    call: callByStrike[k],
    put: putByStrike[k],
    net: callByStrike[k] + putByStrike[k],
  }));
  const byExpiry: Record<string, number> = {};
  cols.expiries.forEach((e, i) => (byExpiry[e] = byExpiryArr[i]));
  return {
    total: calls + puts,
    calls,
    puts,
    zeroDte: zero,
    byStrike,
    byExpiry,
    callWalls: topWalls(byStrike, 'call'),
    putWalls: topWalls(byStrike, 'put'),
  };
}

/**
 * The top `count` strikes by largest positive call GEX ('call') or most negative put GEX ('put');
 * ties go to the lowest strike. Strikes with no exposure of that sign are not walls.
 */
export function topWalls(byStrike: StrikeExposure[], side: 'call' | 'put', count = 3): number[] {
  const candidates =
    side === 'call' ? byStrike.filter((s) => s.call > 0) : byStrike.filter((s) => s.put < 0);
  candidates.sort((a, b) =>
    side === 'call' ? b.call - a.call || a.strike - b.strike : a.put - b.put || a.strike - b.strike,
  );
  return candidates.slice(0, count).map((s) => s.strike);
}

/** Total GEX re-priced at spot x with each IV held fixed (direct sum; the reference definition). */
export function totalGexAt(
  cols: ChainColumns,
  x: number,
  rates: RateInputs,
  iv: Float64Array = cols.rowIv,
): number {
  let sum = 0;
  for (let i = 0; i < cols.n; i++) {
    const sigma = iv[i];
    if (!(sigma > 0)) continue;
    const g = bsmGamma(x, cols.strike[i], cols.T[i], rates.r, rates.q, sigma);
    sum += (cols.isCall[i] === 1 ? 1 : -1) * g * cols.openInterest[i];
  }
  return sum * x * x * GEX_SCALE;
}

export interface FlipOptions {
  /** Search interval as multiples of S (default 0.7 and 1.3). */
  lower?: number;
  upper?: number;
  /** Coarse grid points, uniform in ln x (default 241: steps of about 0.22%). */
  gridPoints?: number;
}

export interface FlipResult {
  /** Root closest to S, or null when total GEX keeps one sign on the interval. */
  flip: number | null;
  /** Every root found, ascending. */
  roots: number[];
  /** The coarse profile: spot grid and total GEX at each point. */
  grid: Float64Array;
  profile: Float64Array;
}

/** Beyond |d| = 12 a Gaussian term is below 1e-31 of its peak: nothing at double precision. */
const D_CUTOFF = 12;

/**
 * Finds the gamma flip. Each option's GEX at x is x·w·exp(−d(x)²/2) with d linear in ln x, so on a
 * grid uniform in ln x each term follows a two-multiplication recurrence from its peak outwards,
 * stopping where it vanishes. Sign changes of the grid profile are then refined by Brent's method
 * on the exact sum over the options alive in that bracket.
 */
export function gexFlip(
  cols: ChainColumns,
  S: number,
  rates: RateInputs,
  options: FlipOptions = {},
  iv: Float64Array = cols.rowIv,
): FlipResult {
  const M = Math.max(3, options.gridPoints ?? 241);
  const lo = Math.log((options.lower ?? 0.7) * S);
  const hi = Math.log((options.upper ?? 1.3) * S);
  const h = (hi - lo) / (M - 1);
  const { n, isCall, strike, T, openInterest } = cols;
  const { r, q } = rates;
  // Per-option d(x) = lnx·inv + c and weight w (GEX_i(x) = x·w·exp(−d²/2)).
  const inv = new Float64Array(n);
  const c = new Float64Array(n);
  const w = new Float64Array(n);
  const active = new Int32Array(n);
  let nActive = 0;
  const acc = new Float64Array(M);
  for (let i = 0; i < n; i++) {
    const sigma = iv[i];
    const oi = openInterest[i];
    if (!(sigma > 0) || !(oi > 0)) continue;
    const sd = sigma * Math.sqrt(T[i]);
    const invSd = 1 / sd;
    const ci = (-Math.log(strike[i]) + (r - q + 0.5 * sigma * sigma) * T[i]) * invSd;
    const wi =
      (isCall[i] === 1 ? 1 : -1) *
      oi *
      Math.exp(-q * T[i]) *
      invSd *
      ONE_OVER_SQRT_TWO_PI *
      GEX_SCALE;
    inv[i] = invSd;
    c[i] = ci;
    w[i] = wi;
    active[nActive++] = i;
    const d0 = lo * invSd + ci;
    const delta = h * invSd;
    let kPeak = Math.round(-d0 / delta);
    if (kPeak < 0) kPeak = 0;
    else if (kPeak > M - 1) kPeak = M - 1;
    const dPeak = d0 + kPeak * delta;
    if (Math.abs(dPeak) > D_CUTOFF) continue;
    const gPeak = Math.exp(-0.5 * dPeak * dPeak);
    const e2 = Math.exp(-delta * delta);
    acc[kPeak] += wi * gPeak;
    // Rightwards: g(k+1) = g(k)·ρ(k), ρ(k) = exp(−d(k)·δ − δ²/2), ρ(k+1) = ρ(k)·exp(−δ²).
    let g = gPeak;
    let rho = Math.exp(-dPeak * delta - 0.5 * delta * delta);
    for (let k = kPeak + 1; k < M; k++) {
      g *= rho;
      if (g < 1e-31) break;
      acc[k] += wi * g;
      rho *= e2;
    }
    // Leftwards: g(k−1) = g(k)·exp(d(k)·δ − δ²/2).
    g = gPeak;
    rho = Math.exp(dPeak * delta - 0.5 * delta * delta);
    for (let k = kPeak - 1; k >= 0; k--) {
      g *= rho;
      if (g < 1e-31) break;
      acc[k] += wi * g;
      rho *= e2;
    }
  }
  const grid = new Float64Array(M);
  const profile = new Float64Array(M);
  for (let k = 0; k < M; k++) {
    const x = Math.exp(lo + k * h);
    grid[k] = x;
    profile[k] = x * acc[k];
  }

  const roots: number[] = [];
  const subset = new Int32Array(nActive);
  // Sign changes between consecutive non-zero grid values (far from every strike the sum
  // underflows to exactly 0, which is no crossing).
  let prev = -1;
  for (let k = 0; k < M; k++) {
    if (profile[k] === 0) continue;
    if (prev >= 0 && profile[prev] * profile[k] < 0) {
      const la = lo + prev * h;
      const lb = lo + k * h;
      let m = 0;
      for (let j = 0; j < nActive; j++) {
        const i = active[j];
        const da = la * inv[i] + c[i];
        const db = lb * inv[i] + c[i];
        const minAbs = da * db <= 0 ? 0 : Math.min(Math.abs(da), Math.abs(db));
        if (minAbs < D_CUTOFF) subset[m++] = i;
      }
      const f = (x: number): number => {
        const lx = Math.log(x);
        let sum = 0;
        for (let j = 0; j < m; j++) {
          const i = subset[j];
          const d = lx * inv[i] + c[i];
          sum += w[i] * Math.exp(-0.5 * d * d);
        }
        return x * sum;
      };
      const root = brentRoot(f, grid[prev], grid[k], { xTol: 1e-10 * S });
      if (Number.isFinite(root)) roots.push(root);
    }
    prev = k;
  }
  let flip: number | null = null;
  for (const x of roots) if (flip === null || Math.abs(x - S) < Math.abs(flip - S)) flip = x;
  return { flip, roots, grid, profile };
}
