import { Module } from '@nestjs/common';
import {
  AnalyticsController,
  GexController,
  GreeksController,
  MaxPainController,
} from './api/analytics.controllers.js';
import { AnalyticsService } from './analytics.service.js';
import { MarketDataFeed } from './market-data-feed.js';

/**
 * Analytics: AnalyticsService (chain snapshots → AnalyticsSnapshot, latest per symbol in memory and
 * Redis, daily rows in PostgreSQL, heartbeats) and the /greeks, /gex, /max-pain, /analytics API.
 * With MarketDataModule in the app, MarketDataFeed subscribes to its chain snapshots.
 * Needs CoreModule's tokens (APP_CONFIG, CLOCK, DATA_SOURCE, REDIS, HEARTBEATS, METRICS_REGISTRY).
 */
@Module({
  controllers: [GreeksController, GexController, MaxPainController, AnalyticsController],
  providers: [AnalyticsService, MarketDataFeed],
  exports: [AnalyticsService, MarketDataFeed],
})
export class AnalyticsModule {}
