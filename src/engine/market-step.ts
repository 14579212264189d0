/**
 * What drives the engine: an async iterable of market steps. The live pipeline, a replay of a
 * recording and a backtest all produce the same shape, so one TradingEngine serves all three.
 */
import type { AnalyticsSnapshot } from '../analytics/analytics-snapshot.js';
import type { ChainSnapshot } from '../market-data/chain-snapshot.js';
import type { MarketEvent } from '../market-data/market-events.js';
import type { SymbolHistory } from '../strategies/strategy-context.js';

export interface MarketStep {
  /** Engine-clock instant of the step, ms. */
  at: number;
  chains: ChainSnapshot[];
  /** Ticks, bars, option prints, books, imbalances since the previous step. */
  events?: MarketEvent[];
  /** Symbols whose feeds end here (a backtest moving to another scenario's universe). */
  retired?: string[];
}

/** The analytics stage as the engine needs it: a chain (and its events) in, a snapshot out. */
export interface AnalyticsStage {
  analyze(chain: ChainSnapshot, events: MarketEvent[]): AnalyticsSnapshot;
  /** Slow history of the symbol for strategies (daily closes, average volumes). */
  history(symbol: string): SymbolHistory;
}

export class LookAheadError extends Error {
  constructor(what: string, stamped: number, clock: number) {
    super(
      `look-ahead: ${what} stamped ${new Date(stamped).toISOString()} is after the clock ${new Date(clock).toISOString()}`,
    );
    this.name = 'LookAheadError';
  }
}
