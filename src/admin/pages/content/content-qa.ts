/**
 * Content QA: the report review queue of a New York date, a report's preview per tier (the email
 * framed and sandboxed, the chat summary, the teaser, the charts), approve or hold with a note,
 * and the history of decisions. Decisions go through the reports' review service and are audited.
 */
import { DateTime } from 'luxon';
import {
  ReportNotFoundError,
  type ReportReviewDetail,
  type ReportReviewService,
  type ReportReviewSummary,
} from '../../../reports/review/report-review-service.js';
import { ReviewTransitionError } from '../../../reports/review/report-review.js';
import { NEW_YORK_ZONE } from '../../../vocabulary/units.js';
import type { AuditLog } from '../../access/audit-log.js';
import { at } from '../page-format.js';
import {
  decideReview,
  historyRows,
  type ReviewDecision,
  type ReviewKind,
} from './review-decision.js';

export const REPORT_ID_RE = /^\d{4}-\d{2}-\d{2}-[a-z-]{2,30}$/;

const REPORT: ReviewKind<ReportReviewDetail, ReportReviewSummary> = {
  noun: 'report',
  audited: (r) => ({ state: r.state, note: r.note }),
  notFound: [ReportNotFoundError],
  conflict: [ReviewTransitionError],
};

export class ContentQa {
  constructor(
    private readonly reviews: ReportReviewService,
    private readonly audit: AuditLog,
  ) {}

  /** The New York date of an instant, YYYY-MM-DD. */
  static dateOf(ms: number): string {
    return DateTime.fromMillis(ms, { zone: NEW_YORK_ZONE }).toISODate()!;
  }

  async queue(date: string) {
    const list = await this.reviews.list(date);
    return list.map((r) => ({
      ...r,
      createdAt: at(r.createdAt),
      autoApproveAt: r.autoApproveAt === null ? '—' : at(r.autoApproveAt),
      decidedAt: r.decidedAt === null ? '—' : at(r.decidedAt),
      decidedBy: r.decidedBy ?? '—',
      note: r.note ?? '',
      waiting: r.state === 'pending' || r.state === 'held',
    }));
  }

  async report(id: string) {
    const detail = await this.reviews.get(id);
    if (!detail) return null;
    const history = await this.reviews.history(id);
    return {
      id: detail.id,
      date: detail.date,
      type: detail.type,
      state: detail.state,
      note: detail.note ?? '',
      canApprove: detail.state === 'pending' || detail.state === 'held',
      canHold: detail.state === 'pending',
      autoApproveAt: detail.autoApproveAt === null ? null : at(detail.autoApproveAt),
      previews: detail.previews.map((p) => ({
        tier: p.tier,
        emailUrl: `/admin/content/${encodeURIComponent(id)}/email/${p.tier}`,
        chat: p.chat,
        teaser: p.teaser,
        charts: p.charts.map((c) => ({
          title: c.title,
          src: `data:image/svg+xml;base64,${Buffer.from(c.svg).toString('base64')}`,
        })),
      })),
      history: historyRows(history),
    };
  }

  /** A tier's email HTML with its `cid:` chart images inlined as data: URIs. */
  async email(id: string, tier: string): Promise<string | null> {
    const detail = await this.reviews.get(id);
    const preview = detail?.previews.find((p) => p.tier === tier);
    if (!preview) return null;
    return preview.html.replace(/cid:([\w.@-]+)/g, (whole, cid: string) => {
      const chart = preview.charts.find(
        (c) => cid === c.name || cid.startsWith(`${c.name}.`) || cid.startsWith(`${c.name}@`),
      );
      return chart
        ? `data:image/svg+xml;base64,${Buffer.from(chart.svg).toString('base64')}`
        : whole;
    });
  }

  async decide(
    id: string,
    decision: ReviewDecision,
    body: unknown,
    actor: string,
  ): Promise<string> {
    const after = await decideReview(REPORT, this.reviews, this.audit, id, decision, body, actor);
    return `Report ${id} is ${after.state}.`;
  }
}
