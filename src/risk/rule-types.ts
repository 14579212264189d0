/**
 * What the risk rules take and give: the proposed trade with the account, the open positions,
 * feed ages and the overseer's controls in; one RuleCheck per rule out.
 */
import type { Direction, StrategyName } from '../vocabulary/trading.js';
import type { SignalCandidate } from '../strategies/signal-candidate.js';
import type { OpenPositionView } from '../strategies/strategy-context.js';
import type { RiskLimits } from './risk-limits.js';

export type RuleId =
  | 'overseer_halt'
  | 'symbol_halted'
  | 'strategy_disabled'
  | 'stale_pricing_feed'
  | 'stale_analytics'
  | 'daily_loss_breaker'
  | 'time_window'
  | 'max_concurrent_trades'
  | 'zero_dte_liquidity'
  | 'zero_dte_contracts'
  | 'zero_dte_delta'
  | 'swing_max_positions'
  | 'swing_correlation'
  | 'swing_liquidity'
  | 'moc_window'
  | 'moc_notional'
  | 'correlated_positions'
  | 'kelly_size'
  | 'net_delta'
  | 'net_gamma'
  | 'net_theta'
  | 'strategy_positions'
  | 'strategy_contracts'
  | 'portfolio_heat'
  | 'buying_power';

export interface RuleCheck {
  rule: RuleId;
  passed: boolean;
  value: number | string | null;
  limit: number | string | null;
  message: string;
}

/** An open position as risk sees it. */
export interface RiskPosition extends OpenPositionView {
  signalId: string;
  direction: Direction;
}

export interface TradingControls {
  halted: boolean;
  haltReason?: string;
  haltedSymbols: ReadonlySet<string>;
  disabledStrategies: ReadonlySet<StrategyName>;
  /** 0..1: the overseer's taper. */
  sizeMultiplier: number;
  /** The operator's manual mode (on top of RISK_MANUAL_MODE): approved candidates wait for a person. */
  manualMode?: boolean;
}

export interface RiskAccount {
  equity: number;
  startOfDayEquity: number;
  buyingPower: number;
  /** Realised + unrealised P&L today. */
  dayPnl: number;
}

export interface RiskInput {
  candidate: SignalCandidate;
  now: number;
  limits: RiskLimits;
  account: RiskAccount;
  positions: RiskPosition[];
  /** Age of the symbol's pricing feed (clock − quote time), ms; null = never seen. */
  feedAgeMs: number | null;
  /** Age of the symbol's analytics heartbeat, ms; null = never seen. */
  analyticsAgeMs: number | null;
  correlation: (a: string, b: string) => number | null;
  controls: TradingControls;
}
