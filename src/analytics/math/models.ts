/* eslint-disable no-loss-of-precision -- quadrature nodes and weights keep their published digits. */
/**
 * Model fair values for the ensemble edge: Merton (1976) jump-diffusion by its Poisson series of
 * BSM prices, and Heston (1993) by the Lewis (2001) single-integral formula over the "little trap"
 * characteristic function of Albrecher, Mayer, Schoutens & Tistaert (Wilmott 2007), which stays on
 * the principal branch of the complex logarithm for long maturities. Heston calibration to a smile
 * by Levenberg–Marquardt on vega-scaled price errors (≈ IV errors), deterministic from a fixed start.
 */
import { bsmPriceRaw } from './black-scholes.js';
import { impliedVolatilityRaw } from './implied-volatility.js';
import type { OptionInput, OptionMarket, OptionType } from './option-input.js';

// ——— Merton jump-diffusion ———

/** An option input whose sigma is the diffusion volatility, and the jump parameters. */
export interface MertonInput extends OptionInput {
  /** Jump intensity per year. */
  lambda: number;
  /** Mean of the log jump size. */
  muJ: number;
  /** Standard deviation of the log jump size. */
  deltaJ: number;
}

/**
 * Merton (1976): Σₙ e^{−λ'T}(λ'T)ⁿ/n! · BSM(S, K, T, rₙ, q, σₙ), λ' = λ(1+k), k = e^{μ+δ²/2} − 1,
 * σₙ² = σ² + nδ²/T, rₙ = r − λk + n·ln(1+k)/T. Summed until the Poisson tail is below 1e-17.
 */
export function mertonJumpDiffusionPrice(input: MertonInput): number {
  const { S, K, T, r, q, sigma, lambda, muJ, deltaJ } = input;
  const isCall = input.type === 'call';
  if (!(T > 0) || !(lambda > 0)) return bsmPriceRaw(isCall, S, K, T, r, q, sigma);
  const k = Math.exp(muJ + 0.5 * deltaJ * deltaJ) - 1;
  const lp = lambda * (1 + k) * T;
  let weight = Math.exp(-lp);
  let cumulative = 0;
  let price = 0;
  for (let n = 0; n < 1000; n++) {
    if (n > 0) weight *= lp / n;
    const sigmaN = Math.sqrt(sigma * sigma + (n * deltaJ * deltaJ) / T);
    const rN = r - lambda * k + (n * Math.log1p(k)) / T;
    // Discounting at rN (not r) is part of the identity with the λ' = λ(1+k) weights (Hull).
    const p = bsmPriceRaw(isCall, S, K, T, rN, q, sigmaN);
    price += weight * p;
    cumulative += weight;
    if (n > lp && 1 - cumulative < 1e-17) break;
  }
  return price;
}

// ——— complex helpers (pairs of numbers, no allocation-heavy classes) ———

