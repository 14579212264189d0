/**
 * The trading words every stage shares: what a right, a leg, a direction and a strategy are.
 * A leaf: imports nothing of ours, so market data, strategies, risk, execution, the engine,
 * signals and distribution can all speak it without depending on one another.
 */

export type OptionRight = 'call' | 'put';

export type Direction = 'bullish' | 'bearish' | 'neutral';

export type StrategyName =
  | 'gamma_scalp_0dte'
  | 'overnight_1dte'
  | 'moc_imbalance'
  | 'swing'
  | 'gex_squeeze'
  | 'gex_wall_premium'
  | 'gex_iron_condor'
  | 'gex_flip_vol'
  | 'scalp'
  | 'momentum_breakout'
  | 'volume_spike';

export interface SignalLeg {
  occSymbol: string;
  right: OptionRight;
  strike: number;
  /** YYYY-MM-DD (New York). */
  expiry: string;
  side: 'buy' | 'sell';
  /** Contracts. */
  quantity: number;
}
