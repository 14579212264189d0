/**
 * Reports in the app (global: delivery subscribes to the QA gate's releases and digests read the
 * close summaries; admin serves the review queue). Composed by composeReports from the latest
 * analytics, the engine's stored day (SQL, or a TRADING_DAY_READER someone provides), the
 * narrative service and the record's chain head. Where the process runs the market (ROLE all or
 * ingest) and REPORTS_ENABLED, the scheduler runs each report at its time on the engine clock.
 */
import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { AnalyticsModule } from '../analytics/analytics.module.js';
import { AnalyticsService } from '../analytics/analytics.service.js';
import { AnalyticsAccessGuard } from '../analytics/api/analytics-access.guard.js';
import { ApiKeyRateLimiter } from '../analytics/api/api-key-rate-limiter.js';
import type { Clock } from '../common/clock.js';
import { roleRuns } from '../common/roles.js';
import { CONFIG_SLICE, type ReportsConfig } from '../config/slices.js';
import { CLOCK, DATA_SOURCE } from '../core/tokens.js';
import { NARRATIVE_SERVICE } from '../narrative/writer/create-narrative-service.js';
import type { NarrativeService } from '../narrative/writer/narrative-service.js';
import { RecordModule } from '../record/record.module.js';
import { RecordService } from '../record/record.service.js';
import { LatestSnapshotReader } from './analytics-snapshot-reader.js';
import { ReportLevelsController } from './api/levels.controller.js';
import { TRADING_DAY_READER, type TradingDayReader } from './report-sources.js';
import { composeReports, type Reports } from './reports.composition.js';
import { REPORT_CLOSE_SUMMARIES, REPORT_GATE, REPORTS, REPORTS_STORE } from './reports.tokens.js';
import { REPORT_REVIEW_SERVICE } from './review/report-review-service.js';

export const REPORT_SERVICE = Symbol('ReportService');

@Injectable()
class ReportsLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    @Inject(REPORTS) private readonly reports: Reports,
    @Inject(CONFIG_SLICE.reports) private readonly config: ReportsConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.REPORTS_ENABLED || !roleRuns(this.config.ROLE, 'market-data')) return;
    this.reports.gate.start();
    this.reports.scheduler.start();
  }

  onModuleDestroy(): void {
    this.reports.gate.stop();
    // Not awaited: the scheduler may be asleep on the engine clock until its next slice.
    void this.reports.scheduler.stop();
  }
}

const fromReports = (provide: symbol, pick: (r: Reports) => unknown) => ({
  provide,
  inject: [REPORTS],
  useFactory: pick,
});

@Global()
@Module({
  imports: [AnalyticsModule, RecordModule],
  controllers: [ReportLevelsController],
  providers: [
    ApiKeyRateLimiter,
    AnalyticsAccessGuard,
    {
      provide: REPORTS,
      inject: [
        CONFIG_SLICE.reports,
        CLOCK,
        DATA_SOURCE,
        AnalyticsService,
        RecordService,
        { token: TRADING_DAY_READER, optional: true },
        { token: NARRATIVE_SERVICE, optional: true },
      ],
      useFactory: (
        config: ReportsConfig,
        clock: Clock,
        dataSource: DataSource,
        analytics: AnalyticsService,
        record: RecordService,
        days: TradingDayReader | undefined,
        narrator: NarrativeService | undefined,
      ): Reports => {
        const log = new Logger('Reports');
        return composeReports({
          clock,
          dataSource,
          snapshots: new LatestSnapshotReader((s) => analytics.latest(s)),
          settings: {
            symbols: config.MARKET_DATA_SYMBOLS,
            startEquity: config.ENGINE_START_EQUITY,
            requireApproval: config.REPORTS_REQUIRE_APPROVAL,
            autoApproveMinutes: config.REPORTS_AUTO_APPROVE_MINUTES,
          },
          ...(days ? { days } : {}),
          ...(narrator ? { narrator } : {}),
          chainHead: () => record.chainHead(),
          log: {
            info: (d, m) => log.log({ ...d, msg: m }),
            error: (d, m) => log.error({ ...d, msg: m }),
          },
        });
      },
    },
    fromReports(REPORT_SERVICE, (r) => r.service),
    fromReports(REPORTS_STORE, (r) => r.store),
    fromReports(REPORT_GATE, (r) => r.gate),
    fromReports(REPORT_REVIEW_SERVICE, (r) => r.gate),
    fromReports(REPORT_CLOSE_SUMMARIES, (r) => r.summaries),
    ReportsLifecycle,
  ],
  exports: [
    REPORTS,
    REPORT_SERVICE,
    REPORTS_STORE,
    REPORT_GATE,
    REPORT_REVIEW_SERVICE,
    REPORT_CLOSE_SUMMARIES,
  ],
})
export class ReportsModule {}
