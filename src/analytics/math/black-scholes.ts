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
import { black } from './lets-be-rational.js';
import { ONE_OVER_SQRT_TWO_PI, normCdfFast as cdf } from './normal.js';

export type OptionType = 'call' | 'put';

/** One option's model inputs: spot, strike, years to expiry, continuous rate and yield, vol. */
export interface BsmInput {
  type: OptionType;
  S: number;
  K: number;
  T: number;
  r: number;
  q: number;
  sigma: number;
}

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

/**
 * Discounted BSM price. For T ≤ 0 or σ ≤ 0 the price is the discounted forward intrinsic value
 * (the σ → 0 limit), so callers can price expired or zero-vol options without special cases.
 */
export function bsmPrice(input: BsmInput): number {
  return bsmPriceRaw(
    input.type === 'call',
    input.S,
    input.K,
    input.T,
    input.r,
    input.q,
    input.sigma,
  );
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
  const Tp = T > 0 ? T : 0;
  const dfR = Math.exp(-r * Tp);
  const F = S * Math.exp((r - q) * Tp);
  if (!(Tp > 0) || !(sigma > 0)) return dfR * Math.max(isCall ? F - K : K - F, 0);
  const sqrtT = Math.sqrt(Tp);
  const sd = sigma * sqrtT;
  const d1 = (Math.log(F / K) + 0.5 * sd * sd) / sd;
  const d2 = d1 - sd;
  // Price the out-of-the-money side from the tails, then parity for the in-the-money side.
  let otm: number;
  let lead: number;
  if (F <= K) {
    lead = F * cdf(d1);
    otm = lead - K * cdf(d2);
  } else {
    lead = K * cdf(-d2);
    otm = lead - F * cdf(-d1);
  }
  // When the two terms cancel to under 1% of the leading one, digits are lost: use the
  // region-by-region normalised Black function instead.
  if (!(otm > 0.01 * lead)) otm = black(F, K, sigma, Tp, F <= K ? 1 : -1);
  const otmIsCall = F <= K;
  const undiscounted = otmIsCall === isCall ? otm : otm + (isCall ? F - K : K - F);
  return dfR * undiscounted;
}

/** Price and all Greeks of one option. σ ≤ 0 or T ≤ 0 gives intrinsic value and zero Greeks except delta. */
export function bsmGreeks(input: BsmInput): Greeks {
  const out = new Float64Array(10);
  greeksInto(
    input.type === 'call',
    input.S,
    input.K,
    input.T,
    input.r,
    input.q,
    input.sigma,
    out,
    0,
  );
  return {
    price: out[0],
    delta: out[1],
    gamma: out[2],
    theta: out[3],
    vega: out[4],
    rho: out[5],
    vanna: out[6],
    charm: out[7],
    vomma: out[8],
    speed: out[9],
  };
}

/**
 * Writes [price, delta, gamma, theta, vega, rho, vanna, charm, vomma, speed] at out[offset…].
 * The core of both the object and the batch API; allocates nothing.
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
  if (!(T > 0) || !(sigma > 0)) {
    const Tp = T > 0 ? T : 0;
    const F = S * Math.exp((r - q) * Tp);
    const dfQ = Math.exp(-q * Tp);
    const itm = isCall ? F > K : F < K;
    out[offset] = Math.exp(-r * Tp) * Math.max(isCall ? F - K : K - F, 0);
    out[offset + 1] = itm ? (isCall ? dfQ : -dfQ) : 0;
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
  const pdf = ONE_OVER_SQRT_TWO_PI * Math.exp(-0.5 * d1 * d1);
  // Tail probabilities of the out-of-the-money side, accurate to full relative precision.
  const otmIsCall = x <= 0;
  const c1 = otmIsCall ? cdf(d1) : cdf(-d1);
  const c2 = otmIsCall ? cdf(d2) : cdf(-d2);
  let otm: number;
  let lead: number;
  if (otmIsCall) {
    lead = F * c1;
    otm = lead - K * c2;
  } else {
    lead = K * c2;
    otm = lead - F * c1;
  }
  if (!(otm > 0.01 * lead)) otm = black(F, K, sigma, T, otmIsCall ? 1 : -1);
  const undiscounted = otmIsCall === isCall ? otm : otm + (isCall ? F - K : K - F);
  out[offset] = dfR * undiscounted;
  // N(±d1), N(±d2) with the sign of this option's type.
  const Nd1 = otmIsCall === isCall ? c1 : 1 - c1;
  const Nd2 = otmIsCall === isCall ? c2 : 1 - c2;
  const sign = isCall ? 1 : -1;
  const dfQpdf = dfQ * pdf;
  const gamma = dfQpdf / (S * sd);
  const vegaRaw = S * dfQpdf * sqrtT;
  const thetaAnnual =
    (-S * dfQpdf * sigma) / (2 * sqrtT) - sign * r * K * dfR * Nd2 + sign * q * S * dfQ * Nd1;
  const charmAnnual = sign * q * dfQ * Nd1 - (dfQpdf * (2 * (r - q) * T - d2 * sd)) / (2 * T * sd);
  out[offset + 1] = sign * dfQ * Nd1;
  out[offset + 2] = gamma;
  out[offset + 3] = thetaAnnual / DAYS_PER_YEAR;
  out[offset + 4] = vegaRaw / 100;
  out[offset + 5] = (sign * K * T * dfR * Nd2) / 100;
  out[offset + 6] = (-dfQpdf * d2) / sigma / 100;
  out[offset + 7] = charmAnnual / DAYS_PER_YEAR;
  out[offset + 8] = (vegaRaw * d1 * d2) / sigma / 10000;
  out[offset + 9] = (-gamma / S) * (d1 / sd + 1);
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

/** Columnar inputs: isCall[i] = 1 for a call, 0 for a put; r and q may be scalars or columns. */
export interface BsmColumns {
  isCall: Uint8Array;
  S: Float64Array | number;
  K: Float64Array;
  T: Float64Array;
  r: Float64Array | number;
  q: Float64Array | number;
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
