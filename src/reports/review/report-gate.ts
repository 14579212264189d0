/**
 * The QA gate in the app (ReportReviewService): a stored report opens a review; once it is
 * releasable (approved by policy, by an operator, or by its auto-approve time on the engine clock)
 * it is handed to delivery exactly once and marked sent. A held report is never handed over. A
 * restart looks again at every review not sent (resume()).
 */
import type { Clock } from '../../common/clock.js';
import type { ReportType } from '../report.js';
import type { PostgresReportStore } from '../store/report-store.js';
import type { StoredReview, PostgresReportReviewStore } from './postgres-review-store.js';
import {
  approve,
  hold,
  openReview,
  reviewAt,
  type ReportReview,
  type ReviewPolicy,
} from './report-review.js';
import {
  ReportNotFoundError,
  type ReportReviewDetail,
  type ReportReviewHistoryEntry,
  type ReportReviewService,
  type ReportReviewSummary,
  type ReviewState,
} from './report-review-service.js';

/** What delivery is told about a released report. */
export interface ReleasedReport {
  reportId: string;
  date: string;
  type: ReportType;
  /** Engine-clock ms of the release: the tier delays run from here. */
  at: number;
}

/** Hands a released report to delivery (planned once; a rerun of the same release is a no-op). */
export type ReportReleaseSink = (r: ReleasedReport) => Promise<void>;

export interface ReportGateDeps {
  clock: Clock;
  reviews: PostgresReportReviewStore;
  reports: PostgresReportStore;
  policy: ReviewPolicy;
  log?: { error(detail: Record<string, unknown>, msg: string): void };
}

function stateOf(r: StoredReview): ReviewState {
  if (r.sentAt !== null) return 'sent';
  if (r.status === 'approved' && r.decidedBy === 'auto') return 'auto-approved';
  return r.status;
}

function summary(r: StoredReview): ReportReviewSummary {
  return {
    id: r.reportId,
    date: r.date,
    type: r.type,
    state: stateOf(r),
    createdAt: r.createdAt,
    autoApproveAt: r.status === 'pending' ? r.autoApproveAt : null,
    decidedAt: r.decidedAt,
    decidedBy: r.decidedBy,
    note: r.note,
    sentAt: r.sentAt,
  };
}

export class ReportGate implements ReportReviewService {
  private readonly sinks: ReportReleaseSink[] = [];
  private readonly timers = new Set<string>();
  private readonly releasing = new Set<string>();
  private stopped = false;
  private started = false;

  constructor(private readonly d: ReportGateDeps) {}

  /** Delivery subscribes here (distribution may import reports; reports never import it). */
  onRelease(sink: ReportReleaseSink): void {
    this.sinks.push(sink);
    // Bound after start(): what waited for a sink is released now.
    if (this.started) this.resumeLogged();
  }

  /** Starts releasing: every review not sent yet is checked (again, after a restart). */
  start(): void {
    this.started = true;
    this.resumeLogged();
  }

  private resumeLogged(): void {
    this.resume().catch((err: unknown) =>
      this.d.log?.error({ err: String(err) }, 'resuming report reviews failed'),
    );
  }

  stop(): void {
    this.stopped = true;
  }

  /** A freshly stored report enters the gate (a rerun keeps its review and history). */
  async open(r: { id: string; date: string; type: ReportType }): Promise<ReportReviewSummary> {
    const now = this.d.clock.now();
    let review = await this.d.reviews.get(r.id);
    if (!review) {
      const opened = openReview(r, now, this.d.policy);
      await this.d.reviews.save(opened);
      await this.d.reviews.record(r.id, { at: now, action: 'created', by: 'system', note: null });
      if (opened.status === 'approved')
        await this.d.reviews.record(r.id, {
          at: now,
          action: 'approved',
          by: 'policy',
          note: null,
        });
      review = { ...opened, sentAt: null };
    }
    return summary(await this.check(review));
  }

  /** Every review not sent yet is checked again (after a restart). */
  async resume(): Promise<void> {
    for (const r of await this.d.reviews.unsent()) await this.check(r);
  }

