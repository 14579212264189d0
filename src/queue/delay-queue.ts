/**
 * The delay-queue port: jobs identified by a caller-chosen id, run after a delay, by a handler with
 * bounded concurrency. Two adapters: Bull on Redis (production, many workers) and an in-process
 * queue (embedded demo, one process). Both keep the same semantics:
 *  - adding an id that is already pending (waiting, delayed or active) does nothing;
 *  - a finished job (completed or failed) is forgotten, so its id may be added again;
 *  - a handler that throws fails the job; retries are the caller's business (it owns the ledger).
 */
import type { Clock } from '../common/clock.js';

export interface DelayJob<T> {
  id: string;
  data: T;
}

export type DelayJobState = 'waiting' | 'delayed' | 'active' | 'missing';

export interface AddJobOptions {
  /** Delay on the engine clock (a replay at N× waits 1/N of it in wall time). */
  delayMs?: number;
  /** Delay in wall time (platform back-off such as a 429's retry_after). */
  wallDelayMs?: number;
}

export type JobHandler<T> = (job: DelayJob<T>) => Promise<void>;

export interface DelayQueue<T> {
  readonly name: string;
  add(jobId: string, data: T, options?: AddJobOptions): Promise<void>;
  /** Starts consuming with at most `concurrency` jobs at a time in this process. */
  process(concurrency: number, handler: JobHandler<T>): void;
  getState(jobId: string): Promise<DelayJobState>;
  /** Removes a waiting or delayed job; true when something was removed. */
  remove(jobId: string): Promise<boolean>;
  /** Ids of every waiting, delayed and active job. */
  pendingIds(): Promise<string[]>;
  count(): Promise<number>;
  /**
   * Calls `listener` whenever the queue may have lost jobs it held: its store was flushed, or its
   * connection came back after an outage (Redis restart). Whoever owns the jobs re-queues them.
   * The in-process queue never loses jobs while the process lives, so it never calls it.
   */
  onReset?(listener: () => void): void;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Engine delay → wall delay: a ScaledClock (or anything with a numeric `speed`) runs N× faster. */
export function engineToWallMs(clock: Clock, engineMs: number): number {
  const speed = (clock as { speed?: unknown }).speed;
  const ms = Math.max(0, engineMs);
  return typeof speed === 'number' && speed > 0 ? ms / speed : ms;
}
