import type { Clock } from '../../common/clock.js';
import { isTradingDay, nyDate } from '../../common/market-calendar.js';
import type { ChainSnapshot } from '../chain-snapshot.js';
import { ProviderError } from '../http/provider-error.js';
import type { ChainRequestOptions, MarketDataProvider } from '../market-data-provider.js';
import type { MarketEvent } from '../market-events.js';
import { MarketSimulator, type DayShapes } from '../simulator/index.js';

export interface SimulatorProviderOptions {
  clock: Clock;
  seed: number;
  /** Every symbol the simulated market holds (the focus universe). */
  symbols: string[];
  /** Simulator step (5 s by default). */
  stepMs?: number;
  /** Buffer tape, books, bars and imbalances (for consumers that drain them). */
  recordEvents?: boolean;
  /** A scenario's shape of each day (src/market-data/simulator/scenarios.ts), if any. */
  dayShapes?: (date: string) => DayShapes | undefined;
}

/**
 * The seeded synthetic market behind the provider port. One MarketSimulator per New York
 * trading day, created when the clock first reaches that day and stepped forward to the clock on
 * every pull, so a chain always reflects "now" on whatever clock drives the app (system time,
 * a replay at N×, a test's FakeClock). The same seed and date always give the same chains.
 */
export class SimulatorProvider implements MarketDataProvider {
  readonly name = 'simulator';
  private current: MarketSimulator | null = null;

  constructor(private readonly options: SimulatorProviderOptions) {}

  /** The simulator for the clock's current day (created on first use). */
  simulatorAt(ms: number): MarketSimulator {
    const date = nyDate(ms);
    if (this.current?.config.date === date) return this.current;
    this.current = this.create(date);
    return this.current;
  }

  async fetchChain(symbol: string, opts: ChainRequestOptions = {}): Promise<ChainSnapshot> {
    const upper = symbol.toUpperCase();
    if (!this.options.symbols.includes(upper)) {
      throw new ProviderError(this.name, 'not_found', `${upper} is not in the simulated universe`);
    }
    if (opts.date !== undefined) {
      // A past day: that day's closing chain, from a simulator of its own.
      const sim = this.create(opts.date);
      sim.advanceTo(sim.session.closeAt);
      return sim.chainSnapshot(upper);
    }
    const now = this.options.clock.now();
    const sim = this.simulatorAt(now);
    sim.advanceTo(now);
    return sim.chainSnapshot(upper);
  }

  /** The current day's tape, books, bars and imbalances since the last call (recordEvents only). */
  drainMarketEvents(): MarketEvent[] {
    if (!this.options.recordEvents || !this.current) return [];
    return this.current.drainEvents();
  }

  private create(date: string): MarketSimulator {
    if (!isTradingDay(date)) {
      throw new ProviderError(this.name, 'unsupported', `${date} is not a NYSE trading day`);
    }
    return new MarketSimulator({
      seed: this.options.seed,
      symbols: this.options.symbols.map((s) => s.toUpperCase()),
      date,
      stepMs: this.options.stepMs ?? 5_000,
      recordEvents: this.options.recordEvents ?? false,
      dayShapes: this.options.dayShapes?.(date),
    });
  }
}
