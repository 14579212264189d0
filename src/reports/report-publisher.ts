/**
 * A scheduled (or on-demand) report in the app: built and rendered for every tier, stored with
 * its renderings for compliance, then put through the QA gate, which hands it to delivery when it
 * may go out. Email charts are referenced as inline images (`cid:`), which delivery attaches.
 */
import type { Tier } from '../vocabulary/tier.js';
import type { Report, ReportType } from './report.js';
import type { ReportService } from './report-service.js';
import type { ReportChart } from './report-charts.js';
import type { ReportGate } from './review/report-gate.js';
import type { ReportReviewSummary } from './review/report-review-service.js';
import type { PostgresReportStore } from './store/report-store.js';

/** The Content-ID of a chart inlined in a report email. */
export const chartContentId = (name: string): string => `${name}@gammadesk`;

export interface PublishedReport {
  report: Report;
  tiers: Tier[];
  review: ReportReviewSummary;
}

export class ReportPublisher {
  constructor(
    private readonly d: { service: ReportService; store: PostgresReportStore; gate: ReportGate },
  ) {}

  async publish(type: ReportType, date: string): Promise<PublishedReport> {
    const built = await this.d.service.run(type, date, {
      chartSrc: (c: ReportChart) => `cid:${chartContentId(c.name)}`,
    });
    await this.d.store.save(built.report, built.tiers);
    const review = await this.d.gate.open(built.report);
    return { report: built.report, tiers: built.tiers.map((t) => t.tier), review };
  }
}
