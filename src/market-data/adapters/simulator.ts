import type { Clock } from '../../common/clock.js';
import {
  isTradingDay,
  nyDate,
  previousTradingDay,
  sessionFor,
} from '../../common/market-calendar.js';
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
 * Before a trading day's open the market's latest chain is the previous session's closing one
 * (as a live provider serves it pre-market), never a chain stamped after the clock.
 */
export class SimulatorProvider implements MarketDataProvider {
  readonly name = 'simulator';
  private current: MarketSimulator | null = null;
  /** The previous session at its close, with its chains (they no longer change). */
  private lastClose: {
    date: string;
    sim: MarketSimulator;
    chains: Map<string, ChainSnapshot>;
  } | null = null;

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
      const sim = this.create(opts.date, false);
      sim.advanceTo(sim.session.closeAt);
      return sim.chainSnapshot(upper);
    }
    const now = this.options.clock.now();
    const closed = this.closedSessionAt(now);
    if (closed) {
      let chain = closed.chains.get(upper);
      if (!chain) closed.chains.set(upper, (chain = closed.sim.chainSnapshot(upper)));
      return chain;
    }
    const sim = this.simulatorAt(now);
    sim.advanceTo(now);
    return sim.chainSnapshot(upper);
  }

  /**
   * Before the open of a trading day: the previous trading session at its close (built once and
   * kept: stepping a whole session takes seconds). Null once the day's session has opened.
   */
  private closedSessionAt(ms: number): NonNullable<SimulatorProvider['lastClose']> | null {
    const today = sessionFor(nyDate(ms));
    if (!today || ms >= today.openAt) return null;
    const date = previousTradingDay(today.date);
    if (this.lastClose?.date !== date) {
      const sim = this.create(date, false);
      sim.advanceTo(sim.session.closeAt);
      this.lastClose = { date, sim, chains: new Map() };
    }
    return this.lastClose;
  }

  /** The current day's tape, books, bars and imbalances since the last call (recordEvents only). */
  drainMarketEvents(): MarketEvent[] {
    if (!this.options.recordEvents || !this.current) return [];
    return this.current.drainEvents();
  }

  private create(date: string, recordEvents = this.options.recordEvents ?? false): MarketSimulator {
    if (!isTradingDay(date)) {
      throw new ProviderError(this.name, 'unsupported', `${date} is not a NYSE trading day`);
    }
    return new MarketSimulator({
      seed: this.options.seed,
      symbols: this.options.symbols.map((s) => s.toUpperCase()),
      date,
      stepMs: this.options.stepMs ?? 5_000,
      recordEvents,
      dayShapes: this.options.dayShapes?.(date),
    });
  }
}
