import { Module } from '@nestjs/common';
import {
  AnalyticsController,
  GexController,
  GreeksController,
  MaxPainController,
} from './api/analytics.controllers.js';
import { IngestService } from '../market-data/ingest.service.js';
import { AnalyticsService } from './analytics.service.js';
import { AnalyticsAccessGuard } from './api/analytics-access.guard.js';
import { ApiKeyRateLimiter } from './api/api-key-rate-limiter.js';
import { TieredSnapshots } from './api/tiered-snapshots.js';
import { CHAIN_SNAPSHOT_SOURCE, type ChainSnapshotSource } from './chain-snapshot-source.js';
import { MarketDataFeed } from './market-data-feed.js';

/**
 * Analytics: AnalyticsService (chain snapshots → AnalyticsSnapshot, latest per symbol in memory and
 * Redis, daily rows in PostgreSQL, heartbeats) and the /greeks, /gex, /max-pain, /analytics API
 * (behind the operator token or a subscriber API key, checked through API_KEY_VERIFIER when the
 * subscribers module provides it).
 * With MarketDataModule in the app (it is global), its IngestService is the CHAIN_SNAPSHOT_SOURCE
 * MarketDataFeed subscribes to; without it the source is null.
 * Needs CoreModule's tokens (CONFIG_SLICE.analytics, CLOCK, DATA_SOURCE, REDIS, HEARTBEATS,
 * METRICS_REGISTRY).
 */
@Module({
  controllers: [GreeksController, GexController, MaxPainController, AnalyticsController],
  providers: [
    AnalyticsService,
    MarketDataFeed,
    TieredSnapshots,
    ApiKeyRateLimiter,
    AnalyticsAccessGuard,
    {
      provide: CHAIN_SNAPSHOT_SOURCE,
      useFactory: (ingest: IngestService | undefined): ChainSnapshotSource | null => ingest ?? null,
      inject: [{ token: IngestService, optional: true }],
    },
  ],
  exports: [AnalyticsService, MarketDataFeed],
})
export class AnalyticsModule {}
