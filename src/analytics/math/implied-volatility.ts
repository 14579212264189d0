/**
 * Implied volatility of European options under BSM with continuous rate and yield, by Jäckel's
 * "Let's Be Rational" on the forward (lets-be-rational.ts). Every price strictly inside the
 * no-arbitrage bounds gets a volatility; anything else gets an explicit reason instead of a number.
 */
import {
  LBR_ABOVE_MAXIMUM,
  LBR_BELOW_INTRINSIC,
  blackImpliedVolatility,
} from './lets-be-rational.js';
import type { OptionMarket, OptionMarketColumns } from './option-input.js';

/** An option's market and its price: what the solvers take. */
export interface IvInput extends OptionMarket {
  /** Discounted option price in dollars. */
  price: number;
}

export type IvError =
  | 'below_intrinsic'
  | 'above_upper_bound'
  | 'non_positive_time'
  | 'non_positive_price'
  | 'invalid_input';

export type IvResult = { iv: number } | { iv: null; error: IvError };

/** Numeric codes of IvError in the batch form's error column (0 = solved). */
export const IV_ERROR_CODES: Record<IvError, number> = {
  below_intrinsic: 1,
  above_upper_bound: 2,
  non_positive_time: 3,
  non_positive_price: 4,
  invalid_input: 5,
};
export const IV_ERROR_BY_CODE: (IvError | null)[] = [
  null,
  'below_intrinsic',
  'above_upper_bound',
  'non_positive_time',
  'non_positive_price',
  'invalid_input',
];

/**
 * Solves for σ; returns σ ≥ 0 or the negative error code. The price must be strictly above the
 * discounted intrinsic value (an option priced at intrinsic has no positive σ) and strictly below
 * the discounted upper bound (S·e^{−qT} for calls, K·e^{−rT} for puts).
 */
export function impliedVolatilityRaw(
  isCall: boolean,
  S: number,
  K: number,
  T: number,
  r: number,
  q: number,
  price: number,
): number {
  if (!Number.isFinite(S) || !Number.isFinite(K) || !Number.isFinite(r) || !Number.isFinite(q))
    return -5;
  if (!Number.isFinite(price) || Number.isNaN(T) || !(S > 0) || !(K > 0)) return -5;
  if (!(T > 0) || T === Infinity) return -3;
  if (!(price > 0)) return -4;
  const dfR = Math.exp(-r * T);
  const F = S * Math.exp((r - q) * T);
  const forwardPrice = price / dfR;
  const intrinsic = isCall ? F - K : K - F;
  if (intrinsic > 0 && !(forwardPrice > intrinsic)) return -1;
  const upper = isCall ? F : K;
  if (!(forwardPrice < upper)) return -2;
  const vol = blackImpliedVolatility(forwardPrice, F, K, T, isCall ? 1 : -1);
  if (vol === LBR_BELOW_INTRINSIC) return -1;
  if (vol === LBR_ABOVE_MAXIMUM) return -2;
  if (!(vol > 0) || !Number.isFinite(vol)) return -1;
  return vol;
}

export function impliedVolatility(input: IvInput): IvResult {
  const v = impliedVolatilityRaw(
    input.type === 'call',
    input.S,
    input.K,
    input.T,
    input.r,
    input.q,
    input.price,
  );
  if (v >= 0) return { iv: v };
  return { iv: null, error: IV_ERROR_BY_CODE[-v] as IvError };
}

/** Columnar IvInput. */
export interface IvColumns extends OptionMarketColumns {
  price: Float64Array;
}

/**
 * Batch IV into caller-owned columns: iv[i] = σ, or NaN with errorCode[i] set (IV_ERROR_CODES).
 * Returns how many solved.
 */
export function impliedVolatilityBatch(
  input: IvColumns,
  iv: Float64Array,
  errorCode?: Uint8Array,
  from = 0,
  to = input.K.length,
): number {
  const { isCall, K, T, price } = input;
  const Sc = typeof input.S === 'number' ? null : input.S;
  const rc = typeof input.r === 'number' ? null : input.r;
  const qc = typeof input.q === 'number' ? null : input.q;
  const S0 = typeof input.S === 'number' ? input.S : 0;
  const r0 = typeof input.r === 'number' ? input.r : 0;
  const q0 = typeof input.q === 'number' ? input.q : 0;
  let solved = 0;
  for (let i = from; i < to; i++) {
    const v = impliedVolatilityRaw(
      isCall[i] === 1,
      Sc ? Sc[i] : S0,
      K[i],
      T[i],
      rc ? rc[i] : r0,
      qc ? qc[i] : q0,
      price[i],
    );
    if (v >= 0) {
      iv[i] = v;
      if (errorCode) errorCode[i] = 0;
      solved++;
    } else {
      iv[i] = NaN;
      if (errorCode) errorCode[i] = -v;
    }
  }
  return solved;
}
