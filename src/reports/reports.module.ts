/**
 * Reports in the app: the ReportService (REPORT_SERVICE) over the analytics service's latest
 * snapshots and the engine's day records (TRADING_DAY_READER, provided by whatever module holds
 * the engine's storage), with the narrative service for the regime context. Without a
 * TRADING_DAY_READER in the app there is no service to run (REPORT_SERVICE resolves to null).
 */
import { Module } from '@nestjs/common';
import { AnalyticsModule } from '../analytics/analytics.module.js';
import { AnalyticsService } from '../analytics/analytics.service.js';
import type { Clock } from '../common/clock.js';
import { CONFIG_SLICE, type MarketDataConfig } from '../config/slices.js';
import { CLOCK } from '../core/tokens.js';
import { NARRATIVE_SERVICE } from '../narrative/writer/create-narrative-service.js';
import type { NarrativeService } from '../narrative/writer/narrative-service.js';
import { LatestSnapshotReader } from './analytics-snapshot-reader.js';
import { TRADING_DAY_READER, type TradingDayReader } from './report-sources.js';
import { createReportService, type ReportService } from './report-service.js';

export const REPORT_SERVICE = Symbol('ReportService');

@Module({
  imports: [AnalyticsModule],
  providers: [
    {
      provide: REPORT_SERVICE,
      inject: [
        CONFIG_SLICE.marketData,
        CLOCK,
        AnalyticsService,
        { token: TRADING_DAY_READER, optional: true },
        { token: NARRATIVE_SERVICE, optional: true },
      ],
      useFactory: (
        config: MarketDataConfig,
        clock: Clock,
        analytics: AnalyticsService,
        days: TradingDayReader | undefined,
        narrator: NarrativeService | undefined,
      ): ReportService | null =>
        days
          ? createReportService({
              clock,
              days,
              snapshots: new LatestSnapshotReader((s) => analytics.latest(s)),
              symbols: config.MARKET_DATA_SYMBOLS,
              ...(narrator ? { narrator } : {}),
            })
          : null,
    },
  ],
  exports: [REPORT_SERVICE],
})
export class ReportsModule {}
