/**
 * The analytics service: turns each ChainSnapshot into an AnalyticsSnapshot (AnalyticsEngine),
 * keeps the latest per symbol in memory and in Redis (when there is one), writes the daily summary
 * row to PostgreSQL (IV rank/percentile and realised-vol history) and beats `analytics:<SYMBOL>`.
 *
 * Market data calls `ingest(snapshot, extras?)`; strategies may `onSnapshot(handler)`.
 */
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import { Histogram, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Clock } from '../common/clock.js';
import type { Heartbeats } from '../common/heartbeats.js';
import { CONFIG_SLICE, type AnalyticsConfig } from '../config/slices.js';
import { CLOCK, DATA_SOURCE, HEARTBEATS, METRICS_REGISTRY, REDIS } from '../core/tokens.js';
import type { ChainSnapshot } from '../market-data/chain-snapshot.js';
import { NEW_YORK_ZONE } from '../vocabulary/units.js';
import type { ProviderSeries } from '../market-data/provider-series.js';
import type { MarketEvent } from '../market-data/market-events.js';
import type { AnalyticsSnapshot } from './analytics-snapshot.js';
import { AnomalyAlertGate } from './anomalies/hysteresis.js';
import { AnalyticsEngine } from './engine/analytics-engine.js';
import { type DailySummary, type EngineInputs } from './engine/engine-types.js';
import { analyticsEngineOptions } from './engine/engine-options.js';
import { DailySummaryStore } from './persistence/daily-summary-store.js';
import { SnapshotCache } from './persistence/snapshot-cache.js';

/** Top-level shape of a ChainSnapshot; contracts are validated by market-data on the way in. */
const chainSnapshotShape = z.object({
  snapshotId: z.string().min(1),
  underlying: z.string().regex(/^[A-Z][A-Z0-9.]{0,9}$/, 'underlying must be an upper-case ticker'),
  spot: z.number().finite().positive(),
  asOf: z.iso.datetime({ offset: true }),
  contracts: z.array(z.object({ occSymbol: z.string(), strike: z.number() }).loose()),
});

