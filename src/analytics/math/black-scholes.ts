/**
 * Black–Scholes–Merton price and Greeks for European options with a continuous dividend yield.
 *
 * Units (DESIGN.md): delta per $1 of underlying; gamma per $1 per $1; theta per calendar day
 * (annual / 365); vega per vol point (/100); rho per rate point (/100). Higher orders:
 * vanna = ∂delta/∂σ per vol point (/100); charm = ∂delta/∂t per calendar day (/365);
 * vomma = ∂vega/∂σ with vega per vol point, per vol point (raw / 10,000); speed = ∂gamma/∂S.
 *
 * The price is computed without cancellation: the out-of-the-money side from the normal tails
 * (falling back to Jäckel's normalised Black function when the two terms nearly cancel), the
 * in-the-money side from it by put-call parity.
 */
import {
  BlackCalculator,
  charmAnnual,
  forwardPriceByParity,
  gammaOf,
  intrinsicLimit,
  intrinsicLimitDelta,
  otmForwardPrice,
  rhoPerRatePoint,
  speedOf,
  thetaAnnual,
  vannaPerVolPoint,
  vegaPerUnit,
  vommaPerVolPoint,
} from './black-calculator.js';
import { ONE_OVER_SQRT_TWO_PI, normCdfFast as cdf } from './normal.js';
import type { OptionInput, OptionMarketColumns } from './option-input.js';

/** BSM takes the plain option input (option-input.ts). */
export type { OptionInput as BsmInput } from './option-input.js';

export interface Greeks {
  price: number;
  delta: number;
  gamma: number;
  theta: number;
  vega: number;
  rho: number;
  vanna: number;
  charm: number;
  vomma: number;
  speed: number;
}

const DAYS_PER_YEAR = 365;

/** The calculator behind the positional forms: re-set per option, so they allocate nothing. */
const shared = new BlackCalculator();

/**
 * Discounted BSM price. For T ≤ 0 or σ ≤ 0 the price is the discounted forward intrinsic value
 * (the σ → 0 limit), so callers can price expired or zero-vol options without special cases.
 */
export function bsmPrice(input: OptionInput): number {
  return BlackCalculator.of(input).price();
}

export function bsmPriceRaw(
  isCall: boolean,
  S: number,
  K: number,
  T: number,
  r: number,
  q: number,
  sigma: number,
): number {
  // BlackCalculator's price arithmetic on locals: a hot path (Merton's series, American bounds).
  if (!(T > 0) || !(sigma > 0)) return shared.set(isCall, S, K, T, r, q, sigma).price();
  const sd = sigma * Math.sqrt(T);
  const dfR = Math.exp(-r * T);
  const F = (S * Math.exp(-q * T)) / dfR;
  const x = Math.log(S / K) + (r - q) * T;
  const d1 = x / sd + 0.5 * sd;
  const d2 = d1 - sd;
  const otmIsCall = x <= 0;
  const c1 = otmIsCall ? cdf(d1) : cdf(-d1);
  const c2 = otmIsCall ? cdf(d2) : cdf(-d2);
  const otm = otmForwardPrice(otmIsCall, F, K, sigma, T, c1, c2);
  return dfR * forwardPriceByParity(isCall, otmIsCall, otm, F, K);
}

/** Price and all Greeks of one option. σ ≤ 0 or T ≤ 0 gives intrinsic value and zero Greeks except delta. */
export function bsmGreeks(input: OptionInput): Greeks {
  const c = BlackCalculator.of(input);
  return {
    price: c.price(),
    delta: c.delta(),
    gamma: c.gamma(),
    theta: c.theta(),
    vega: c.vega(),
    rho: c.rho(),
    vanna: c.vanna(),
    charm: c.charm(),
    vomma: c.vomma(),
    speed: c.speed(),
  };
}

/**
 * Writes [price, delta, gamma, theta, vega, rho, vanna, charm, vomma, speed] at out[offset…].
 * The core of the batch API; allocates nothing.
 */
