/**
 * Runs the archive's daily job at ARCHIVE_RUN_AT (New York, after the close) on each trading
 * day, on the engine clock: a replay at N× archives at its replayed close, and a fake clock in
 * tests runs it when moved. A day runs only when the clock passes its time while the process is
 * up (a process started later waits for the next trading day: a missed day is still exported,
 * final, when its rows move), and once per process.
 */
import type { Clock } from '../common/clock.js';
import { isTradingDay, nyDate, nyInstant } from '../common/market-calendar.js';

export interface ArchiveSchedulerLog {
  info(detail: Record<string, unknown>, msg: string): void;
  error(detail: Record<string, unknown>, msg: string): void;
}

export interface ArchiveSchedulerOptions {
  clock: Clock;
  runAt: string;
  run: (date: string) => Promise<unknown>;
  log?: ArchiveSchedulerLog;
  /** The longest single wait before looking at the clock again, ms of clock time. */
  sliceMs?: number;
}

export class ArchiveScheduler {
  private stopped = true;
  private job: Promise<unknown> | null = null;
  private lastRun: string | null = null;
  private startedAt = 0;

  constructor(private readonly o: ArchiveSchedulerOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.startedAt = this.o.clock.now();
    void this.runLoop();
  }

  /** Stops looking at the clock; waits for a job in progress (not for the loop's sleep). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.job;
  }

  /** The day due now (its run time passed and it has not run), or null. */
  due(now = this.o.clock.now()): string | null {
    const date = nyDate(now);
    if (date === this.lastRun || !isTradingDay(date)) return null;
    const at = nyInstant(date, this.o.runAt);
    return now >= at && this.startedAt < at ? date : null;
  }

  private async runLoop(): Promise<void> {
    const slice = this.o.sliceMs ?? 60_000;
    while (!this.stopped) {
      const date = this.due();
      if (!date) {
        await this.o.clock.sleep(slice);
        continue;
      }
      this.lastRun = date;
      try {
        this.o.log?.info({ date }, 'archive: daily export, move and purge');
        this.job = this.o.run(date);
        await this.job;
      } catch (err) {
        this.o.log?.error(
          { date, err: err instanceof Error ? err.message : String(err) },
          'archive: daily job failed',
        );
      } finally {
        this.job = null;
      }
    }
  }
}
