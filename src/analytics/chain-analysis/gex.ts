/**
 * Dealer gamma exposure on issue 3's definitions.
 *
 * GEX of one option = sign × gamma × OI × 100 × S² × 0.01 (dollars of delta per 1% move), sign +1
 * for calls and −1 for puts, gamma the Black–Scholes gamma from the row's IV (IV ≤ 0 → 0). Per
 * strike: summed over expiries and roots. Walls: top 3 strikes by positive call GEX / most negative
 * put GEX, ties to the lowest strike. Flip: total GEX re-priced at a hypothetical spot x with every
 * IV held fixed; each sign change on [0.7 S, 1.3 S] refined to a root (bracketed Newton in ln x);
 * the root closest to S.
 */
import { CONTRACT_MULTIPLIER } from '../../vocabulary/units.js';
import type { StrikeExposure } from '../analytics-snapshot.js';
import { charmAnnual, vannaPerVolPoint } from '../math/black-calculator.js';
import { bsmGamma } from '../math/black-scholes.js';
import { ONE_OVER_SQRT_TWO_PI, normCdfFast } from '../math/normal.js';
import type { ChainColumns } from './columns.js';
import { freshWorkspace, type ChainWorkspace } from './workspace.js';

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
const GEX_SCALE = CONTRACT_MULTIPLIER * 0.01;
const DAYS_PER_YEAR = 365;

/**
 * Each contributing option's GEX as a function of a hypothetical spot x, with its IV held fixed:
 * GEX_i(x) = x·w_i·exp(−d_i(x)²/2), d_i(x) = ln x·inv_i + c_i (d_i(S) is the option's d1). Arrays
 * are indexed by column row; `active` lists the rows that contribute (IV > 0 and OI > 0).
 */
export interface GexTerms {
  active: Int32Array;
  nActive: number;
  inv: Float64Array;
  c: Float64Array;
  w: Float64Array;
}

/** Dealer exposures at spot S, all from the row IV, computed in one pass over the chain. */
export interface Exposures {
  gex: GexBreakdown;
  /** Σ sign·|delta|·OI·100·S (calls +, puts −) and the same per strike (strikes that contribute). */
  dex: { total: number; byStrike: StrikeExposure[] };
  /** Σ sign·vanna·OI·100·S: dollars of delta per 1 vol point. */
  vanna: number;
  /** Σ sign·charm·OI·100·S: dollars of delta per calendar day. */
  charm: number;
  terms: GexTerms;
}

/**
 * GEX, DEX, vanna and charm exposure at spot S, and the per-option terms the flip search re-prices.
 * One square root, one logarithm, one exponential and one normal CDF per contributing option
 * (plus e^{−qT} when q ≠ 0); the Greeks are the Black–Scholes ones of black-scholes.ts.
 */
