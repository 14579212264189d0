import type { Clock } from '../../common/clock.js';
import type { PullTask, QuotaScheduler, TickResult } from './quota-scheduler.js';

export interface QuotaRunnerOptions {
  /** Longest sleep between ticks (a wake-up also happens when the next stream is due). */
  maxTickMs?: number;
  /** Called for every tick's decisions (metrics, logs). */
  onTick?: (result: TickResult, now: number) => void;
  /** Errors escaping `execute` (execute should handle its own). */
  onError?: (err: unknown, task: PullTask) => void;
}

/**
 * The thin, impure half of the scheduler: asks it what is due, starts those pulls without
 * waiting for them, sleeps on the Clock until the next slot, and repeats. A stream whose pull is
 * still in flight is not started again. `stop()` ends the loop and waits for in-flight pulls.
 */
export class QuotaRunner {
  private running = false;
  private loop: Promise<void> | null = null;
  private readonly inFlight = new Map<string, Promise<void>>();
  private wake: (() => void) | null = null;

  constructor(
    private readonly scheduler: QuotaScheduler,
    private readonly clock: Clock,
    private readonly execute: (task: PullTask) => Promise<void>,
    private readonly options: QuotaRunnerOptions = {},
  ) {}

  get isRunning(): boolean {
    return this.running;
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops starting pulls, then waits for the ones in flight to finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await Promise.allSettled([...this.inFlight.values()]);
  }

  private async run(): Promise<void> {
    const maxTick = this.options.maxTickMs ?? 1_000;
    while (this.running) {
      const now = this.clock.now();
      const result = this.scheduler.tick(now, new Set(this.inFlight.keys()));
      this.options.onTick?.(result, now);
      for (const task of result.run) this.launch(task);
      // A deferred chain waits for the bucket to drain; otherwise sleep until the next slot.
      const wait =
        result.deferred.length > 0
          ? Math.min(maxTick, 100)
          : Math.max(1, Math.min(maxTick, this.scheduler.nextWakeAt(now) - now));
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        void this.clock.sleep(wait).then(resolve);
      });
      this.wake = null;
    }
  }

  private launch(task: PullTask): void {
    const p = this.execute(task)
      .catch((err: unknown) => this.options.onError?.(err, task))
      .finally(() => this.inFlight.delete(task.key));
    this.inFlight.set(task.key, p);
  }
}
