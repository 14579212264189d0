/**
 * The live engine: one TradingEngine on the app's clock, fed chain by chain as market data
 * arrives (subscribed to IngestService, through AnalyticsService's snapshots, when EngineModule
 * imports market data, for ENGINE_SYMBOLS), and by a once-a-second tick with no data, so the
 * overseer and the ladder keep running when feeds go quiet. Steps run one at a time, in arrival
 * order. The market-data services are optional injections: without them chains come by calls.
 */
import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { AnalyticsService } from '../analytics/analytics.service.js';
import { AnalyticsEngine } from '../analytics/engine/analytics-engine.js';
import { analyticsEngineOptions } from '../analytics/engine/engine-options.js';
import { MarketDataFeed } from '../analytics/market-data-feed.js';
import type { Clock } from '../common/clock.js';
import type { Heartbeats } from '../common/heartbeats.js';
import { CONFIG_SLICE, type EngineConfig } from '../config/slices.js';
import { CLOCK, HEARTBEATS, SIGNAL_BUS } from '../core/tokens.js';
import type { ChainSnapshot } from '../market-data/chain-snapshot.js';
import { IngestService } from '../market-data/ingest.service.js';
import type { MarketEvent } from '../market-data/market-events.js';
import { ENGINE_REPOSITORY, type EngineRepository } from './storage/engine-repository.js';
import { MANUAL_QUEUE } from './storage/postgres-manual-queue.js';
import type { ManualQueueStore } from '../risk/manual-queue.js';
import type { SignalBus } from '../signals/signal.js';
import type { Strategy } from '../strategies/strategy.js';
import { STRATEGY_REGISTRY, type StrategyRegistry } from '../strategies/strategy-registry.js';
import { AnalyticsEngineStage } from './analytics-stage.js';
import { buildEngine } from './engine-factory.js';
import { SharedAnalyticsStage } from './shared-analytics-stage.js';
import type { MarketStep } from './market-step.js';
import type { TradingEngine } from './trading-engine.js';

export const ENGINE_OPTIONS = Symbol('EngineOptions');

export interface EngineModuleOptions {
  /** Milliseconds between data-less ticks; 0 = none (a replay that wants only data steps). */
  tickMs: number;
  /** Milliseconds between reads of the stored strategy switches (made in other processes). */
  switchRefreshMs?: number;
  /** Strategies to run instead of the configured ones (STRATEGIES_ENABLED; tests, demos). */
  strategies?: Strategy[];
}

