/**
 * The engine's analytics stage in the app. The analytics service already analyses every chain
 * market data brings (for the API, Redis and the daily rows); a chain it has analysed is not
 * analysed again here — the engine takes that snapshot, and the service's daily history (loaded
 * from PostgreSQL, so IV rank and averages survive a restart). Chains handed to the engine directly
 * (replays, tests, an app without the analytics service) are analysed by the engine's own stage.
 */
import type { AnalyticsSnapshot } from '../analytics/analytics-snapshot.js';
import type { AnalyticsEngine } from '../analytics/engine/analytics-engine.js';
import type { ChainSnapshot } from '../market-data/chain-snapshot.js';
import type { MarketEvent } from '../market-data/market-events.js';
import type { SymbolHistory } from '../strategies/strategy-context.js';
import { AnalyticsEngineStage } from './analytics-stage.js';
import type { AnalyticsStage } from './market-step.js';

export class SharedAnalyticsStage implements AnalyticsStage {
  /** Snapshots the service computed, by the very chain object the engine will be stepped with. */
  private readonly provided = new WeakMap<ChainSnapshot, AnalyticsSnapshot>();
  private historySource: AnalyticsStage | null = null;
  /** Chains whose snapshot came from the analytics service / were analysed here. */
  shared = 0;
  computed = 0;

  constructor(private readonly own: AnalyticsStage) {}

  /** From now on the symbol history comes from the analytics service's engine. */
  useHistoryOf(engine: AnalyticsEngine): void {
    this.historySource = new AnalyticsEngineStage(engine);
  }

  /** The analytics service analysed `chain` into `snapshot`; the next step with it takes that. */
  provide(chain: ChainSnapshot, snapshot: AnalyticsSnapshot): void {
    this.provided.set(chain, snapshot);
  }

  analyze(chain: ChainSnapshot, events: MarketEvent[]): AnalyticsSnapshot {
    const snapshot = this.provided.get(chain);
    if (snapshot) {
      this.provided.delete(chain);
      this.shared++;
      return snapshot;
    }
    this.computed++;
    return this.own.analyze(chain, events);
  }

  history(symbol: string): SymbolHistory {
    return (this.historySource ?? this.own).history(symbol);
  }
}