export interface Complex {
  re: number;
  im: number;
}
const c = (re: number, im = 0): Complex => ({ re, im });
const add = (a: Complex, b: Complex): Complex => c(a.re + b.re, a.im + b.im);
const sub = (a: Complex, b: Complex): Complex => c(a.re - b.re, a.im - b.im);
const mul = (a: Complex, b: Complex): Complex =>
  c(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
const div = (a: Complex, b: Complex): Complex => {
  const d = b.re * b.re + b.im * b.im;
  return c((a.re * b.re + a.im * b.im) / d, (a.im * b.re - a.re * b.im) / d);
};
const cexp = (a: Complex): Complex => {
  const e = Math.exp(a.re);
  return c(e * Math.cos(a.im), e * Math.sin(a.im));
};
const clog = (a: Complex): Complex => c(Math.log(Math.hypot(a.re, a.im)), Math.atan2(a.im, a.re));
const csqrt = (a: Complex): Complex => {
  const m = Math.hypot(a.re, a.im);
  const re = Math.sqrt(0.5 * (m + a.re));
  const im = Math.sqrt(0.5 * (m - a.re));
  return c(re, a.im < 0 ? -im : im);
};

// ——— Heston ———

export interface HestonParams {
  /** Mean-reversion speed of variance. */
  kappa: number;
  /** Long-run variance. */
  theta: number;
  /** Volatility of variance. */
  sigma: number;
  /** Correlation of spot and variance shocks. */
  rho: number;
  /** Initial variance. */
  v0: number;
}

/**
 * E[exp(iu·ln(S_T/F))] under Heston, "little trap" form: with d = √((ρσiu − κ)² + σ²(iu + u²)) and
 * g = (κ − ρσiu − d)/(κ − ρσiu + d), C = κθ/σ²·((κ − ρσiu − d)T − 2 ln((1 − g e^{−dT})/(1 − g))),
 * D = (κ − ρσiu − d)/σ² · (1 − e^{−dT})/(1 − g e^{−dT}); ψ = exp(C + D·v0). u may be complex.
 */
export function hestonCharacteristic(u: Complex, T: number, p: HestonParams): Complex {
  const { kappa, theta, sigma, rho, v0 } = p;
  const iu = c(-u.im, u.re);
  const rsiu = mul(c(rho * sigma), iu);
  const kmr = sub(c(kappa), rsiu);
  const d = csqrt(add(mul(kmr, kmr), mul(c(sigma * sigma), add(iu, mul(u, u)))));
  const g = div(sub(kmr, d), add(kmr, d));
  const edt = cexp(mul(c(-T), d));
  const oneMinusGedt = sub(c(1), mul(g, edt));
  const C = mul(
    c((kappa * theta) / (sigma * sigma)),
    sub(mul(sub(kmr, d), c(T)), mul(c(2), clog(div(oneMinusGedt, sub(c(1), g))))),
  );
  const D = mul(div(sub(kmr, d), c(sigma * sigma)), div(sub(c(1), edt), oneMinusGedt));
  return cexp(add(C, mul(D, c(v0))));
}

/** Gauss–Kronrod 7/15 nodes and weights on [−1, 1] (QUADPACK's QK15). */
const GK_X = [
  0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
  0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
  0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
  0.207784955007898467600689403773245, 0,
];
const GK_WK = [
  0.02293532201052922496373200805897, 0.063092092629978553290700663189204,
  0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
  0.16900472663926790282658342659855, 0.190350578064785409913256402421014,
  0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
];
const GK_WG = [
  0, 0.129484966168869693270611432679082, 0, 0.27970539148927666790146777142378, 0,
  0.381830050505118944950369775488975, 0, 0.417959183673469387755102040816327,
];

function gk15(f: (x: number) => number, a: number, b: number): { value: number; error: number } {
  const half = 0.5 * (b - a);
  const mid = 0.5 * (a + b);
  let kronrod = 0;
  let gauss = 0;
  for (let i = 0; i < 8; i++) {
    if (GK_X[i] === 0) {
      const fx = f(mid);
      kronrod += GK_WK[i] * fx;
      gauss += GK_WG[i] * fx;
    } else {
      const fsum = f(mid - half * GK_X[i]) + f(mid + half * GK_X[i]);
      kronrod += GK_WK[i] * fsum;
      gauss += GK_WG[i] * fsum;
    }
  }
  return { value: kronrod * half, error: Math.abs((kronrod - gauss) * half) };
}

/**
 * Globally adaptive Gauss–Kronrod (7/15) of f on [a, b]: splits the interval with the largest
 * error estimate until the summed estimate is below tol or maxIntervals is reached.
 */
export function integrate(
  f: (x: number) => number,
  a: number,
  b: number,
  tol = 1e-12,
  maxIntervals = 400,
): number {
  const lo = [a];
  const hi = [b];
  const first = gk15(f, a, b);
  const val = [first.value];
  const err = [first.error];
  let total = first.value;
  let totalErr = first.error;
  while (totalErr > tol && lo.length < maxIntervals) {
    let worst = 0;
    for (let i = 1; i < err.length; i++) if (err[i] > err[worst]) worst = i;
    const m = 0.5 * (lo[worst] + hi[worst]);
    const left = gk15(f, lo[worst], m);
    const right = gk15(f, m, hi[worst]);
    total += left.value + right.value - val[worst];
    totalErr += left.error + right.error - err[worst];
    lo.push(m);
    hi.push(hi[worst]);
    val.push(right.value);
    err.push(right.error);
    hi[worst] = m;
    val[worst] = left.value;
    err[worst] = left.error;
    // Round-off floor: nothing more to gain below a few ulps of the integral.
    if (totalErr <= 1e-15 * Math.abs(total)) break;
  }
  return total;
}

/**
 * European price from a characteristic function ψ(u) of ln(S_T/F) by Lewis (2001):
 * C = e^{−rT}·(F − √(FK)/π · ∫₀^∞ Re[e^{iux}·ψ(u − i/2)] / (u² + ¼) du), x = ln(F/K); puts by parity.
 * The integral runs on u = t/(1 − t), t ∈ [0, 1).
 */
export function lewisPrice(
  type: OptionType,
  S: number,
  K: number,
  T: number,
  r: number,
  q: number,
  psi: (u: Complex) => Complex,
  tol = 1e-13,
): number {
  const F = S * Math.exp((r - q) * T);
  const x = Math.log(F / K);
  const integrand = (t: number): number => {
    if (t >= 1) return 0;
    const u = t / (1 - t);
    const jac = 1 / ((1 - t) * (1 - t));
    const v = psi(c(u, -0.5));
    const e = c(Math.cos(u * x), Math.sin(u * x));
    const val = mul(e, v).re / (u * u + 0.25);
    return Number.isFinite(val) ? val * jac : 0;
  };
  const integral = integrate(integrand, 0, 1, tol * Math.min(1, K / Math.sqrt(F * K)));
  const call = Math.exp(-r * T) * (F - (Math.sqrt(F * K) / Math.PI) * integral);
  return type === 'call' ? call : call - Math.exp(-r * T) * (F - K);
}

/** An option's market and the Heston parameters (whose sigma is the volatility of variance). */
export type HestonInput = OptionMarket & HestonParams;

/** Heston (1993) European price (little-trap characteristic function, Lewis integral). */
export function hestonPrice(input: HestonInput): number {
  const { type, S, K, T, r, q } = input;
  if (!(T > 0)) return Math.max(type === 'call' ? S - K : K - S, 0);
  const price = lewisPrice(type, S, K, T, r, q, (u) => hestonCharacteristic(u, T, input));
  // The discounted intrinsic value on the forward is a hard floor (rounding can dip under it).
  const F = S * Math.exp((r - q) * T);
  return Math.max(price, Math.exp(-r * T) * Math.max(type === 'call' ? F - K : K - F, 0));
}

/** Characteristic function of ln(S_T/F) under Merton, for cross-checks through lewisPrice. */
export function mertonCharacteristic(
  u: Complex,
  T: number,
  sigma: number,
  lambda: number,
  muJ: number,
  deltaJ: number,
): Complex {
  const k = Math.exp(muJ + 0.5 * deltaJ * deltaJ) - 1;
  const iu = c(-u.im, u.re);
  const u2 = mul(u, u);
  // iu·(−σ²/2 − λk)T − σ²u²T/2 + λT(e^{iuμ − δ²u²/2} − 1)
  const drift = mul(iu, c((-0.5 * sigma * sigma - lambda * k) * T));
  const diff = mul(c(-0.5 * sigma * sigma * T), u2);
  const jump = mul(
    c(lambda * T),
    sub(cexp(add(mul(iu, c(muJ)), mul(c(-0.5 * deltaJ * deltaJ), u2))), c(1)),
  );
  return cexp(add(add(drift, diff), jump));
}

// ——— Heston calibration ———

export interface SmileQuote {
  type: OptionType;
  K: number;
  T: number;
  /** Market price (discounted, dollars). */
  price: number;
}

export interface HestonCalibrationInput {
  S: number;
  r: number;
  q: number;
  quotes: SmileQuote[];
  /** Starting point (default κ 2, θ 0.04, σ 0.5, ρ −0.5, v0 0.04). */
  initial?: HestonParams;
  maxIterations?: number;
}

export interface HestonCalibrationResult {
  params: HestonParams;
  /** Root-mean-square of model − market IV over the quotes (vol units). */
  rmseIv: number;
  iterations: number;
}

const toUnconstrained = (p: HestonParams): number[] => [
  Math.log(p.kappa),
  Math.log(p.theta),
  Math.log(p.sigma),
  Math.atanh(Math.max(-0.999, Math.min(0.999, p.rho))),
  Math.log(p.v0),
];
const fromUnconstrained = (z: number[]): HestonParams => ({
  kappa: Math.exp(z[0]),
  theta: Math.exp(z[1]),
  sigma: Math.exp(z[2]),
  rho: Math.tanh(z[3]),
  v0: Math.exp(z[4]),
});

/** Solves the small dense system A·x = b by Gaussian elimination with partial pivoting. */
function solveLinear(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(M[r][col]) > Math.abs(M[piv][col])) piv = r;
    [M[col], M[piv]] = [M[piv], M[col]];
    const d = M[col][col];
    if (Math.abs(d) < 1e-300) continue;
    for (let r = col + 1; r < n; r++) {
      const f = M[r][col] / d;
      for (let k = col; k <= n; k++) M[r][k] -= f * M[col][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = Math.abs(M[r][r]) < 1e-300 ? 0 : s / M[r][r];
  }
  return x;
}

/**
 * Calibrates Heston to a smile by Levenberg–Marquardt in an unconstrained parametrisation
 * (log κ, log θ, log σ, atanh ρ, log v0). Residuals are (model − market price)/BSM vega at the
 * market IV, i.e. IV errors to first order. Deterministic: fixed start, forward-difference Jacobian.
 */
export function calibrateHeston(input: HestonCalibrationInput): HestonCalibrationResult {
  const { S, r, q, quotes } = input;
  const start = input.initial ?? { kappa: 2, theta: 0.04, sigma: 0.5, rho: -0.5, v0: 0.04 };
  const maxIterations = input.maxIterations ?? 60;
  const scale = quotes.map((qt) => {
    const iv = impliedVolatilityRaw(qt.type === 'call', S, qt.K, qt.T, r, q, qt.price);
    const sigma = iv > 0 ? iv : 0.2;
    const h = 1e-4;
    const vega =
      (bsmPriceRaw(qt.type === 'call', S, qt.K, qt.T, r, q, sigma + h) -
        bsmPriceRaw(qt.type === 'call', S, qt.K, qt.T, r, q, sigma - h)) /
      (2 * h);
    return Math.max(vega, 1e-8 * S);
  });
  const residuals = (z: number[]): number[] => {
    const p = fromUnconstrained(z);
    return quotes.map(
      (qt, i) =>
        (hestonPrice({ ...p, type: qt.type, S, K: qt.K, T: qt.T, r, q }) - qt.price) / scale[i],
    );
  };
  const sumSq = (v: number[]): number => v.reduce((s, x) => s + x * x, 0);
  let z = toUnconstrained(start);
  let res = residuals(z);
  let cost = sumSq(res);
  let mu = 1e-2;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const J: number[][] = res.map(() => new Array<number>(5).fill(0));
    for (let j = 0; j < 5; j++) {
      const h = 1e-6 * Math.max(1, Math.abs(z[j]));
      const zj = [...z];
      zj[j] += h;
      const rj = residuals(zj);
      for (let i = 0; i < res.length; i++) J[i][j] = (rj[i] - res[i]) / h;
    }
    const JtJ = [0, 1, 2, 3, 4].map((a) =>
      [0, 1, 2, 3, 4].map((b) => J.reduce((s, row) => s + row[a] * row[b], 0)),
    );
    const Jtr = [0, 1, 2, 3, 4].map((a) => J.reduce((s, row, i) => s + row[a] * res[i], 0));
    let improved = false;
    for (let attempt = 0; attempt < 12; attempt++) {
      const A = JtJ.map((row, a) => row.map((v, b) => (a === b ? v + mu * (v + 1e-12) : v)));
      const step = solveLinear(
        A,
        Jtr.map((v) => -v),
      );
      const zNew = z.map((v, i) => v + Math.max(-2, Math.min(2, step[i])));
      const resNew = residuals(zNew);
      const costNew = sumSq(resNew);
      if (Number.isFinite(costNew) && costNew < cost) {
        const relGain = (cost - costNew) / Math.max(cost, 1e-300);
        z = zNew;
        res = resNew;
        cost = costNew;
        mu = Math.max(mu / 3, 1e-12);
        improved = true;
        if (relGain < 1e-10) iterations = maxIterations;
        break;
      }
      mu *= 4;
    }
    if (!improved || cost < 1e-24) break;
  }
  return {
    params: fromUnconstrained(z),
    rmseIv: Math.sqrt(cost / Math.max(1, quotes.length)),
    iterations,
  };
}
