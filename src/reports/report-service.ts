/**
 * Builds and renders reports from the ports it is given: the latest analytics snapshots of the
 * focus universe and the engine's records of the day, at the report's scheduled time (or the
 * clock's now when run on demand later than that). createReportService composes it from a deps
 * object, so the app, the CLI, the demo and tests build it the same way.
 */
import type { Clock } from '../common/clock.js';
import { nyInstant } from '../common/market-calendar.js';
import { buildReport } from './report-builder.js';
import { premiumNarrative, type RegimeNarrator } from './report-narrative.js';
import type { Report, ReportType } from './report.js';
import { scheduledReport } from './report-schedule.js';
import type { SnapshotReader, TradingDayReader } from './report-sources.js';
import {
  renderReport,
  type RenderOptions,
  type RenderedTierReport,
} from './render/render-report.js';

export interface ReportServiceDeps {
  clock: Clock;
  snapshots: SnapshotReader;
  days: TradingDayReader;
  /** The focus universe. */
  symbols: readonly string[];
  /** The narrative service (regime context); without it the report words it itself. */
  narrator?: RegimeNarrator;
  /** The track record's chain head (printed in the close report). */
  chainHead?: () => Promise<{ seq: number; hash: string }>;
}

export interface BuiltReport {
  report: Report;
  tiers: RenderedTierReport[];
}

export class ReportService {
  constructor(private readonly d: ReportServiceDeps) {}

  /** The report as of its scheduled time (`asOf` overrides it, e.g. an on-demand run). */
  async build(type: ReportType, date: string, asOf?: number): Promise<Report> {
    const slot = scheduledReport(date, type);
    const scheduledFor =
      slot?.time ?? (type === 'premarket' ? '08:30' : type === 'intraday' ? '13:00' : '16:10');
    const at = asOf ?? slot?.atMs ?? nyInstant(date, scheduledFor);
    const [snapshots, records] = await Promise.all([
      this.d.snapshots.latestSnapshots(this.d.symbols, at),
      this.d.days.dayRecords(date, at),
    ]);
    const report = buildReport({
      type,
      date,
      scheduledFor,
      generatedAt: this.d.clock.now(),
      snapshots,
      records,
    });
    const recordHead =
      type === 'close' && this.d.chainHead ? await this.recordHead(this.d.chainHead) : undefined;
    return {
      ...report,
      narrative: await premiumNarrative(report, snapshots, this.d.narrator),
      ...(recordHead ? { recordHead } : {}),
    };
  }

  private async recordHead(
    read: () => Promise<{ seq: number; hash: string }>,
  ): Promise<{ seq: number; hash: string } | null> {
    const h = await read();
    return h.seq > 0 ? { seq: h.seq, hash: h.hash } : null;
  }

  /** Built and rendered for every tier (or those asked for). */
  async run(
    type: ReportType,
    date: string,
    options: RenderOptions & { asOf?: number } = {},
  ): Promise<BuiltReport> {
    const report = await this.build(type, date, options.asOf);
    return { report, tiers: await renderReport(report, options) };
  }
}

export function createReportService(deps: ReportServiceDeps): ReportService {
  return new ReportService(deps);
}
