/**
 * American options by the Bjerksund–Stensland (2002) approximation ("Closed form valuation of
 * American options", NHH discussion paper 2002; formulas as in Haug, "The Complete Guide to Option
 * Pricing Formulas", 2nd ed., §3.3.2): a two-step flat exercise boundary, calls directly and puts
 * through the put-call transformation P(S, K, T, r, b, σ) = C(K, S, T, r − b, −b, σ), with cost of
 * carry b = r − q. Greeks by central finite differences; IV by a bracketed Brent solve on σ.
 */
import type { Greeks } from './black-scholes.js';
import { bsmPriceRaw } from './black-scholes.js';
import { bivariateNormalCdf } from './bivariate-normal.js';
import type { IvInput, IvResult } from './implied-volatility.js';
import { normCdf } from './normal.js';
import type { OptionInput } from './option-input.js';
import { brentRoot } from './roots.js';

/** Generalised BSM with cost of carry b (q = r − b). */
function europeanCarry(
  isCall: boolean,
  S: number,
  K: number,
  T: number,
  r: number,
  b: number,
  sigma: number,
): number {
  return bsmPriceRaw(isCall, S, K, T, r, r - b, sigma);
}

function phi(
  S: number,
  T: number,
  gamma: number,
  H: number,
  I: number,
  r: number,
  b: number,
  v: number,
): number {
  const v2 = v * v;
  const sqrtT = Math.sqrt(T);
  const lambda = (-r + gamma * b + 0.5 * gamma * (gamma - 1) * v2) * T;
  const d = -(Math.log(S / H) + (b + (gamma - 0.5) * v2) * T) / (v * sqrtT);
  const kappa = (2 * b) / v2 + 2 * gamma - 1;
  return (
    Math.exp(lambda) *
    Math.pow(S, gamma) *
    (normCdf(d) - Math.pow(I / S, kappa) * normCdf(d - (2 * Math.log(I / S)) / (v * sqrtT)))
  );
}

function psi(
  S: number,
  T2: number,
  gamma: number,
  H: number,
  I2: number,
  I1: number,
  t1: number,
  r: number,
  b: number,
  v: number,
): number {
  const v2 = v * v;
  const drift1 = (b + (gamma - 0.5) * v2) * t1;
  const drift2 = (b + (gamma - 0.5) * v2) * T2;
  const sd1 = v * Math.sqrt(t1);
  const sd2 = v * Math.sqrt(T2);
  const e1 = (Math.log(S / I1) + drift1) / sd1;
  const e2 = (Math.log((I2 * I2) / (S * I1)) + drift1) / sd1;
  const e3 = (Math.log(S / I1) - drift1) / sd1;
  const e4 = (Math.log((I2 * I2) / (S * I1)) - drift1) / sd1;
  const f1 = (Math.log(S / H) + drift2) / sd2;
  const f2 = (Math.log((I2 * I2) / (S * H)) + drift2) / sd2;
  const f3 = (Math.log((I1 * I1) / (S * H)) + drift2) / sd2;
  const f4 = (Math.log((S * I1 * I1) / (H * I2 * I2)) + drift2) / sd2;
  const rho = Math.sqrt(t1 / T2);
  const lambda = -r + gamma * b + 0.5 * gamma * (gamma - 1) * v2;
  const kappa = (2 * b) / v2 + (2 * gamma - 1);
  return (
    Math.exp(lambda * T2) *
    Math.pow(S, gamma) *
    (bivariateNormalCdf(-e1, -f1, rho) -
      Math.pow(I2 / S, kappa) * bivariateNormalCdf(-e2, -f2, rho) -
      Math.pow(I1 / S, kappa) * bivariateNormalCdf(-e3, -f3, -rho) +
      Math.pow(I1 / I2, kappa) * bivariateNormalCdf(-e4, -f4, -rho))
  );
}

function americanCall2002(
  S: number,
  K: number,
  T: number,
  r: number,
  b: number,
  v: number,
): number {
  if (b >= r) return europeanCarry(true, S, K, T, r, b, v); // never optimal to exercise early
  const v2 = v * v;
  const t1 = 0.5 * (Math.sqrt(5) - 1) * T;
  const beta = 0.5 - b / v2 + Math.sqrt((b / v2 - 0.5) ** 2 + (2 * r) / v2);
  const bInf = (beta / (beta - 1)) * K;
  const b0 = Math.max(K, (r / (r - b)) * K);
  const ht1 = (-(b * t1 + 2 * v * Math.sqrt(t1)) * K * K) / ((bInf - b0) * b0);
  const ht2 = (-(b * T + 2 * v * Math.sqrt(T)) * K * K) / ((bInf - b0) * b0);
  const I1 = b0 + (bInf - b0) * (1 - Math.exp(ht1));
  const I2 = b0 + (bInf - b0) * (1 - Math.exp(ht2));
  if (S >= I2) return S - K;
  const alpha1 = (I1 - K) * Math.pow(I1, -beta);
  const alpha2 = (I2 - K) * Math.pow(I2, -beta);
  const value =
    alpha2 * Math.pow(S, beta) -
    alpha2 * phi(S, t1, beta, I2, I2, r, b, v) +
    phi(S, t1, 1, I2, I2, r, b, v) -
    phi(S, t1, 1, I1, I2, r, b, v) -
    K * phi(S, t1, 0, I2, I2, r, b, v) +
    K * phi(S, t1, 0, I1, I2, r, b, v) +
    alpha1 * phi(S, t1, beta, I1, I2, r, b, v) -
    alpha1 * psi(S, T, beta, I1, I2, I1, t1, r, b, v) +
    psi(S, T, 1, I1, I2, I1, t1, r, b, v) -
    psi(S, T, 1, K, I2, I1, t1, r, b, v) -
    K * psi(S, T, 0, I1, I2, I1, t1, r, b, v) +
    K * psi(S, T, 0, K, I2, I1, t1, r, b, v);
  // The approximation is a lower bound; never below the European value or immediate exercise.
  return Math.max(value, europeanCarry(true, S, K, T, r, b, v), S - K);
}

