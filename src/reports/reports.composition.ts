/**
 * Reports composed from plain parts, so the app, the demo and tests build them the same way: the
 * report service over the latest analytics and the engine's stored day (SQL), the store, the QA
 * gate, the publisher and the scheduler that runs the publisher at each report's time on the
 * engine clock; and the close summaries digests carry.
 */
import type { DataSource } from 'typeorm';
import type { Clock } from '../common/clock.js';
import type { Tier } from '../vocabulary/tier.js';
import type { RegimeNarrator } from './report-narrative.js';
import { ReportPublisher } from './report-publisher.js';
import { ReportScheduler, type ReportSchedulerLog } from './report-scheduler.js';
import { createReportService, type ReportService } from './report-service.js';
import type { SnapshotReader, TradingDayReader } from './report-sources.js';
import { PostgresReportReviewStore } from './review/postgres-review-store.js';
import { ReportGate } from './review/report-gate.js';
import { DEFAULT_REVIEW_POLICY } from './review/report-review.js';
import { SqlTradingDayReader } from './store/engine-day-reader.js';
import { PostgresReportStore } from './store/report-store.js';

export interface ReportsSettings {
  symbols: readonly string[];
  startEquity: number;
  requireApproval: boolean;
  autoApproveMinutes: number;
}

export interface ReportsDeps {
  clock: Clock;
  dataSource: DataSource;
  snapshots: SnapshotReader;
  settings: ReportsSettings;
  /** Default: the engine's stored tables by SQL. */
  days?: TradingDayReader;
  narrator?: RegimeNarrator;
  chainHead?: () => Promise<{ seq: number; hash: string }>;
  log?: ReportSchedulerLog;
}

export interface Reports {
  service: ReportService;
  store: PostgresReportStore;
  reviews: PostgresReportReviewStore;
  gate: ReportGate;
  publisher: ReportPublisher;
  scheduler: ReportScheduler;
  summaries: CloseSummaries;
}

/** The close report's chat summary for a tier: what a day's digest carries on top. */
export class CloseSummaries {
  constructor(private readonly store: PostgresReportStore) {}

  async closeSummary(day: string, tier: Tier): Promise<string | null> {
    const r = await this.store.rendition(`${day}-close`, tier);
    return r ? r.chat : null;
  }
}

export function composeReports(d: ReportsDeps): Reports {
  const service = createReportService({
    clock: d.clock,
    snapshots: d.snapshots,
    days: d.days ?? new SqlTradingDayReader(d.dataSource, d.settings.startEquity),
    symbols: d.settings.symbols,
    ...(d.narrator ? { narrator: d.narrator } : {}),
    ...(d.chainHead ? { chainHead: d.chainHead } : {}),
  });
  const store = new PostgresReportStore(d.dataSource);
  const reviews = new PostgresReportReviewStore(d.dataSource);
  const gate = new ReportGate({
    clock: d.clock,
    reviews,
    reports: store,
    policy: {
      ...DEFAULT_REVIEW_POLICY,
      requireApproval: d.settings.requireApproval,
      autoApproveAfterMs: d.settings.autoApproveMinutes * 60_000,
    },
    ...(d.log ? { log: d.log } : {}),
  });
  const publisher = new ReportPublisher({ service, store, gate });
  const scheduler = new ReportScheduler({
    clock: d.clock,
    run: (type, date) => publisher.publish(type, date),
    ...(d.log ? { log: d.log } : {}),
  });
  return {
    service,
    store,
    reviews,
    gate,
    publisher,
    scheduler,
    summaries: new CloseSummaries(store),
  };
}
