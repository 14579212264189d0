/**
 * The QA gate in front of a report's delivery. A close report waits in review until an operator
 * approves it or its auto-approve time passes (unless approval is mandatory); a held report is
 * never sent. Other report types pass straight to approved. States:
 *   pending → approved (operator, or auto after the delay) · pending → held (operator)
 *   held → approved (operator releases it)
 * Pure: the time comes from the caller's clock, storage behind ReportReviewStore.
 */
import type { ReportType } from '../report.js';

export type ReviewStatus = 'pending' | 'approved' | 'held';

export interface ReportReview {
  /** The report's id, `<date>-<type>`. */
  reportId: string;
  date: string;
  type: ReportType;
  status: ReviewStatus;
  createdAt: number;
  /** When a pending report approves itself; null when approval is mandatory. */
  autoApproveAt: number | null;
  decidedAt: number | null;
  /** 'auto', 'policy' (no review needed) or the operator's name. */
  decidedBy: string | null;
  note: string | null;
}

export interface ReviewPolicy {
  /** Default 10 minutes. */
  autoApproveAfterMs: number;
  /** REPORTS_REQUIRE_APPROVAL: no auto-approval. */
  requireApproval: boolean;
  /** Report types that wait for review (default: close only). */
  reviewed: readonly ReportType[];
}

export const DEFAULT_REVIEW_POLICY: ReviewPolicy = {
  autoApproveAfterMs: 10 * 60_000,
  requireApproval: false,
  reviewed: ['close'],
};

export class ReviewTransitionError extends Error {}

export function openReview(
  r: { id: string; date: string; type: ReportType },
  now: number,
  policy: ReviewPolicy = DEFAULT_REVIEW_POLICY,
): ReportReview {
  const base = { reportId: r.id, date: r.date, type: r.type, createdAt: now, note: null };
  if (!policy.reviewed.includes(r.type))
    return {
      ...base,
      status: 'approved',
      autoApproveAt: null,
      decidedAt: now,
      decidedBy: 'policy',
    };
  return {
    ...base,
    status: 'pending',
    autoApproveAt: policy.requireApproval ? null : now + policy.autoApproveAfterMs,
    decidedAt: null,
    decidedBy: null,
  };
}

/** The review as of `now`: a pending review past its auto-approve time is approved. */
export function reviewAt(review: ReportReview, now: number): ReportReview {
  if (review.status === 'pending' && review.autoApproveAt !== null && now >= review.autoApproveAt)
    return { ...review, status: 'approved', decidedAt: review.autoApproveAt, decidedBy: 'auto' };
  return review;
}

export function approve(
  review: ReportReview,
  by: string,
  now: number,
  note?: string,
): ReportReview {
  const r = reviewAt(review, now);
  if (r.status === 'approved') throw new ReviewTransitionError(`${r.reportId} is already approved`);
  return { ...r, status: 'approved', decidedAt: now, decidedBy: by, note: note ?? r.note };
}

export function hold(review: ReportReview, by: string, now: number, note?: string): ReportReview {
  const r = reviewAt(review, now);
  if (r.status !== 'pending')
    throw new ReviewTransitionError(
      `${r.reportId} is ${r.status}; only a pending report can be held`,
    );
  return { ...r, status: 'held', decidedAt: now, decidedBy: by, note: note ?? null };
}

/** True when the report may go out. */
export function releasable(review: ReportReview, now: number): boolean {
  return reviewAt(review, now).status === 'approved';
}

/** Where reviews are kept (PostgreSQL in the app, memory in tests and the CLI). */
export interface ReportReviewStore {
  save(review: ReportReview): Promise<void>;
  get(reportId: string): Promise<ReportReview | null>;
  listByDate(date: string): Promise<ReportReview[]>;
}

export class InMemoryReportReviewStore implements ReportReviewStore {
  private readonly reviews = new Map<string, ReportReview>();
  save(review: ReportReview): Promise<void> {
    this.reviews.set(review.reportId, review);
    return Promise.resolve();
  }
  get(reportId: string): Promise<ReportReview | null> {
    return Promise.resolve(this.reviews.get(reportId) ?? null);
  }
  listByDate(date: string): Promise<ReportReview[]> {
    return Promise.resolve([...this.reviews.values()].filter((r) => r.date === date));
  }
}
