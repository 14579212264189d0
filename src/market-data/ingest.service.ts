import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import { Counter, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { Clock } from '../common/clock.js';
import type { Heartbeats } from '../common/heartbeats.js';
import { roleRuns } from '../common/roles.js';
import { CONFIG_SLICE, type MarketDataConfig } from '../config/slices.js';
import { CLOCK, DATA_SOURCE, HEARTBEATS, METRICS_REGISTRY, REDIS } from '../core/tokens.js';
import type { ChainSnapshot } from './chain-snapshot.js';
import type { MarketEvent } from './market-events.js';
import { parseChainSnapshot } from './chain-snapshot-schema.js';
import {
  closedBarEvents,
  fedFundsRate,
  latestIndicators,
  type ProviderSeries,
} from './provider-series.js';
import { ProviderError } from './http/provider-error.js';
import {
  hasCapability,
  MARKET_DATA_PROVIDER,
  type IndicatorSeries,
  type IntradayBar,
  type MacroSeries,
  type MarketDataProvider,
} from './market-data-provider.js';
import { callsPerMinuteFor } from './provider-factory.js';
import { QuotaRunner } from './quota/quota-runner.js';
import { buildPullStreams, QuotaScheduler, type PullTask } from './quota/quota-scheduler.js';
import { AnomalyLog } from './storage/anomaly-log.js';
import { FeedHeartbeatStore } from './storage/feed-heartbeat-store.js';
import { LatestSnapshotStore } from './storage/latest-snapshot-store.js';
import { RawPayloadArchive } from './storage/raw-payload-archive.js';

/**
 * What comes with a chain: the symbol's market events since its previous chain, oldest first
 * (a provider's intraday bars among them, as `bar` events), and the provider's latest indicators
 * and Fed funds rate when it has them.
 */
export interface SnapshotExtras {
  events: MarketEvent[];
  series?: ProviderSeries;
}

export type SnapshotHandler = (
  snapshot: ChainSnapshot,
  extras: SnapshotExtras,
) => void | Promise<void>;

/** Events kept per symbol between two of its chains (oldest dropped beyond this). */
const MAX_BUFFERED_EVENTS = 200_000;

/** The storage the adapters write into, built once per process (see market-data.module.ts). */
export interface MarketDataStorage {
  raw: RawPayloadArchive;
  anomalies: AnomalyLog;
}
export const MARKET_DATA_STORAGE = Symbol('MarketDataStorage');

/** Pull kinds whose failures are about the payload or the account, not the network. */
const ANOMALY_KINDS = new Set(['schema', 'malformed', 'quota', 'auth', 'bad_request']);

/**
 * Runs the quota-scheduled ingest loop against the configured provider: every chain pulled is
 * validated, stored as the symbol's latest (memory + Redis), beats its feed's heartbeat and is
 * handed to every `onSnapshot` subscriber (analytics). Payload failures become anomalies
 * (ingest_anomaly) and the loop goes on. Starts with the app when this process's ROLE ingests
 * (and MARKET_DATA_INGEST is on); on shutdown it finishes the pulls in flight, then stops.
 */
@Injectable()
export class IngestService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('IngestService');
  private readonly handlers: SnapshotHandler[] = [];
  readonly latest: LatestSnapshotStore;
  readonly feeds: FeedHeartbeatStore;
  readonly scheduler: QuotaScheduler;
  private runner: QuotaRunner | null = null;
  private readonly bars = new Map<string, IntradayBar[]>();
  private readonly indicators = new Map<string, IndicatorSeries>();
  private readonly macro = new Map<string, MacroSeries>();
  private readonly eventBuffers = new Map<string, MarketEvent[]>();
  /** Per symbol, the start (ms) of the last provider bar handed on as an event. */
  private readonly lastBarStart = new Map<string, number>();
  private readonly pulls: Counter<'provider' | 'kind' | 'outcome'>;
  private readonly droppedRows: Counter<'provider' | 'reason'>;
  private readonly skipped: Counter<'kind'>;

  constructor(
    @Inject(CONFIG_SLICE.marketData) private readonly config: MarketDataConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DATA_SOURCE) dataSource: DataSource,
    @Inject(REDIS) redis: Redis | null,
    @Inject(HEARTBEATS) heartbeats: Heartbeats,
    @Inject(METRICS_REGISTRY) metrics: Registry,
    @Inject(MARKET_DATA_PROVIDER) readonly provider: MarketDataProvider,
    @Inject(MARKET_DATA_STORAGE) readonly storage: MarketDataStorage,
  ) {
    this.latest = new LatestSnapshotStore(redis, {
      ttlSeconds: config.MARKET_DATA_SNAPSHOT_TTL_S,
      keyPrefix: config.MARKET_DATA_REDIS_PREFIX,
    });
    this.feeds = new FeedHeartbeatStore(heartbeats, dataSource, (err) =>
      this.logger.warn(`heartbeat write failed: ${String(err)}`),
    );
    const optional = hasCapability(provider, 'fetchIntradayBars');
    this.scheduler = new QuotaScheduler({
      plan: { callsPerMinute: callsPerMinuteFor(config) },
      streams: buildPullStreams({
        fastChainSymbols: config.MARKET_DATA_FAST_CHAIN_SYMBOLS.filter((s) =>
          config.MARKET_DATA_SYMBOLS.includes(s),
        ),
        universe: config.MARKET_DATA_SYMBOLS,
        fastChainMs: config.MARKET_DATA_FAST_CHAIN_MS,
        chainMs: config.MARKET_DATA_CHAIN_MS,
        intradayMs: config.MARKET_DATA_INTRADAY_MS,
        indicatorMs: config.MARKET_DATA_INDICATOR_MS,
        macroMs: config.MARKET_DATA_MACRO_MS,
        chainsOnly: !optional,
      }),
    });
    const counter = <L extends string>(name: string, help: string, labelNames: L[]): Counter<L> =>
      (metrics.getSingleMetric(name) as Counter<L> | undefined) ??
      new Counter({ name, help, labelNames, registers: [metrics] });
    this.pulls = counter(
      'gammadesk_market_data_pulls_total',
      'Provider pulls by kind and outcome.',
      ['provider', 'kind', 'outcome'],
    );
    this.droppedRows = counter(
      'gammadesk_market_data_rows_dropped_total',
      'Contract rows dropped by validation.',
      ['provider', 'reason'],
    );
    this.skipped = counter(
      'gammadesk_market_data_pulls_skipped_total',
      'Optional pulls dropped for quota.',
      ['kind'],
    );
  }

  /** Registers a subscriber for every validated snapshot; returns an unsubscribe function. */
  onSnapshot(handler: SnapshotHandler): () => void {
    this.handlers.push(handler);
    return () => {
      const i = this.handlers.indexOf(handler);
      if (i >= 0) this.handlers.splice(i, 1);
    };
  }

  get running(): boolean {
    return this.runner?.isRunning ?? false;
  }

  onApplicationBootstrap(): void {
    if (this.config.MARKET_DATA_INGEST && roleRuns(this.config.ROLE, 'market-data')) this.start();
  }

  start(): void {
    if (this.runner) return;
    this.runner = new QuotaRunner(this.scheduler, this.clock, (task) => this.runTask(task), {
      onTick: (result) => {
        for (const t of result.dropped) this.skipped.inc({ kind: t.kind });
      },
      onError: (err, task) => this.logger.error(`pull ${task.key} failed: ${String(err)}`),
    });
    this.runner.start();
    this.logger.log(
      `ingesting ${this.config.MARKET_DATA_SYMBOLS.join(',')} from ${this.provider.name} (${this.scheduler.limitPerMinute.toFixed(0)} calls/min)`,
    );
  }

  /** Stops scheduling, waits for in-flight pulls, flushes storage writes. */
  async stop(): Promise<void> {
    const runner = this.runner;
    this.runner = null;
    await runner?.stop();
    await Promise.allSettled([
      this.storage.raw.flush(),
      this.storage.anomalies.flush(),
      this.feeds.flush(),
    ]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
    await this.provider.close?.();
  }

  /** One pull, end to end. Never throws: failures are counted, logged and (payload) recorded. */
  async runTask(task: PullTask): Promise<void> {
    const provider = this.provider.name;
    try {
      switch (task.kind) {
        case 'chain':
        case 'backfill':
          await this.pullChain(
            task.symbol as string,
            task.kind === 'backfill' ? task.date : undefined,
          );
          break;
        case 'intraday':
          if (hasCapability(this.provider, 'fetchIntradayBars')) {
            const symbol = task.symbol as string;
            const bars = await this.provider.fetchIntradayBars(symbol);
            this.bars.set(symbol, bars);
            this.bufferBars(symbol, bars);
          }
          break;
        case 'indicator':
          if (hasCapability(this.provider, 'fetchIndicator') && task.indicator) {
            const series = await this.provider.fetchIndicator(
              task.symbol as string,
              task.indicator,
            );
            this.indicators.set(`${task.symbol}:${task.indicator}`, series);
          }
          break;
        case 'macro':
          if (hasCapability(this.provider, 'fetchMacro') && task.macro) {
            this.macro.set(task.macro, await this.provider.fetchMacro(task.macro));
          }
          break;
      }
      if (task.kind !== 'chain' && task.kind !== 'backfill') {
        this.feeds.beat(`market-data:${task.kind}:${task.symbol ?? task.macro}`, this.clock.now());
      }
      this.pulls.inc({ provider, kind: task.kind, outcome: 'ok' });
    } catch (err) {
      this.pulls.inc({
        provider,
        kind: task.kind,
        outcome: err instanceof ProviderError ? err.kind : 'error',
      });
      this.recordFailure(task, err);
    }
  }

  /** Pulls, validates, stores and publishes one chain; returns it. Throws on failure. */
  async pullChain(symbol: string, date?: string): Promise<ChainSnapshot> {
    const fetched = await this.provider.fetchChain(symbol, date ? { date } : {});
    const snapshot = parseChainSnapshot(fetched, `${this.provider.name} ${symbol} chain`);
    for (const [reason, n] of Object.entries(snapshot.quality.dropped)) {
      if (n) this.droppedRows.inc({ provider: this.provider.name, reason }, n);
    }
    if (date) return snapshot; // backfill: archived by the adapter, not the live chain
    await this.latest
      .put(snapshot)
      .catch((err: unknown) => this.logger.warn(`latest-snapshot write failed: ${String(err)}`));
    this.feeds.beat(`market-data:chain:${snapshot.underlying}`, this.clock.now(), {
      provider: this.provider.name,
      asOf: snapshot.asOf,
      contracts: snapshot.contracts.length,
    });
    const extras: SnapshotExtras = {
      events: this.takeEvents(snapshot.underlying),
      series: this.providerSeries(snapshot.underlying),
    };
    for (const handler of [...this.handlers]) {
      try {
        await handler(snapshot, extras);
      } catch (err) {
        this.logger.error(`snapshot subscriber failed on ${snapshot.underlying}: ${String(err)}`);
      }
    }
    return snapshot;
  }

  latestBars(symbol: string): IntradayBar[] | null {
    return this.bars.get(symbol) ?? null;
  }

  latestIndicator(symbol: string, indicator: string): IndicatorSeries | null {
    return this.indicators.get(`${symbol}:${indicator}`) ?? null;
  }

  latestMacro(series: string): MacroSeries | null {
    return this.macro.get(series) ?? null;
  }

  /**
   * The provider's latest indicators and Fed funds rate for a symbol (what analytics and the
   * strategies read in live mode); undefined when the provider pulled none.
   */
  providerSeries(symbol: string): ProviderSeries | undefined {
    const now = this.clock.now();
    const indicators = latestIndicators(
      {
        RSI: this.indicators.get(`${symbol}:RSI`),
        MACD: this.indicators.get(`${symbol}:MACD`),
        BBANDS: this.indicators.get(`${symbol}:BBANDS`),
      },
      now,
    );
    const riskFreeRate = fedFundsRate(this.macro.get('FEDERAL_FUNDS_RATE'));
    if (riskFreeRate === null && Object.keys(indicators).length === 0) return undefined;
    return { indicators, riskFreeRate };
  }

  /** A provider's closed bars not yet handed on become `bar` events of the symbol. */
  private bufferBars(symbol: string, bars: readonly IntradayBar[]): void {
    const fresh = closedBarEvents(
      symbol,
      bars,
      this.lastBarStart.get(symbol) ?? -Infinity,
      this.clock.now(),
    );
    if (fresh.length === 0) return;
    this.lastBarStart.set(symbol, fresh[fresh.length - 1].start);
    let buffer = this.eventBuffers.get(symbol);
    if (!buffer) this.eventBuffers.set(symbol, (buffer = []));
    buffer.push(...fresh);
  }

  /** Drains the provider's events into per-symbol buffers and hands back this symbol's. */
  private takeEvents(symbol: string): MarketEvent[] {
    if (hasCapability(this.provider, 'drainMarketEvents')) {
      for (const e of this.provider.drainMarketEvents()) {
        const key = e.kind === 'option_trade' ? e.underlying : e.symbol;
        let buffer = this.eventBuffers.get(key);
        if (!buffer) this.eventBuffers.set(key, (buffer = []));
        buffer.push(e);
        // Trim in batches: splicing on every push would be quadratic.
        if (buffer.length > MAX_BUFFERED_EVENTS * 1.25) {
          buffer.splice(0, buffer.length - MAX_BUFFERED_EVENTS);
        }
      }
    }
    const events = this.eventBuffers.get(symbol) ?? [];
    this.eventBuffers.delete(symbol);
    return events;
  }

  private recordFailure(task: PullTask, err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    const isProvider = err instanceof ProviderError;
    // Snapshots failing our own contract check are payload anomalies too.
    const payloadProblem = !isProvider && /not a valid chain snapshot/.test(message);
    if ((isProvider && ANOMALY_KINDS.has(err.kind)) || payloadProblem) {
      this.storage.anomalies.record({
        source: this.provider.name,
        symbol: task.symbol ?? task.macro ?? null,
        atMs: this.clock.now(),
        reason: isProvider ? err.kind : 'schema',
        path: isProvider ? (err.path ?? null) : null,
        detail: { message, task: task.key, ...(isProvider && err.detail ? err.detail : {}) },
      });
      this.logger.warn(`anomaly on ${task.key}: ${message}`);
    } else {
      this.logger.warn(`pull ${task.key} failed: ${message}`);
    }
  }
}