export function computeExposures(
  cols: ChainColumns,
  S: number,
  rates: RateInputs,
  iv: Float64Array = cols.rowIv,
  workspace: ChainWorkspace = freshWorkspace(),
): Exposures {
  const { n, isCall, strike, T, openInterest, expiryIndex, zeroDte, strikes, strikeIndex } = cols;
  const { r, q } = rates;
  const nStrikes = strikes.length;
  const callByStrike = workspace.float64('gexCall', nStrikes, true);
  const putByStrike = workspace.float64('gexPut', nStrikes, true);
  const dexCall = workspace.float64('dexCall', nStrikes, true);
  const dexPut = workspace.float64('dexPut', nStrikes, true);
  const dexTouched = workspace.uint8('dexTouched', nStrikes, true);
  const byExpiryArr = workspace.float64('gexByExpiry', cols.expiries.length, true);
  const terms: GexTerms = {
    active: workspace.int32('termsActive', n),
    nActive: 0,
    inv: workspace.float64('termsInv', n),
    c: workspace.float64('termsC', n),
    w: workspace.float64('termsW', n),
  };
  const { active, inv, c, w } = terms;
  const lnS = Math.log(S);
  const dollarsPerShare = CONTRACT_MULTIPLIER * S;
  let calls = 0;
  let puts = 0;
  let zero = 0;
  let dexTotal = 0;
  let vannaTotal = 0;
  let charmTotal = 0;
  let nActive = 0;
  for (let i = 0; i < n; i++) {
    const sigma = iv[i];
    const oi = openInterest[i];
    if (!(sigma > 0) || !(oi > 0)) continue;
    const t = T[i];
    const sqrtT = Math.sqrt(t);
    const sd = sigma * sqrtT;
    const invSd = 1 / sd;
    const d1 = (Math.log(S / strike[i]) + (r - q) * t) * invSd + 0.5 * sd;
    const d2 = d1 - sd;
    const dfQ = q === 0 ? 1 : Math.exp(-q * t);
    const dfQpdf = dfQ * ONE_OVER_SQRT_TWO_PI * Math.exp(-0.5 * d1 * d1);
    const call = isCall[i] === 1;
    const sign = call ? 1 : -1;
    const wi = sign * oi * dfQ * invSd * ONE_OVER_SQRT_TWO_PI * GEX_SCALE;
    active[nActive++] = i;
    inv[i] = invSd;
    c[i] = d1 - lnS * invSd;
    w[i] = wi;
    // sign·γ·OI·S²·0.01·100 with γ = e^{−qT}φ(d1)/(S·sd).
    const gex = sign * oi * dfQpdf * S * invSd * GEX_SCALE;
    const k = strikeIndex[i];
    if (call) {
      callByStrike[k] += gex;
      calls += gex;
    } else {
      putByStrike[k] += gex;
      puts += gex;
    }
    byExpiryArr[expiryIndex[i]] += gex;
    if (zeroDte[i] === 1) zero += gex;
    // |delta| = e^{−qT}·N(sign·d1); vanna and charm as in greeksInto (per vol point, per day).
    const nd1 = normCdfFast(sign * d1);
    const scale = oi * dollarsPerShare;
    const dex = sign * dfQ * nd1 * scale;
    dexTotal += dex;
    if (call) dexCall[k] += dex;
    else dexPut[k] += dex;
    dexTouched[k] = 1;
    vannaTotal += sign * vannaPerVolPoint(dfQpdf, d2, sigma) * scale;
    const charm = charmAnnual(sign, r, q, t, dfQ, nd1, dfQpdf, d2, sd);
    charmTotal += sign * (charm / DAYS_PER_YEAR) * scale;
  }
  terms.nActive = nActive;
  const byStrike: StrikeExposure[] = new Array<StrikeExposure>(nStrikes);
  const dexByStrike: StrikeExposure[] = [];
  for (let k = 0; k < nStrikes; k++) {
    byStrike[k] = {
      strike: strikes[k],
      call: callByStrike[k],
      put: putByStrike[k],
      net: callByStrike[k] + putByStrike[k],
    };
    if (dexTouched[k] === 1)
      dexByStrike.push({
        strike: strikes[k],
        call: dexCall[k],
        put: dexPut[k],
        net: dexCall[k] + dexPut[k],
      });
  }
  const byExpiry: Record<string, number> = {};
  cols.expiries.forEach((e, i) => (byExpiry[e] = byExpiryArr[i]));
  return {
    gex: {
      total: calls + puts,
      calls,
      puts,
      zeroDte: zero,
      byStrike,
      byExpiry,
      callWalls: topWalls(byStrike, 'call'),
      putWalls: topWalls(byStrike, 'put'),
    },
    dex: { total: dexTotal, byStrike: dexByStrike },
    vanna: vannaTotal,
    charm: charmTotal,
    terms,
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
  /**
   * Points of the sign-change scan, uniform in ln x (default 241: steps of about 0.22%). Roots
   * closer together than one step can pair up unseen; every other sign change is found.
   */
  gridPoints?: number;
}

/** What the flip search may reuse: the terms from computeExposures, and a workspace. */
export interface FlipInputs {
  /** IV per column row (default the row IV); ignored when `terms` are given. */
  iv?: Float64Array;
  terms?: GexTerms;
  workspace?: ChainWorkspace;
}

export interface FlipResult {
  /** Root closest to S, or null when total GEX keeps one sign on the interval. */
  flip: number | null;
  /** Every root found, ascending. */
  roots: number[];
  /** The profile at every fourth scan point (about 1% apart by default): spot and total GEX. */
  grid: Float64Array;
  profile: Float64Array;
}

/** Beyond |d| = 12 a Gaussian term is below 1e-31 of its peak: nothing at double precision. */
const D_CUTOFF = 12;
/** Scan points per coarse step. */
const COARSE_STRIDE = 4;
/**
 * Options with σ√T at least this many coarse steps are smooth enough to interpolate. At 2 the
 * interpolation bound left ~29 of 241 scan points in doubt on the simulator's chains, each an
 * exact sum over the wide options (56,000 exponentials a chain); at 4, 10,700, for ~65% more
 * cheap recurrence steps on the fine grid.
 */
const WIDE_IN_COARSE_STEPS = 4;

/**
 * acc[k] += w·exp(−d_k²/2) for k in [0, count), d_k = d0 + k·δ: from the peak outwards by the
 * two-multiplication recurrence g(k+1) = g(k)·ρ(k), ρ(k+1) = ρ(k)·exp(−δ²), up to |d| = D_CUTOFF.
 */
function addGaussian(acc: Float64Array, count: number, d0: number, delta: number, w: number): void {
  let kPeak = Math.round(-d0 / delta);
  if (kPeak < 0) kPeak = 0;
  else if (kPeak > count - 1) kPeak = count - 1;
  const dPeak = d0 + kPeak * delta;
  if (Math.abs(dPeak) > D_CUTOFF) return;
  const gPeak = Math.exp(-0.5 * dPeak * dPeak);
  const e2 = Math.exp(-delta * delta);
  acc[kPeak] += w * gPeak;
  const kRight = Math.min(count - 1, kPeak + Math.floor((D_CUTOFF - dPeak) / delta));
  let g = gPeak;
  let ratio = Math.exp(-dPeak * delta - 0.5 * delta * delta);
  for (let k = kPeak + 1; k <= kRight; k++) {
    g *= ratio;
    ratio *= e2;
    acc[k] += w * g;
  }
  const kLeft = Math.max(0, kPeak - Math.floor((D_CUTOFF + dPeak) / delta));
  g = gPeak;
  ratio = Math.exp(dPeak * delta - 0.5 * delta * delta);
  for (let k = kPeak - 1; k >= kLeft; k--) {
    g *= ratio;
    ratio *= e2;
    acc[k] += w * g;
  }
}

/**
 * The root in [e^la, e^lb] of G(u) = Σ w_i·exp(−d_i(u)²/2), d_i = u·inv_i + c_i (u = ln x; total
 * GEX is e^u·G, same sign), over the options listed in `subset`, whose sign changes across the
 * bracket (`negativeAtLeft` says which way). Newton's method in u with G′ = −Σ w_i·g_i·d_i·inv_i
 * from the same exponentials, falling back to bisection whenever a step would leave the bracket;
 * it stops when the step is below `xTol` in x. About three sums instead of Brent's seven.
 */
function refineRoot(
  la: number,
  lb: number,
  negativeAtLeft: boolean,
  subset: Int32Array,
  m: number,
  inv: Float64Array,
  c: Float64Array,
  w: Float64Array,
  xTol: number,
): number {
  let lo = la;
  let hi = lb;
  let u = 0.5 * (la + lb);
  for (let iter = 0; iter < 100; iter++) {
    let g = 0;
    let dg = 0;
    for (let j = 0; j < m; j++) {
      const i = subset[j];
      const d = u * inv[i] + c[i];
      const term = w[i] * Math.exp(-0.5 * d * d);
      g += term;
      dg -= term * d * inv[i];
    }
    if (g === 0) return Math.exp(u);
    // Keep the bracket: the side where G has the left end's sign moves in.
    if (g < 0 === negativeAtLeft) lo = u;
    else hi = u;
    const step = g / dg;
    const x = Math.exp(u);
    // Newton's next step would move x by less than the tolerance: u is the root to within it.
    if (Math.abs(step) * x < xTol) return Math.exp(u - step);
    if ((hi - lo) * x < xTol) return Math.exp(0.5 * (lo + hi));
    const next = u - step;
    u = next > lo && next < hi ? next : 0.5 * (lo + hi);
  }
  return Math.exp(u);
}

/**
 * Finds the gamma flip. Each option's GEX at x is x·w·exp(−d(x)²/2) with d linear in ln x, so the
 * scan runs on a grid uniform in ln x, where each term follows a cheap recurrence (addGaussian).
 *
 * Options wide against the grid (σ√T ≥ 4 coarse steps, most of a chain) are summed on every fourth
 * point only and interpolated in between by cubics, whose error is at most
 * E = h⁴/8 · Σ|w|/(σ√T)⁴ (the fourth derivative of e^{−d²/2} is at most 3 in size; |Π(t−tⱼ)| ≤ h⁴
 * over a four-point stencil). Where the interpolated total is within E of zero its sign is in doubt,
 * and the wide sum is taken exactly there; so the signs the scan sees are those of the exact sums.
 * Sign changes are then refined (refineRoot) on the exact sum over the options alive in that bracket.
 */
export function gexFlip(
  cols: ChainColumns,
  S: number,
  rates: RateInputs,
  options: FlipOptions = {},
  inputs: FlipInputs = {},
): FlipResult {
  const workspace = inputs.workspace ?? freshWorkspace();
  const M = Math.max(3, options.gridPoints ?? 241);
  const lo = Math.log((options.lower ?? 0.7) * S);
  const hi = Math.log((options.upper ?? 1.3) * S);
  const h = (hi - lo) / (M - 1);
  const { active, nActive, inv, c, w } =
    inputs.terms ?? computeExposures(cols, S, rates, inputs.iv ?? cols.rowIv, workspace).terms;
  const stride = (M - 1) % COARSE_STRIDE === 0 && M > 4 * COARSE_STRIDE ? COARSE_STRIDE : 1;
  const Mc = (M - 1) / stride + 1;
  const hc = h * stride;
  const narrow = workspace.float64('flipNarrow', M, true);
  const coarse = workspace.float64('flipCoarse', Mc, true);
  const wide = workspace.int32('flipWide', nActive);
  let nWide = 0;
  let fourthDerivativeSum = 0;
  for (let j = 0; j < nActive; j++) {
    const i = active[j];
    const invSd = inv[i];
    const d0 = lo * invSd + c[i];
    if (stride > 1 && invSd * hc * WIDE_IN_COARSE_STEPS <= 1) {
      wide[nWide++] = i;
      const x4 = invSd * invSd * invSd * invSd;
      fourthDerivativeSum += Math.abs(w[i]) * x4;
      addGaussian(coarse, Mc, d0, hc * invSd, w[i]);
    } else addGaussian(narrow, M, d0, h * invSd, w[i]);
  }
  // Interpolation error bound (above), widened a little for rounding.
  const bound = stride > 1 ? ((hc * hc * hc * hc) / 8) * fourthDerivativeSum * (1 + 1e-9) : 0;
  const scan = workspace.float64('flipScan', M);
  for (let k = 0; k < M; k++) {
    const j = Math.floor(k / stride);
    const r = k - j * stride;
    if (r === 0) {
      scan[k] = narrow[k] + coarse[j];
      continue;
    }
    // Four-point Lagrange stencil s0..s0+3 around the cell, shifted inwards at the ends.
    const s0 = Math.min(Math.max(j - 1, 0), Mc - 4);
    const t = k / stride - s0;
    const t0 = t;
    const t1 = t - 1;
    const t2 = t - 2;
    const t3 = t - 3;
    const interpolated =
      (-t1 * t2 * t3 * coarse[s0]) / 6 +
      (t0 * t2 * t3 * coarse[s0 + 1]) / 2 -
      (t0 * t1 * t3 * coarse[s0 + 2]) / 2 +
      (t0 * t1 * t2 * coarse[s0 + 3]) / 6;
    let value = narrow[k] + interpolated;
    if (Math.abs(value) <= bound) {
      const lx = lo + k * h;
      let exact = 0;
      for (let m = 0; m < nWide; m++) {
        const i = wide[m];
        const d = lx * inv[i] + c[i];
        if (d < D_CUTOFF && d > -D_CUTOFF) exact += w[i] * Math.exp(-0.5 * d * d);
      }
      value = narrow[k] + exact;
    }
    scan[k] = value;
  }
  const grid = new Float64Array(Mc);
  const profile = new Float64Array(Mc);
  for (let j = 0; j < Mc; j++) {
    const x = Math.exp(lo + j * hc);
    grid[j] = x;
    profile[j] = x * scan[j * stride];
  }

  const roots: number[] = [];
  const subset = workspace.int32('flipSubset', nActive);
  // Sign changes between consecutive non-zero scan values (far from every strike the sum
  // underflows to exactly 0, which is no crossing). The factor x > 0 does not change signs.
  let prev = -1;
  for (let k = 0; k < M; k++) {
    if (scan[k] === 0) continue;
    if (prev >= 0 && scan[prev] * scan[k] < 0) {
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
      const root = refineRoot(la, lb, scan[prev] < 0, subset, m, inv, c, w, 1e-10 * S);
      if (Number.isFinite(root)) roots.push(root);
    }
    prev = k;
  }
  let flip: number | null = null;
  for (const x of roots) if (flip === null || Math.abs(x - S) < Math.abs(flip - S)) flip = x;
  return { flip, roots, grid, profile };
}
