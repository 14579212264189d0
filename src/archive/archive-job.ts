/**
 * The archive's daily work, after the close: export the day, move hot rows older than
 * ARCHIVE_HOT_DAYS (each day exported again, final, before its rows move), and purge what is
 * past retention (archive_ rows and day files). Each step is idempotent: the job can be run again
 * for the same day, or after a crash, and ends in the same state.
 */
import type { DataSource } from 'typeorm';
import type { Clock } from '../common/clock.js';
import { first } from '../database/sql.js';
import type { ArchiveSink } from './archive-sink.js';
import { DATE_RE, dayWindow, minusDays, minusYears } from './archive-days.js';
import { exportDay, type DayExportOptions } from './day-export.js';
import { HotMover, type MoveHooks, type MovedDay } from './hot-mover.js';
import type { DayManifest } from './manifest.js';

/** A report's rows (children first) are purged by the time the report was made. */
const OF_OLD_REPORT = `report_id IN (SELECT id FROM archive_report WHERE generated_at < $1)`;

/** The archive tables and which of their rows are past retention ($1: the oldest kept instant). */
const PURGED: readonly [string, string][] = [
  ['engine_signal', 'created_at < $1'],
  ['engine_risk_verdict', 'evaluated_at < $1'],
  ['engine_position', 'updated_at < $1'],
  ['engine_fill', 'at < $1'],
  ['overseer_alert', 'at < $1'],
  ['distribution_alert', 'at < $1'],
  ['outbox_message', 'created_at < $1'],
  ['delivery', 'published_at < $1'],
  ['distribution_event', 'event_at < $1'],
  ['report_review_event', OF_OLD_REPORT],
  ['report_rendition', OF_OLD_REPORT],
  ['report_review', OF_OLD_REPORT],
  ['report', 'generated_at < $1'],
];

export interface ArchiveJobDeps {
  dataSource: DataSource;
  sink: ArchiveSink;
  clock: Clock;
  retentionYears: number;
  hotDays: number;
  moveHooks?: MoveHooks;
}

export interface DailyResult {
  exported: DayManifest;
  moved: MovedDay[];
  purged: { rows: number; days: string[] };
}

export class ArchiveJob {
  private readonly mover: HotMover;

  constructor(private readonly deps: ArchiveJobDeps) {
    this.mover = new HotMover(deps.dataSource, deps.moveHooks);
  }

  get location(): string {
    return this.deps.sink.location;
  }

  exportDay(date: string, options: DayExportOptions = {}): Promise<DayManifest> {
    const { dataSource, sink, clock, retentionYears } = this.deps;
    return exportDay(dataSource, sink, date, clock.now(), retentionYears, options);
  }

  /** Moves every settled hot row dated before `today` minus ARCHIVE_HOT_DAYS, day by day. */
  async moveOldRows(today: string): Promise<MovedDay[]> {
    const before = dayWindow(minusDays(today, this.deps.hotDays)).from;
    const done: MovedDay[] = [];
    let after = 0;
    for (;;) {
      const day = await this.mover.nextDay(after, before);
      if (!day) return done;
      await this.exportDay(day, { final: true });
      done.push(await this.mover.moveDay(day));
      after = dayWindow(day).to;
    }
  }

  /** Deletes archive rows and day files older than the retention (the chain is kept). */
  async purge(today: string): Promise<{ rows: number; days: string[] }> {
    const oldest = minusYears(today, this.deps.retentionYears);
    const before = new Date(dayWindow(oldest).from).toISOString();
    let count = 0;
    for (const [table, old] of PURGED) {
      const row = await first<{ n: string }>(
        this.deps.dataSource,
        `WITH gone AS (DELETE FROM archive_${table} WHERE ${old} RETURNING 1)
         SELECT count(*) AS n FROM gone`,
        [before],
      );
      count += Number(row?.n ?? 0);
    }
    const days = (await this.deps.sink.list('')).filter((d) => DATE_RE.test(d) && d < oldest);
    for (const d of days) await this.deps.sink.remove(d);
    return { rows: count, days };
  }

  async runDaily(date: string): Promise<DailyResult> {
    const exported = await this.exportDay(date);
    const moved = await this.moveOldRows(date);
    const purged = await this.purge(date);
    return { exported, moved, purged };
  }
}