export function greeksInto(
  isCall: boolean,
  S: number,
  K: number,
  T: number,
  r: number,
  q: number,
  sigma: number,
  out: Float64Array,
  offset: number,
): void {
  // BlackCalculator's arithmetic on locals (one shared calculator object cost this loop ~20%).
  if (!(T > 0) || !(sigma > 0)) {
    const Tp = T > 0 ? T : 0;
    const F = S * Math.exp((r - q) * Tp);
    out[offset] = intrinsicLimit(isCall, F, K, Math.exp(-r * Tp));
    out[offset + 1] = intrinsicLimitDelta(isCall, F, K, Math.exp(-q * Tp));
    for (let i = 2; i < 10; i++) out[offset + i] = 0;
    return;
  }
  const sqrtT = Math.sqrt(T);
  const sd = sigma * sqrtT;
  const dfQ = Math.exp(-q * T);
  const dfR = Math.exp(-r * T);
  const F = (S * dfQ) / dfR;
  const x = Math.log(S / K) + (r - q) * T;
  const d1 = x / sd + 0.5 * sd;
  const d2 = d1 - sd;
  // φ(d1) before the tails: measurably faster in this loop than after them.
  const pdf = ONE_OVER_SQRT_TWO_PI * Math.exp(-0.5 * d1 * d1);
  const otmIsCall = x <= 0;
  const c1 = otmIsCall ? cdf(d1) : cdf(-d1);
  const c2 = otmIsCall ? cdf(d2) : cdf(-d2);
  const otm = otmForwardPrice(otmIsCall, F, K, sigma, T, c1, c2);
  out[offset] = dfR * forwardPriceByParity(isCall, otmIsCall, otm, F, K);
  const Nd1 = otmIsCall === isCall ? c1 : 1 - c1;
  const Nd2 = otmIsCall === isCall ? c2 : 1 - c2;
  const sign = isCall ? 1 : -1;
  const dfQpdf = dfQ * pdf;
  const gamma = gammaOf(dfQpdf, S, sd);
  const vegaRaw = vegaPerUnit(S, dfQpdf, sqrtT);
  const theta = thetaAnnual(sign, S, K, r, q, sigma, sqrtT, dfQ, dfR, dfQpdf, Nd1, Nd2);
  out[offset + 1] = sign * dfQ * Nd1;
  out[offset + 2] = gamma;
  out[offset + 3] = theta / DAYS_PER_YEAR;
  out[offset + 4] = vegaRaw / 100;
  out[offset + 5] = rhoPerRatePoint(sign, K, T, dfR, Nd2);
  out[offset + 6] = vannaPerVolPoint(dfQpdf, d2, sigma);
  out[offset + 7] = charmAnnual(sign, r, q, T, dfQ, Nd1, dfQpdf, d2, sd) / DAYS_PER_YEAR;
  out[offset + 8] = vommaPerVolPoint(vegaRaw, d1, d2, sigma);
  out[offset + 9] = speedOf(gamma, S, d1, sd);
}

/** Caller-owned output columns for the batch form (each at least as long as the input). */
export interface GreeksColumns {
  price: Float64Array;
  delta: Float64Array;
  gamma: Float64Array;
  theta: Float64Array;
  vega: Float64Array;
  rho: Float64Array;
  vanna?: Float64Array;
  charm?: Float64Array;
  vomma?: Float64Array;
  speed?: Float64Array;
}

/** Columnar inputs with a volatility column. */
export interface BsmColumns extends OptionMarketColumns {
  sigma: Float64Array;
}

/** Allocates output columns of length n (once, by the caller; reuse them across batches). */
export function allocateGreeksColumns(n: number, higherOrder = true): GreeksColumns {
  const cols: GreeksColumns = {
    price: new Float64Array(n),
    delta: new Float64Array(n),
    gamma: new Float64Array(n),
    theta: new Float64Array(n),
    vega: new Float64Array(n),
    rho: new Float64Array(n),
  };
  if (higherOrder) {
    cols.vanna = new Float64Array(n);
    cols.charm = new Float64Array(n);
    cols.vomma = new Float64Array(n);
    cols.speed = new Float64Array(n);
  }
  return cols;
}

const scratch = new Float64Array(10);

/** Batch Greeks over columns [from, to): no per-contract allocation; σ = NaN gives NaN Greeks. */
export function bsmGreeksBatch(
  input: BsmColumns,
  out: GreeksColumns,
  from = 0,
  to = input.K.length,
): void {
  const { isCall, K, T, sigma } = input;
  const Sc = typeof input.S === 'number' ? null : input.S;
  const rc = typeof input.r === 'number' ? null : input.r;
  const qc = typeof input.q === 'number' ? null : input.q;
  const S0 = typeof input.S === 'number' ? input.S : 0;
  const r0 = typeof input.r === 'number' ? input.r : 0;
  const q0 = typeof input.q === 'number' ? input.q : 0;
  const { vanna, charm, vomma, speed } = out;
  for (let i = from; i < to; i++) {
    if (Number.isNaN(sigma[i])) {
      // No volatility (e.g. an IV with no solution): no Greeks, rather than σ → 0 intrinsic values.
      out.price[i] = out.delta[i] = out.gamma[i] = out.theta[i] = out.vega[i] = out.rho[i] = NaN;
      if (vanna) vanna[i] = NaN;
      if (charm) charm[i] = NaN;
      if (vomma) vomma[i] = NaN;
      if (speed) speed[i] = NaN;
      continue;
    }
    greeksInto(
      isCall[i] === 1,
      Sc ? Sc[i] : S0,
      K[i],
      T[i],
      rc ? rc[i] : r0,
      qc ? qc[i] : q0,
      sigma[i],
      scratch,
      0,
    );
    out.price[i] = scratch[0];
    out.delta[i] = scratch[1];
    out.gamma[i] = scratch[2];
    out.theta[i] = scratch[3];
    out.vega[i] = scratch[4];
    out.rho[i] = scratch[5];
    if (vanna) vanna[i] = scratch[6];
    if (charm) charm[i] = scratch[7];
    if (vomma) vomma[i] = scratch[8];
    if (speed) speed[i] = scratch[9];
  }
}

/** Black–Scholes gamma alone (per $1 per $1); 0 when σ ≤ 0 or T ≤ 0. Used by GEX re-pricing. */
export function bsmGamma(
  S: number,
  K: number,
  T: number,
  r: number,
  q: number,
  sigma: number,
): number {
  if (!(T > 0) || !(sigma > 0) || !(S > 0)) return 0;
  const sd = sigma * Math.sqrt(T);
  const d1 = (Math.log(S / K) + (r - q + 0.5 * sigma * sigma) * T) / sd;
  return (Math.exp(-q * T - 0.5 * d1 * d1) * ONE_OVER_SQRT_TWO_PI) / (S * sd);
}