@Injectable()
export class EngineService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Engine');
  readonly engine: TradingEngine;
  /** The engine's analytics: the analytics service's snapshots when the app has it. */
  readonly analytics: SharedAnalyticsStage;
  private queue: Promise<void> = Promise.resolve();
  private running = false;
  private readonly savingAlerts = new Set<Promise<void>>();
  private unsubscribe: (() => void) | null = null;
  private readonly waiting = new Map<string, { chain: ChainSnapshot; events: MarketEvent[] }>();
  /** Chains replaced by a newer one of the same symbol before the engine got to them. */
  coalesced = 0;

  constructor(
    @Inject(CONFIG_SLICE.engine) private readonly config: EngineConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SIGNAL_BUS) bus: SignalBus,
    @Inject(ENGINE_REPOSITORY) repository: EngineRepository,
    @Inject(HEARTBEATS) heartbeats: Heartbeats,
    @Inject(ENGINE_OPTIONS) private readonly options: EngineModuleOptions,
    @Inject(STRATEGY_REGISTRY) private readonly registry: StrategyRegistry,
    @Optional() @Inject(IngestService) private readonly ingest?: IngestService,
    @Optional() @Inject(AnalyticsService) private readonly analyticsService?: AnalyticsService,
    @Optional() @Inject(MarketDataFeed) private readonly feed?: MarketDataFeed,
    @Optional() @Inject(MANUAL_QUEUE) manualQueue?: ManualQueueStore,
  ) {
    this.analytics = new SharedAnalyticsStage(
      new AnalyticsEngineStage(new AnalyticsEngine(clock, analyticsEngineOptions(config))),
    );
    this.engine = buildEngine({
      clock,
      config,
      analytics: this.analytics,
      repository,
      bus,
      heartbeats,
      strategies: options.strategies,
      registry,
      manualQueue,
      onAlert: (a) => {
        repository
          .saveAlert(a)
          .catch((err: unknown) => this.logger.error(`alert not stored: ${String(err)}`));
      },
    });
  }

  async onModuleInit(): Promise<void> {
    this.running = true;
    await this.refreshSwitches();
    const symbols = new Set(this.config.ENGINE_SYMBOLS);
    const { feed, analyticsService: analytics, ingest } = this;
    // The feed subscribes analytics to ingest whenever both are in the app (in its own init, which
    // may run after this one).
    if (feed && analytics && ingest) {
      // Market data reaches analytics first; the engine steps with each analysed chain and takes
      // its snapshot instead of analysing the chain a second time.
      this.analytics.useHistoryOf(analytics.engine);
      this.unsubscribe = analytics.onSnapshot((snapshot, source) => {
        if (!symbols.has(source.chain.underlying)) return;
        this.analytics.provide(source.chain, snapshot);
        // Never hold up analytics: the step is queued and runs in arrival order.
        void this.onChain(source.chain, [...source.events]).catch(() => undefined);
      });
    } else if (ingest) {
      this.unsubscribe = ingest.onSnapshot((chain, extras) => {
        if (symbols.has(chain.underlying))
          void this.onChain(chain, extras.events).catch(() => undefined);
      });
    }
    // Otherwise the engine has no market data: chains come by calls to onChain() and offer().
    if (this.options.tickMs > 0) void this.tickLoop();
    void this.switchLoop();
  }

  /** Reads the stored strategy switches; a failed read keeps the last ones (and is logged). */
  async refreshSwitches(): Promise<void> {
    await this.registry.refresh().catch((err: unknown) => {
      this.logger.warn(`strategy switches not read: ${String(err)}`);
    });
  }

  private async switchLoop(): Promise<void> {
    const every = this.options.switchRefreshMs ?? 5000;
    if (every <= 0) return;
    while (this.running) {
      await this.clock.sleep(every);
      if (this.running) await this.refreshSwitches();
    }
  }

  /** True when the engine is fed by the app's market-data ingest. */
  get subscribed(): boolean {
    return this.unsubscribe !== null;
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.idle();
  }

  /**
   * From ingest: queue the chain, but if the engine is behind and an older chain of the symbol is
   * still waiting, the newer one replaces it (events carried over) so the engine never falls behind.
   */
  offer(chain: ChainSnapshot, events: readonly MarketEvent[] = []): void {
    const previous = this.waiting.get(chain.underlying);
    if (previous) this.coalesced++;
    this.waiting.set(chain.underlying, { chain, events: [...(previous?.events ?? []), ...events] });
    if (previous) return;
    void this.enqueueLazy(chain.underlying);
  }

  private enqueueLazy(symbol: string): Promise<void> {
    const run = this.queue.then(async () => {
      const w = this.waiting.get(symbol);
      this.waiting.delete(symbol);
      if (w)
        await this.engine.processStep({
          at: this.clock.now(),
          chains: [w.chain],
          events: w.events,
        });
    });
    this.queue = run.catch((err: unknown) => {
      this.logger.error(`engine step failed: ${err instanceof Error ? err.stack : String(err)}`);
    });
    return this.queue;
  }

  /** A chain (and the events since the last one) arrived: run a step at the clock's now. */
  onChain(chain: ChainSnapshot, events: MarketEvent[] = []): Promise<void> {
    return this.enqueue({ at: this.clock.now(), chains: [chain], events });
  }

  /** Several chains stamped together (one poll of several symbols). */
  onChains(chains: ChainSnapshot[], events: MarketEvent[] = []): Promise<void> {
    return this.enqueue({ at: this.clock.now(), chains, events });
  }

  /**
   * Runs `fn` between engine steps, in the step queue (an operator's approval of a manually queued
   * candidate executes at the then-current quotes without racing a step).
   */
  exclusive<T>(fn: (engine: TradingEngine) => Promise<T>): Promise<T> {
    const run = this.queue.then(() => fn(this.engine));
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Resolves once every step queued so far has run and its alerts are stored. */
  async idle(): Promise<void> {
    await this.queue;
    await Promise.all([...this.savingAlerts]);
  }

  private enqueue(step: MarketStep): Promise<void> {
    const run = this.queue.then(() =>
      this.engine.processStep({ ...step, at: Math.min(step.at, this.clock.now()) }),
    );
    this.queue = run.catch((err: unknown) => {
      this.logger.error(`engine step failed: ${err instanceof Error ? err.stack : String(err)}`);
    });
    return run;
  }

  private async tickLoop(): Promise<void> {
    while (this.running) {
      await this.clock.sleep(this.options.tickMs);
      if (!this.running) break;
      await this.enqueue({ at: this.clock.now(), chains: [] }).catch(() => undefined);
    }
  }
}