export class InvalidChainSnapshotError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid chain snapshot: ${issues.join('; ')}`);
    this.name = 'InvalidChainSnapshotError';
  }
}

/** The chain a snapshot was computed from, and the market events that came with it. */
export interface AnalyticsSource {
  chain: ChainSnapshot;
  events: readonly MarketEvent[];
}

export type AnalyticsSnapshotHandler = (
  snapshot: AnalyticsSnapshot,
  source: AnalyticsSource,
) => void | Promise<void>;

@Injectable()
export class AnalyticsService implements OnModuleDestroy {
  private readonly logger = new Logger('AnalyticsService');
  readonly engine: AnalyticsEngine;
  private readonly latestBySymbol = new Map<string, AnalyticsSnapshot>();
  /** Logs a flag when it appears, not on every snapshot that still carries it. */
  private readonly anomalyAlerts = new AnomalyAlertGate();
  private readonly cache: SnapshotCache | null;
  private readonly daily: DailySummaryStore;
  private readonly lastDailyWrite = new Map<string, { date: string; at: number }>();
  private readonly pendingDaily = new Map<string, DailySummary>();
  private readonly historyLoaded = new Set<string>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly handlers: AnalyticsSnapshotHandler[] = [];
  private readonly ingestSeconds: Histogram;

  constructor(
    @Inject(CONFIG_SLICE.analytics) private readonly config: AnalyticsConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DATA_SOURCE) dataSource: DataSource,
    @Inject(REDIS) redis: Redis | null,
    @Inject(HEARTBEATS) private readonly heartbeats: Heartbeats,
    @Inject(METRICS_REGISTRY) metrics: Registry,
  ) {
    this.engine = new AnalyticsEngine(clock, analyticsEngineOptions(config));
    this.cache = redis
      ? new SnapshotCache(redis, config.ANALYTICS_REDIS_PREFIX, config.ANALYTICS_REDIS_TTL_SECONDS)
      : null;
    this.daily = new DailySummaryStore(dataSource);
    const name = 'gammadesk_analytics_ingest_seconds';
    this.ingestSeconds =
      (metrics.getSingleMetric(name) as Histogram | undefined) ??
      new Histogram({
        name,
        help: 'Time to turn one chain snapshot into analytics (engine only).',
        labelNames: ['symbol'],
        buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
        registers: [metrics],
      });
  }

  /** Called for every AnalyticsSnapshot after it is stored; returns the unsubscribe. */
  onSnapshot(handler: AnalyticsSnapshotHandler): () => void {
    this.handlers.push(handler);
    return () => {
      const i = this.handlers.indexOf(handler);
      if (i >= 0) this.handlers.splice(i, 1);
    };
  }

  /**
   * Analyses one chain (with optional ticks/bars, book and tape of the same symbol). Snapshots of
   * one symbol are processed one at a time, in call order. A malformed snapshot is rejected with
   * InvalidChainSnapshotError and changes nothing.
   */
  ingest(
    chain: ChainSnapshot,
    extras: EngineInputs = {},
    events: readonly MarketEvent[] = [],
  ): Promise<AnalyticsSnapshot> {
    const parsed = chainSnapshotShape.safeParse(chain);
    if (!parsed.success) {
      return Promise.reject(
        new InvalidChainSnapshotError(
          parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`),
        ),
      );
    }
    const symbol = chain.underlying;
    const previous = this.queues.get(symbol) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.process(chain, extras, events));
    this.queues.set(symbol, next);
    return next;
  }

  /**
   * `ingest` with the market events (ticks, 1-minute bars, books, option prints) received since
   * the previous chain: the chain's symbol's ticks when there are any, else its 1-minute bars; the
   * latest book; its option trades. `series`: the provider's latest indicators and Fed funds rate.
   */
  ingestWithEvents(
    chain: ChainSnapshot,
    events: readonly MarketEvent[],
    series?: ProviderSeries,
  ): Promise<AnalyticsSnapshot> {
    const symbol = chain.underlying;
    const inputs: EngineInputs = { ticks: [], bars: [], tape: [], provider: series };
    for (const e of events) {
      if (e.kind === 'tick' && e.symbol === symbol) inputs.ticks?.push(e);
      else if (e.kind === 'bar' && e.symbol === symbol && e.end - e.start <= 60_000)
        inputs.bars?.push(e);
      else if (e.kind === 'book' && e.symbol === symbol) inputs.book = e;
      else if (e.kind === 'option_trade' && e.underlying === symbol) inputs.tape?.push(e);
    }
    if (inputs.ticks?.length) inputs.bars = [];
    return this.ingest(chain, inputs, events);
  }

  private async process(
    chain: ChainSnapshot,
    extras: EngineInputs,
    events: readonly MarketEvent[],
  ): Promise<AnalyticsSnapshot> {
    const symbol = chain.underlying;
    if (!this.historyLoaded.has(symbol)) await this.loadHistory(chain);
    const started = performance.now();
    const { snapshot, daily } = this.engine.ingest(chain, extras);
    this.ingestSeconds.observe({ symbol }, (performance.now() - started) / 1000);

    this.latestBySymbol.set(symbol, snapshot);
    if (this.cache) {
      try {
        await this.cache.put(snapshot);
      } catch (err) {
        this.logger.warn(`Redis write of ${symbol} analytics failed: ${String(err)}`);
      }
    }
    try {
      if (daily) await this.writeDaily(daily);
    } catch (err) {
      // The row is rewritten by a later snapshot of the day; analytics keep flowing meanwhile.
      this.logger.error(`writing ${symbol} daily analytics row failed: ${String(err)}`);
    }
    for (const a of this.anomalyAlerts.admit(symbol, snapshot.asOf, snapshot.anomalies)) {
      this.logger.warn(`${symbol} ${a.kind}: ${a.message}`);
    }
    this.heartbeats.beat(`analytics:${symbol}`, {
      snapshotId: snapshot.snapshotId,
      asOf: snapshot.asOf,
      contracts: snapshot.contracts.length,
      anomalies: snapshot.anomalies.length,
    });
    for (const h of this.handlers) {
      try {
        await h(snapshot, { chain, events });
      } catch (err) {
        this.logger.error(`analytics snapshot handler failed for ${symbol}: ${String(err)}`);
      }
    }
    return snapshot;
  }

  /**
   * Writes the day's row at most every ANALYTICS_DAILY_WRITE_MS; a row held back is written when
   * the next day starts or the module stops, so every day's last figures reach the table.
   */
  private async writeDaily(daily: DailySummary): Promise<void> {
    const now = this.clock.now();
    const symbol = daily.symbol;
    const last = this.lastDailyWrite.get(symbol);
    const held = this.pendingDaily.get(symbol);
    if (held && held.date !== daily.date) await this.daily.upsert(held, now);
    if (
      !last ||
      last.date !== daily.date ||
      now - last.at >= this.config.ANALYTICS_DAILY_WRITE_MS
    ) {
      await this.daily.upsert(daily, now);
      this.lastDailyWrite.set(symbol, { date: daily.date, at: now });
      this.pendingDaily.delete(symbol);
    } else {
      this.pendingDaily.set(symbol, daily);
    }
  }

  /** Writes the daily rows held back by the write interval. */
  async flushDaily(): Promise<void> {
    const now = this.clock.now();
    for (const [symbol, row] of [...this.pendingDaily]) {
      await this.daily.upsert(row, now);
      this.lastDailyWrite.set(symbol, { date: row.date, at: now });
      this.pendingDaily.delete(symbol);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.allSettled([...this.queues.values()]);
    try {
      await this.flushDaily();
    } catch (err) {
      this.logger.error(`writing the held-back daily analytics rows failed: ${String(err)}`);
    }
  }

  /**
   * Loads a symbol's stored daily rows once. A database failure does not stop analytics: the
   * snapshot goes out without history-based figures and the load is retried on the next one.
   */
  private async loadHistory(chain: ChainSnapshot): Promise<void> {
    const asOf = DateTime.fromISO(chain.asOf, { zone: 'utc' }).setZone(NEW_YORK_ZONE);
    try {
      const rows = await this.daily.recent(chain.underlying, asOf.toISODate() ?? '', 400);
      this.engine.setHistory(chain.underlying, rows);
      this.historyLoaded.add(chain.underlying);
    } catch (err) {
      this.logger.error(
        `loading ${chain.underlying} daily analytics history failed: ${String(err)}`,
      );
    }
  }

  /** Latest snapshot of a symbol: this process's, else Redis's; null when none. */
  async latest(symbol: string): Promise<AnalyticsSnapshot | null> {
    const key = symbol.toUpperCase();
    const mine = this.latestBySymbol.get(key);
    if (mine) return mine;
    if (!this.cache) return null;
    try {
      return await this.cache.get(key);
    } catch (err) {
      this.logger.warn(`Redis read of ${key} analytics failed: ${String(err)}`);
      return null;
    }
  }

  /** Symbols with a latest snapshot, here or in Redis. */
  async symbols(): Promise<string[]> {
    const set = new Set(this.latestBySymbol.keys());
    if (this.cache) {
      try {
        for (const s of await this.cache.symbols()) set.add(s);
      } catch (err) {
        this.logger.warn(`Redis read of analytics symbols failed: ${String(err)}`);
      }
    }
    return [...set].sort();
  }

  /** Daily summary rows of a symbol (oldest first), from PostgreSQL. */
  dailyHistory(symbol: string, throughDate: string, limit = 260) {
    return this.daily.recent(symbol.toUpperCase(), throughDate, limit);
  }
}
