/**
 * What the engine has learnt from its closed trades: the trade list (reports, backtests), each
 * setup's record (risk sizes by it; strategies read its hit rate), each strategy's record against
 * its expected win rate (the overseer judges decay by it) and hit rates per strategy and regime
 * (explanations quote them).
 */
import type { StrategyRecord } from '../overseer/overseer.js';
import { SetupStats } from '../risk/risk-engine.js';
import type { StrategyName } from '../vocabulary/trading.js';

/** One closed trade, for reports and backtests. */
export interface ClosedTrade {
  signalId: string;
  strategy: StrategyName;
  setup: string;
  symbol: string;
  openedAt: number;
  closedAt: number;
  units: number;
  entry: number;
  exit: number;
  pnl: number;
  returnPct: number;
  riskDollars: number;
  reason: string;
}

export interface RegimeHitRate {
  trades: number;
  wins: number;
  rate: number;
}

/** What the signal said when it was opened: how confident, and in which regime. */
export interface TradeContext {
  confidence: number;
  regime: string;
}

export class TradeStatistics {
  readonly setupStats = new SetupStats();
  readonly closedTrades: ClosedTrade[] = [];
  private readonly regimes = new Map<string, { trades: number; wins: number }>();
  private readonly strategies = new Map<StrategyName, StrategyRecord & { confidenceSum: number }>();

  /**
   * Records a closed trade. Without the signal's context (a position the engine has no record
   * of) the strategy's expectation counts it at even confidence and no regime is credited.
   * `pnl` is the unrounded realised P&L (the trade carries it rounded to cents).
   */
  record(trade: ClosedTrade, pnl: number, context: TradeContext | null): void {
    this.closedTrades.push(trade);
    const risk = trade.riskDollars;
    this.setupStats.record(trade.strategy, trade.setup, risk > 0 ? pnl / risk : 0);
    const win = pnl > 0;
    const sr = this.strategies.get(trade.strategy) ?? {
      trades: 0,
      wins: 0,
      expectedWinRate: 0,
      confidenceSum: 0,
    };
    sr.trades += 1;
    sr.wins += win ? 1 : 0;
    sr.confidenceSum += context?.confidence ?? 0.5;
    sr.expectedWinRate = sr.confidenceSum / sr.trades;
    this.strategies.set(trade.strategy, sr);
    if (context) {
      const key = `${trade.strategy}|${context.regime}`;
      const rs = this.regimes.get(key) ?? { trades: 0, wins: 0 };
      rs.trades += 1;
      rs.wins += win ? 1 : 0;
      this.regimes.set(key, rs);
    }
  }

  /** The strategy's record in a regime so far; null before its first closed trade there. */
  regimeHitRate(strategy: StrategyName, regime: string): RegimeHitRate | null {
    const rs = this.regimes.get(`${strategy}|${regime}`);
    return rs && rs.trades > 0 ? { ...rs, rate: rs.wins / rs.trades } : null;
  }

  /** Each setup's hit rate, for setups with at least one closed trade. */
  setupHitRates(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, r] of this.setupStats.entries()) if (r.trades > 0) out[k] = r.wins / r.trades;
    return out;
  }

  /** Every strategy's record, as the overseer reads it. */
  strategyRecords(): Partial<Record<StrategyName, StrategyRecord & { confidenceSum: number }>> {
    return Object.fromEntries(this.strategies.entries());
  }
}
