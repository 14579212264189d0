/**
 * Adapts the AnalyticsEngine (src/analytics/engine) to the engine's AnalyticsStage: market events
 * become its inputs (ticks, 1-minute bars, the book, the options tape) and its daily rows become
 * the strategies' symbol history.
 */
import type { AnalyticsSnapshot } from '../analytics/analytics-snapshot.js';
import type { AnalyticsEngine } from '../analytics/engine/analytics-engine.js';
import type { EngineInputs } from '../analytics/engine/engine-types.js';
import type { ChainSnapshot } from '../market-data/chain-snapshot.js';
import type { MarketEvent } from '../market-data/market-events.js';
import type { SymbolHistory } from '../strategies/strategy-context.js';
import type { AnalyticsStage } from './market-step.js';

export class AnalyticsEngineStage implements AnalyticsStage {
  constructor(private readonly engine: AnalyticsEngine) {}

  analyze(chain: ChainSnapshot, events: MarketEvent[]): AnalyticsSnapshot {
    const inputs: EngineInputs = {};
    const ticks: NonNullable<EngineInputs['ticks']> = [];
    const tape: NonNullable<EngineInputs['tape']> = [];
    for (const e of events) {
      if (e.kind === 'tick' && e.symbol === chain.underlying) {
        ticks.push({ at: e.at, price: e.price, size: e.size });
      } else if (e.kind === 'option_trade' && e.underlying === chain.underlying) {
        tape.push({
          at: e.at,
          occSymbol: e.occSymbol,
          price: e.price,
          size: e.size,
          ...(e.side !== 'unknown' ? { side: e.side } : {}),
        });
      } else if (e.kind === 'book' && e.symbol === chain.underlying) {
        inputs.book = { bids: e.bids, asks: e.asks, at: e.at };
      }
    }
    if (ticks.length > 0) inputs.ticks = ticks;
    if (tape.length > 0) inputs.tape = tape;
    return this.engine.ingest(chain, inputs).snapshot;
  }

  history(symbol: string): SymbolHistory {
    const rows = this.engine.history(symbol);
    const closed = rows.slice(0, -1);
    const vols = closed
      .map((r) => r.optionsVolume)
      .filter((v): v is number => v !== null)
      .slice(-30);
    return {
      dailyCloses: closed.map((r) => r.close),
      avgOptionsVolume30d: vols.length > 0 ? vols.reduce((s, v) => s + v, 0) / vols.length : null,
    };
  }
}
