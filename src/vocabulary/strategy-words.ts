/** Each strategy's name in words, as subscribers read it ("negative-gamma squeeze"). */
import type { StrategyName } from './trading.js';

export const STRATEGY_IN_WORDS: Record<StrategyName, string> = {
  gamma_scalp_0dte: '0DTE gamma scalp',
  overnight_1dte: '1DTE overnight',
  moc_imbalance: 'market-on-close imbalance',
  swing: 'swing',
  gex_squeeze: 'negative-gamma squeeze',
  gex_wall_premium: 'premium selling at a gamma wall',
  gex_iron_condor: 'iron condor between gamma walls',
  gex_flip_vol: 'gamma-flip volatility',
  scalp: 'scalp',
  momentum_breakout: 'momentum breakout',
  volume_spike: 'volume spike',
};

/** The setup's name in words; an unknown id with its underscores spaced. */
export function strategyInWords(strategy: string): string {
  return STRATEGY_IN_WORDS[strategy as StrategyName] ?? strategy.replace(/_/g, ' ');
}
