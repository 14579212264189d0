/**
 * The QA gate as a service: what the operator API (/api/admin/reports) and the portal's Content
 * QA page call. A report's review is one of
 *   pending → approved (an operator) | auto-approved (its delay passed) | held (an operator)
 *   held → approved (an operator releases it) · approved | auto-approved → sent (delivered)
 * Reports that need no review (pre-market, intraday) open as approved by 'policy'.
 */
import type { Tier } from '../../vocabulary/tier.js';
import type { ReportType } from '../report.js';

export type ReviewState = 'pending' | 'approved' | 'held' | 'auto-approved' | 'sent';

export interface ReportReviewSummary {
  /** `<date>-<type>`. */
  id: string;
  /** New York trading date. */
  date: string;
  type: ReportType;
  state: ReviewState;
  /** Engine-clock ms. */
  createdAt: number;
  /** When a pending report approves itself; null when approval is mandatory or not pending. */
  autoApproveAt: number | null;
  decidedAt: number | null;
  /** An operator's name, 'auto' or 'policy'. */
  decidedBy: string | null;
  note: string | null;
  sentAt: number | null;
}

/** One tier's rendering, exactly as it is (or will be) delivered. */
export interface ReportTierPreview {
  tier: Tier;
  /** The email's HTML (charts referenced as `cid:` images; see `charts`). */
  html: string;
  text: string;
  /** The Discord / Telegram summary. */
  chat: string;
  /** Free only: the X / Reddit teaser. */
  teaser: string | null;
  /** The tier's charts as SVG, by name. */
  charts: { name: string; title: string; svg: string }[];
}

export interface ReportReviewDetail extends ReportReviewSummary {
  previews: ReportTierPreview[];
}

export type ReviewAction = 'created' | 'approved' | 'auto-approved' | 'held' | 'sent';

export interface ReportReviewHistoryEntry {
  at: number;
  action: ReviewAction;
  by: string;
  note: string | null;
}

export interface ReportReviewService {
  /** The reports of a New York date, oldest first. */
  list(date: string): Promise<ReportReviewSummary[]>;
  /** One report with its rendered previews per tier; null when unknown. */
  get(id: string): Promise<ReportReviewDetail | null>;
  /** Throws ReportNotFoundError, or ReviewTransitionError when the report is not pending/held. */
  approve(id: string, by: string, note?: string): Promise<ReportReviewSummary>;
  /** Throws ReportNotFoundError, or ReviewTransitionError when the report is not pending. */
  hold(id: string, by: string, note?: string): Promise<ReportReviewSummary>;
  /** Every transition of a report, oldest first (empty when unknown). */
  history(id: string): Promise<ReportReviewHistoryEntry[]>;
}

export const REPORT_REVIEW_SERVICE = Symbol('ReportReviewService');

export class ReportNotFoundError extends Error {
  constructor(readonly reportId: string) {
    super(`report ${reportId} not found`);
  }
}