/** American option price (Bjerksund–Stensland 2002). T ≤ 0 or σ ≤ 0: immediate exercise value. */
export function americanPrice(input: OptionInput): number {
  return americanPriceRaw(
    input.type === 'call',
    input.S,
    input.K,
    input.T,
    input.r,
    input.q,
    input.sigma,
  );
}

export function americanPriceRaw(
  isCall: boolean,
  S: number,
  K: number,
  T: number,
  r: number,
  q: number,
  sigma: number,
): number {
  const intrinsic = Math.max(isCall ? S - K : K - S, 0);
  if (!(T > 0) || !(sigma > 0)) {
    return Math.max(intrinsic, bsmPriceRaw(isCall, S, K, Math.max(T, 0), r, q, 0));
  }
  const b = r - q;
  const value = isCall
    ? americanCall2002(S, K, T, r, b, sigma)
    : americanCall2002(K, S, T, r - b, -b, sigma);
  return Math.max(value, intrinsic);
}

/**
 * Greeks of the American price by central differences (DESIGN.md units). Higher orders (vanna,
 * charm, vomma, speed) are differenced as well.
 */
export function americanGreeks(input: OptionInput): Greeks {
  const { S, K, T, r, q, sigma } = input;
  const call = input.type === 'call';
  const p = (s: number, t: number, rr: number, v: number): number =>
    americanPriceRaw(call, s, K, t, rr, q, v);
  const price = p(S, T, r, sigma);
  const dS = S * 1e-3;
  const up = p(S + dS, T, r, sigma);
  const dn = p(S - dS, T, r, sigma);
  const delta = (up - dn) / (2 * dS);
  const gamma = (up - 2 * price + dn) / (dS * dS);
  const up2 = p(S + 2 * dS, T, r, sigma);
  const dn2 = p(S - 2 * dS, T, r, sigma);
  const speed = (up2 - 2 * up + 2 * dn - dn2) / (2 * dS * dS * dS);
  const dv = 1e-3;
  const vUp = p(S, T, r, sigma + dv);
  const vDn = p(S, T, r, Math.max(sigma - dv, 1e-8));
  const vega = (vUp - vDn) / (2 * dv) / 100;
  const vomma = (vUp - 2 * price + vDn) / (dv * dv) / 10000;
  const vanna =
    (p(S + dS, T, r, sigma + dv) -
      p(S + dS, T, r, sigma - dv) -
      p(S - dS, T, r, sigma + dv) +
      p(S - dS, T, r, sigma - dv)) /
    (4 * dS * dv) /
    100;
  const day = 1 / 365;
  const tShort = Math.max(T - day, 0);
  const theta = (p(S, tShort, r, sigma) - price) / ((T - tShort) * 365);
  const dUpShort = (p(S + dS, tShort, r, sigma) - p(S - dS, tShort, r, sigma)) / (2 * dS);
  const charm = (dUpShort - delta) / ((T - tShort) * 365);
  const dr = 1e-4;
  const rho = (p(S, T, r + dr, sigma) - p(S, T, r - dr, sigma)) / (2 * dr) / 100;
  return { price, delta, gamma, theta, vega, rho, vanna, charm, vomma, speed };
}

const SIGMA_MIN = 1e-4;
const SIGMA_MAX = 10;

/**
 * Implied volatility under Bjerksund–Stensland 2002: Brent on σ ∈ [1e-4, 10] after checking that
 * the price lies strictly between the prices at the two ends.
 */
export function americanImpliedVolatility(input: IvInput): IvResult {
  const { S, K, T, r, q, price } = input;
  const call = input.type === 'call';
  if (![S, K, T, r, q, price].every(Number.isFinite) || !(S > 0) || !(K > 0))
    return { iv: null, error: 'invalid_input' };
  if (!(T > 0)) return { iv: null, error: 'non_positive_time' };
  if (!(price > 0)) return { iv: null, error: 'non_positive_price' };
  const intrinsic = Math.max(call ? S - K : K - S, 0);
  if (price <= intrinsic) return { iv: null, error: 'below_intrinsic' };
  if (price >= (call ? S : K)) return { iv: null, error: 'above_upper_bound' };
  const f = (v: number): number => americanPriceRaw(call, S, K, T, r, q, v) - price;
  const fLo = f(SIGMA_MIN);
  if (fLo > 0) return { iv: null, error: 'below_intrinsic' };
  if (fLo === 0) return { iv: SIGMA_MIN };
  const fHi = f(SIGMA_MAX);
  if (fHi < 0) return { iv: null, error: 'above_upper_bound' };
  const iv = brentRoot(f, SIGMA_MIN, SIGMA_MAX, { xTol: 1e-14 }, fLo, fHi);
  return Number.isFinite(iv) ? { iv } : { iv: null, error: 'invalid_input' };
}
