/**
 * Every limit the risk rules apply, as plain data (framework-free). `riskLimitsFromConfig` maps the
 * ENGINE/RISK environment variables; tests build limits directly from DEFAULT_RISK_LIMITS.
 */
import type { LiquidityGrade } from '../analytics/analytics-snapshot.js';
import type { EngineConfig } from '../config/sections/engine.js';
import type { StrategyName } from '../vocabulary/trading.js';
import { STRATEGY_NAMES } from '../strategies/registry.js';
import { parseStrategyLimits, type StrategyLimit } from './strategy-limits.js';

/** A window of New York wall-clock minutes since midnight, [start, end). */
export interface TimeWindow {
  startMinute: number;
  endMinute: number;
  label: string;
}

export interface RiskLimits {
  maxNetDelta: number;
  maxNetGamma: number;
  /** Theta budget ($/day) of the swing book: every strategy not in the short-dated book. */
  minNetTheta: number;
  /** The short-dated book (0DTE, same-day and overnight trades) and its own theta budget. */
  shortDatedTheta: { strategies: StrategyName[]; minNetTheta: number };
  /** Per-strategy caps (open positions, contracts an order). */
  strategyLimits: Partial<Record<StrategyName, StrategyLimit>>;
  zeroDte: { maxContracts: number; maxAbsDelta: number; minLiquidity: LiquidityGrade };
  swing: { maxPositions: number; maxCorrelation: number; minLiquidity: LiquidityGrade };
  moc: { window: TimeWindow; maxNotional: number };
  strategyWindows: Partial<Record<StrategyName, TimeWindow>>;
  defaultWindow: TimeWindow;
  maxCorrelation: number;
  maxCorrelatedPositions: number;
  maxHeat: number;
  maxRiskPerTrade: number;
  maxConcurrentTrades: number;
  dailyLossLimit: number;
  kelly: { fraction: number; priorTrades: number; priorWinRate: number };
  maxFeedAgeMs: number;
  maxAnalyticsAgeMs: number;
  manualMode: boolean;
}

export function parseWindow(text: string): TimeWindow {
  const m = /^(\d\d):(\d\d)-(\d\d):(\d\d)$/.exec(text.trim());
  if (!m) throw new Error(`bad time window "${text}" (want HH:MM-HH:MM)`);
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = Number(m[3]) * 60 + Number(m[4]);
  if (start >= end || end > 24 * 60) throw new Error(`bad time window "${text}"`);
  return { startMinute: start, endMinute: end, label: text.trim() };
}

export function parseStrategyWindows(text: string): Partial<Record<StrategyName, TimeWindow>> {
  const out: Partial<Record<StrategyName, TimeWindow>> = {};
  for (const part of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [name, window] = part.split('=');
    if (!name || !window) throw new Error(`bad strategy window "${part}" (want name=HH:MM-HH:MM)`);
    out[name as StrategyName] = parseWindow(window);
  }
  return out;
}

export const DEFAULT_RISK_LIMITS: RiskLimits = {
  maxNetDelta: 2_000,
  maxNetGamma: 500,
  minNetTheta: -400,
  shortDatedTheta: {
    strategies: ['gamma_scalp_0dte', 'scalp', 'moc_imbalance', 'overnight_1dte', 'gex_flip_vol'],
    minNetTheta: -5_000,
  },
  strategyLimits: {},
  zeroDte: { maxContracts: 6, maxAbsDelta: 500, minLiquidity: 'B' },
  swing: { maxPositions: 3, maxCorrelation: 0.7, minLiquidity: 'B' },
  moc: { window: parseWindow('15:30-15:50'), maxNotional: 10_000 },
  strategyWindows: parseStrategyWindows(
    'gamma_scalp_0dte=09:45-15:30,overnight_1dte=15:30-16:00,scalp=09:35-15:55,momentum_breakout=09:35-15:55,volume_spike=09:35-15:55',
  ),
  defaultWindow: parseWindow('09:35-15:55'),
  maxCorrelation: 0.7,
  maxCorrelatedPositions: 3,
  maxHeat: 0.2,
  maxRiskPerTrade: 0.02,
  maxConcurrentTrades: 10,
  dailyLossLimit: 0.03,
  kelly: { fraction: 0.25, priorTrades: 20, priorWinRate: 0.5 },
  maxFeedAgeMs: 3_000,
  maxAnalyticsAgeMs: 10_000,
  manualMode: false,
};

export function riskLimitsFromConfig(c: EngineConfig): RiskLimits {
  return {
    maxNetDelta: c.RISK_MAX_NET_DELTA,
    maxNetGamma: c.RISK_MAX_NET_GAMMA,
    minNetTheta: c.RISK_MIN_NET_THETA,
    shortDatedTheta: {
      strategies: c.RISK_SHORT_DATED_STRATEGIES as StrategyName[],
      minNetTheta: c.RISK_SHORT_DATED_MIN_NET_THETA,
    },
    strategyLimits: parseStrategyLimits(c.RISK_STRATEGY_LIMITS_JSON, STRATEGY_NAMES),
    zeroDte: {
      maxContracts: c.RISK_0DTE_MAX_CONTRACTS,
      maxAbsDelta: c.RISK_0DTE_MAX_ABS_DELTA,
      minLiquidity: c.RISK_0DTE_MIN_LIQUIDITY,
    },
    swing: {
      maxPositions: c.RISK_SWING_MAX_POSITIONS,
      maxCorrelation: c.RISK_SWING_MAX_CORRELATION,
      minLiquidity: c.RISK_SWING_MIN_LIQUIDITY,
    },
    moc: { window: parseWindow(c.RISK_MOC_WINDOW), maxNotional: c.RISK_MOC_MAX_NOTIONAL },
    strategyWindows: parseStrategyWindows(c.RISK_STRATEGY_WINDOWS),
    defaultWindow: parseWindow(c.RISK_DEFAULT_WINDOW),
    maxCorrelation: c.RISK_MAX_CORRELATION,
    maxCorrelatedPositions: c.RISK_MAX_CORRELATED_POSITIONS,
    maxHeat: c.RISK_MAX_HEAT,
    maxRiskPerTrade: c.RISK_MAX_RISK_PER_TRADE,
    maxConcurrentTrades: c.RISK_MAX_CONCURRENT_TRADES,
    dailyLossLimit: c.RISK_DAILY_LOSS_LIMIT,
    kelly: {
      fraction: c.RISK_KELLY_FRACTION,
      priorTrades: c.RISK_KELLY_PRIOR_TRADES,
      priorWinRate: c.RISK_KELLY_PRIOR_WIN_RATE,
    },
    maxFeedAgeMs: c.RISK_MAX_FEED_AGE_MS,
    maxAnalyticsAgeMs: c.RISK_MAX_ANALYTICS_AGE_MS,
    manualMode: c.RISK_MANUAL_MODE,
  };
}

const GRADE_ORDER: Record<LiquidityGrade, number> = { A: 4, B: 3, C: 2, D: 1, F: 0 };

/** True when `grade` is at least as good as `min`. */
export function gradeAtLeast(grade: LiquidityGrade, min: LiquidityGrade): boolean {
  return GRADE_ORDER[grade] >= GRADE_ORDER[min];
}
