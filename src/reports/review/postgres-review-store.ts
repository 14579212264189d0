/**
 * The QA gate's reviews in PostgreSQL (report_review) with every transition (report_review_event):
 * what the operator API and the portal list, and what survives a restart.
 */
import type { DataSource } from 'typeorm';
import type { ReportType } from '../report.js';
import type { ReportReview, ReportReviewStore, ReviewStatus } from './report-review.js';
import type { ReportReviewHistoryEntry, ReviewAction } from './report-review-service.js';

interface ReviewRow {
  report_id: string;
  date: string | Date;
  type: ReportType;
  status: ReviewStatus;
  created_at: Date;
  auto_approve_at: Date | null;
  decided_at: Date | null;
  decided_by: string | null;
  note: string | null;
  sent_at: Date | null;
}

export type StoredReview = ReportReview & { sentAt: number | null };

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const ms = (d: Date | null): number | null => (d ? d.getTime() : null);
const dateText = (d: string | Date): string =>
  typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10);

function toReview(r: ReviewRow): StoredReview {
  return {
    reportId: r.report_id,
    date: dateText(r.date),
    type: r.type,
    status: r.status,
    createdAt: r.created_at.getTime(),
    autoApproveAt: ms(r.auto_approve_at),
    decidedAt: ms(r.decided_at),
    decidedBy: r.decided_by,
    note: r.note,
    sentAt: ms(r.sent_at),
  };
}

const COLUMNS = `report_id, to_char(date, 'YYYY-MM-DD') AS date, type, status, created_at,
  auto_approve_at, decided_at, decided_by, note, sent_at`;

export class PostgresReportReviewStore implements ReportReviewStore {
  constructor(private readonly ds: DataSource) {}

  async save(r: ReportReview): Promise<void> {
    await this.ds.query(
      `INSERT INTO report_review (report_id, date, type, status, created_at, auto_approve_at,
                                  decided_at, decided_by, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (report_id) DO UPDATE SET status = EXCLUDED.status,
         auto_approve_at = EXCLUDED.auto_approve_at, decided_at = EXCLUDED.decided_at,
         decided_by = EXCLUDED.decided_by, note = EXCLUDED.note`,
      [
        r.reportId,
        r.date,
        r.type,
        r.status,
        iso(r.createdAt),
        iso(r.autoApproveAt),
        iso(r.decidedAt),
        r.decidedBy,
        r.note,
      ],
    );
  }

  async get(reportId: string): Promise<StoredReview | null> {
    const rows: ReviewRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM report_review WHERE report_id = $1`,
      [reportId],
    );
    return rows[0] ? toReview(rows[0]) : null;
  }

  async listByDate(date: string): Promise<StoredReview[]> {
    const rows: ReviewRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM report_review WHERE date = $1 ORDER BY created_at, report_id`,
      [date],
    );
    return rows.map(toReview);
  }

  /** Reviews not handed to delivery yet (pending or approved): what a restart looks at again. */
  async unsent(): Promise<StoredReview[]> {
    const rows: ReviewRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM report_review WHERE sent_at IS NULL AND status <> 'held'
        ORDER BY created_at`,
    );
    return rows.map(toReview);
  }

  /** Marks the report sent once; false when it already was. */
  async markSent(reportId: string, at: number): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `UPDATE report_review SET sent_at = $2 WHERE report_id = $1 AND sent_at IS NULL
       RETURNING report_id`,
      [reportId, iso(at)],
    );
    const first = rows[0];
    return Array.isArray(first) ? first.length > 0 : rows.length > 0;
  }

  async record(reportId: string, e: ReportReviewHistoryEntry): Promise<void> {
    await this.ds.query(
      `INSERT INTO report_review_event (report_id, at, action, by, note) VALUES ($1, $2, $3, $4, $5)`,
      [reportId, iso(e.at), e.action, e.by, e.note],
    );
  }

  async history(reportId: string): Promise<ReportReviewHistoryEntry[]> {
    const rows: { at: Date; action: ReviewAction; by: string; note: string | null }[] =
      await this.ds.query(
        `SELECT at, action, by, note FROM report_review_event WHERE report_id = $1 ORDER BY id`,
        [reportId],
      );
    return rows.map((r) => ({ at: r.at.getTime(), action: r.action, by: r.by, note: r.note }));
  }
}
