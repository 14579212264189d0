/**
 * Fires each scheduled report at its time on the engine clock, so a replay at N× runs them at
 * their replayed times and a fake clock in tests runs them when moved. It waits with the clock's
 * own sleep (in slices, so a clock moved by more than a slice is noticed), runs a report whose
 * time has passed within the grace window, and skips one missed by more (a process started
 * late does not send a stale pre-market note at noon).
 */
import type { Clock } from '../common/clock.js';
import { nyDate } from '../common/market-calendar.js';
import type { ReportType } from './report.js';
import { reportSchedule, type ScheduledReport } from './report-schedule.js';

export type ReportRunner = (type: ReportType, date: string) => Promise<unknown>;

export interface ReportSchedulerLog {
  info(detail: Record<string, unknown>, msg: string): void;
  error(detail: Record<string, unknown>, msg: string): void;
}

export interface ReportSchedulerOptions {
  clock: Clock;
  run: ReportRunner;
  log?: ReportSchedulerLog;
  /** How late a report may still run, ms of clock time (default 30 minutes). */
  graceMs?: number;
  /** The longest single wait before looking at the clock again, ms of clock time. */
  sliceMs?: number;
}

const DAY_MS = 86_400_000;

export class ReportScheduler {
  private running = false;
  private stopped = false;
  private readonly done = new Set<string>();
  private loop: Promise<void> | null = null;

  constructor(private readonly o: ReportSchedulerOptions) {}

  /** Starts firing reports from now on; resolves at once. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopped = false;
    this.loop = this.runLoop();
  }

  /** Stops after the current wait or run. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.running = false;
    await this.loop;
  }

  /** Runs one report now, outside the schedule. */
  runNow(type: ReportType, date: string): Promise<unknown> {
    return this.o.run(type, date);
  }

  /** The next report due at or after the clock's now that has not run. */
  next(now = this.o.clock.now()): ScheduledReport | null {
    const grace = this.o.graceMs ?? 30 * 60_000;
    const from = nyDate(now - grace);
    const to = nyDate(now + 10 * DAY_MS);
    return (
      reportSchedule(from, to).find(
        (r) => !this.done.has(`${r.date}/${r.type}`) && r.atMs >= now - grace,
      ) ?? null
    );
  }

  private async runLoop(): Promise<void> {
    const slice = this.o.sliceMs ?? 60_000;
    while (!this.stopped) {
      const now = this.o.clock.now();
      const due = this.next(now);
      if (!due) {
        await this.o.clock.sleep(slice);
        continue;
      }
      if (due.atMs > now) {
        await this.o.clock.sleep(Math.min(due.atMs - now, slice));
        continue;
      }
      this.done.add(`${due.date}/${due.type}`);
      try {
        this.o.log?.info({ date: due.date, type: due.type, at: due.at }, 'report due');
        await this.o.run(due.type, due.date);
      } catch (err) {
        this.o.log?.error(
          { date: due.date, type: due.type, err: err instanceof Error ? err.message : String(err) },
          'scheduled report failed',
        );
      }
    }
  }
}
