/** The overseer's settings, what it observes each second, and its daily summary. */
import type { AnalyticsSnapshot } from '../analytics/analytics-snapshot.js';
import { SETTLING_DAYS } from '../analytics/metrics/chain-metrics.js';
import type { Fill } from '../execution/broker.js';
import type { AlertLevel, OverseerAction } from './alerts.js';
import type { StrategyName } from '../vocabulary/trading.js';

export interface OverseerConfig {
  maxDataAgeMs: number;
  maxSlippage: number;
  maxRegimeUncertainty: number;
  decayMinTrades: number;
  decayRatio: number;
  alertBuffer: number;
  /** Day loss (fraction of start-of-day equity) at which size is tapered. */
  taperAtLoss: number;
  taperMultiplier: number;
  /** Same alert (kind, symbol, strategy) is not repeated within this long. */
  repeatAfterMs: number;
  /**
   * A symbol leaves the uncertain-regime state when uncertainty falls below this (hysteresis:
   * it entered above maxRegimeUncertainty), so the warning fires once per episode.
   */
  regimeUncertaintyExit: number;
}

export const DEFAULT_OVERSEER_CONFIG: OverseerConfig = {
  maxDataAgeMs: 10_000,
  maxSlippage: 0.02,
  maxRegimeUncertainty: 0.5,
  decayMinTrades: 10,
  decayRatio: 0.5,
  alertBuffer: 500,
  taperAtLoss: 0.015,
  taperMultiplier: 0.5,
  repeatAfterMs: 5 * 60_000,
  regimeUncertaintyExit: 0.4,
};

export interface StrategyRecord {
  trades: number;
  wins: number;
  /** Mean confidence the strategy gave its closed trades: the hit rate it promised. */
  expectedWinRate: number;
}

export interface OverseerObservation {
  now: number;
  /** Last timestamp per feed (chains per symbol, analytics heartbeats), ms. */
  feeds: Record<string, number>;
  /** Latest analytics per symbol seen since the last tick. */
  snapshots: AnalyticsSnapshot[];
  /** Fills since the last tick. */
  fills: Fill[];
  strategies: Partial<Record<StrategyName, StrategyRecord>>;
  /** Day P&L and start-of-day equity, for the taper. */
  dayPnl: number;
  startOfDayEquity: number;
}

export interface DailySummary {
  day: string;
  alerts: number;
  byLevel: Record<AlertLevel, number>;
  byKind: Record<string, number>;
  actions: { at: number; action: OverseerAction; message: string }[];
  controls: {
    halted: boolean;
    haltedSymbols: string[];
    disabledStrategies: string[];
    sizeMultiplier: number;
    paperOnly: boolean;
  };
}

/** Greeks no option can have: the symbol's analytics cannot be trusted. */
export function impossibleGreeks(s: AnalyticsSnapshot): string[] {
  const out: string[] = [];
  for (const c of s.contracts) {
    // Minutes before settlement a few cents of time value solve to IVs in the thousands of
    // percent: true of the quotes, not bad data (yesterday's close chain carries such contracts).
    if (c.t * 365 < SETTLING_DAYS) continue;
    const bad: string[] = [];
    if (c.delta !== null && (!Number.isFinite(c.delta) || Math.abs(c.delta) > 1.0001))
      bad.push(`delta ${c.delta}`);
    if (c.delta !== null && c.right === 'call' && c.delta < -1e-6)
      bad.push(`call delta ${c.delta}`);
    if (c.delta !== null && c.right === 'put' && c.delta > 1e-6) bad.push(`put delta ${c.delta}`);
    if (c.gamma !== null && (!Number.isFinite(c.gamma) || c.gamma < -1e-9))
      bad.push(`gamma ${c.gamma}`);
    if (c.vega !== null && (!Number.isFinite(c.vega) || c.vega < -1e-9)) bad.push(`vega ${c.vega}`);
    if (c.iv !== null && (!Number.isFinite(c.iv) || c.iv <= 0 || c.iv > 10)) bad.push(`iv ${c.iv}`);
    if (bad.length > 0) out.push(`${c.occSymbol}: ${bad.join(', ')}`);
  }
  for (const a of s.anomalies) if (a.kind === 'impossible_greeks') out.push(a.message);
  return out;
}
