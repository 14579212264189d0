/**
 * Feeds AnalyticsService from market data: subscribes to the chain snapshot source (market
 * data's validated snapshots, with the symbol's market events since its previous chain) when the
 * app has one. The ingest loop is never held up: a symbol's snapshot is analysed at once if the symbol
 * is idle; if it is busy, the newest waiting snapshot replaces the older one (their events are
 * kept), so analytics always works on the latest chain and never falls behind.
 */
import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import type { ChainSnapshot } from '../market-data/chain-snapshot.js';
import type { MarketEvent } from '../market-data/market-events.js';
import type { ProviderSeries } from '../market-data/provider-series.js';
import { AnalyticsService } from './analytics.service.js';
import { CHAIN_SNAPSHOT_SOURCE, type ChainSnapshotSource } from './chain-snapshot-source.js';

@Injectable()
export class MarketDataFeed implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('MarketDataFeed');
  private readonly waiting = new Map<
    string,
    { chain: ChainSnapshot; events: MarketEvent[]; series?: ProviderSeries }
  >();
  private readonly running = new Map<string, Promise<void>>();
  private unsubscribe: (() => void) | null = null;
  /** Snapshots replaced by a newer one before analysis (their events were carried over). */
  coalesced = 0;

  constructor(
    @Inject(AnalyticsService) private readonly analytics: AnalyticsService,
    /** Null without market data in the app: analytics is then fed by calls to ingest(). */
    @Inject(CHAIN_SNAPSHOT_SOURCE) private readonly source: ChainSnapshotSource | null,
  ) {}

  onModuleInit(): void {
    this.unsubscribe =
      this.source?.onSnapshot((chain, extras) => this.offer(chain, extras.events, extras.series)) ??
      null;
  }

  get subscribed(): boolean {
    return this.unsubscribe !== null;
  }

  /** Queues one chain with its events; returns at once. */
  offer(chain: ChainSnapshot, events: readonly MarketEvent[] = [], series?: ProviderSeries): void {
    const symbol = chain.underlying;
    const previous = this.waiting.get(symbol);
    if (previous) this.coalesced++;
    this.waiting.set(symbol, {
      chain,
      events: [...(previous?.events ?? []), ...events],
      series: series ?? previous?.series,
    });
    if (!this.running.has(symbol)) {
      const run = this.drain(symbol).finally(() => this.running.delete(symbol));
      this.running.set(symbol, run);
    }
  }

  private async drain(symbol: string): Promise<void> {
    for (let next = this.waiting.get(symbol); next; next = this.waiting.get(symbol)) {
      this.waiting.delete(symbol);
      try {
        await this.analytics.ingestWithEvents(next.chain, next.events, next.series);
      } catch (err) {
        this.logger.error(`analytics of ${symbol} ${next.chain.snapshotId} failed: ${String(err)}`);
      }
    }
  }

  /** Resolves when every queued snapshot has been analysed. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  async onModuleDestroy(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.idle();
  }
}
