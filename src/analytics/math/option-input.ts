/**
 * The inputs every option pricer here takes, defined once: the contract and its market (right,
 * spot, strike, years to expiry, continuous rate and yield), with a volatility for the pricers and
 * a price for the implied-volatility solvers, and the same in columns for the batch forms.
 */
import type { OptionRight } from '../../vocabulary/trading.js';

/** Call or put. */
export type OptionType = OptionRight;

/** One option and its market, without a volatility: spot, strike, years, continuous r and q. */
export interface OptionMarket {
  type: OptionType;
  S: number;
  K: number;
  T: number;
  r: number;
  q: number;
}

/** One option's model inputs: its market and a (lognormal) volatility. */
export interface OptionInput extends OptionMarket {
  sigma: number;
}

/** Columnar OptionMarket: isCall[i] = 1 for a call, 0 for a put; S, r and q scalars or columns. */
export interface OptionMarketColumns {
  isCall: Uint8Array;
  S: Float64Array | number;
  K: Float64Array;
  T: Float64Array;
  r: Float64Array | number;
  q: Float64Array | number;
}