  async list(date: string): Promise<ReportReviewSummary[]> {
    const now = this.d.clock.now();
    const rows = await this.d.reviews.listByDate(date);
    return rows.map((r) => summary({ ...reviewAt(r, now), sentAt: r.sentAt }));
  }

  async get(id: string): Promise<ReportReviewDetail | null> {
    const r = await this.d.reviews.get(id);
    if (!r) return null;
    const now = this.d.clock.now();
    const previews = await this.d.reports.renditions(id);
    return {
      ...summary({ ...reviewAt(r, now), sentAt: r.sentAt }),
      previews: previews.map((p) => ({
        tier: p.tier,
        html: p.html,
        text: p.text,
        chat: p.chat,
        teaser: p.teaser,
        charts: p.charts.map((c) => ({ name: c.name, title: c.title, svg: c.svg })),
      })),
    };
  }

  async approve(id: string, by: string, note?: string): Promise<ReportReviewSummary> {
    return this.decide(id, (r, now) => approve(r, by, now, note), 'approved', by, note);
  }

  async hold(id: string, by: string, note?: string): Promise<ReportReviewSummary> {
    return this.decide(id, (r, now) => hold(r, by, now, note), 'held', by, note);
  }

  history(id: string): Promise<ReportReviewHistoryEntry[]> {
    return this.d.reviews.history(id);
  }

  private async decide(
    id: string,
    change: (r: ReportReview, now: number) => ReportReview,
    action: 'approved' | 'held',
    by: string,
    note: string | undefined,
  ): Promise<ReportReviewSummary> {
    const stored = await this.d.reviews.get(id);
    if (!stored) throw new ReportNotFoundError(id);
    const now = this.d.clock.now();
    // An auto-approval that fell due is recorded first (and makes the change fail as it should).
    const current = await this.settleAuto(stored, now);
    const next = change(current, now);
    await this.d.reviews.save(next);
    await this.d.reviews.record(id, { at: now, action, by, note: note ?? null });
    return summary(await this.check({ ...next, sentAt: stored.sentAt }));
  }

  /** Persists an auto-approval whose time has come. */
  private async settleAuto(r: StoredReview, now: number): Promise<StoredReview> {
    const due = reviewAt(r, now);
    if (due.status === r.status) return r;
    await this.d.reviews.save(due);
    await this.d.reviews.record(r.reportId, {
      at: due.decidedAt ?? now,
      action: 'auto-approved',
      by: 'auto',
      note: null,
    });
    return { ...due, sentAt: r.sentAt };
  }

  /** Releases an approved review not sent yet; waits on the clock for a pending one's auto time. */
  private async check(review: StoredReview): Promise<StoredReview> {
    const now = this.d.clock.now();
    const r = await this.settleAuto(review, now);
    if (r.status === 'pending' && r.autoApproveAt !== null) this.wake(r.reportId, r.autoApproveAt);
    if (r.status !== 'approved' || r.sentAt !== null || this.sinks.length === 0) return r;
    if (this.releasing.has(r.reportId)) return r;
    this.releasing.add(r.reportId);
    try {
      const released: ReleasedReport = {
        reportId: r.reportId,
        date: r.date,
        type: r.type,
        at: now,
      };
      for (const sink of this.sinks) await sink(released);
      if (!(await this.d.reviews.markSent(r.reportId, now))) return r;
      await this.d.reviews.record(r.reportId, {
        at: now,
        action: 'sent',
        by: 'system',
        note: null,
      });
      return { ...r, sentAt: now };
    } finally {
      this.releasing.delete(r.reportId);
    }
  }

  private wake(id: string, at: number): void {
    if (this.timers.has(id)) return;
    this.timers.add(id);
    void this.d.clock
      .sleep(Math.max(0, at - this.d.clock.now()))
      .then(async () => {
        this.timers.delete(id);
        if (this.stopped) return;
        const r = await this.d.reviews.get(id);
        if (r) await this.check(r);
      })
      .catch((err: unknown) =>
        this.d.log?.error({ reportId: id, err: String(err) }, 'report auto-approval failed'),
      );
  }
}
