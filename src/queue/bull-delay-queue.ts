import Bull from 'bull';
import type { Clock } from '../common/clock.js';
import {
  engineToWallMs,
  type AddJobOptions,
  type DelayJobState,
  type DelayQueue,
  type JobHandler,
} from './delay-queue.js';

export interface BullDelayQueueOptions {
  redisUrl: string;
  /** Key prefix in Redis (tests take a unique one). */
  prefix: string;
  /** How long a worker's lock on a job lasts; a killed worker's job re-runs after it expires. */
  lockDurationMs?: number;
  /** How often workers look for jobs whose lock expired (stalled). */
  stalledIntervalMs?: number;
  /** How often (wall ms) the queue checks that Redis still holds its marker key (a flush). */
  resetCheckMs?: number;
}

/** Bull's settings for our queues (also given to @nestjs/bull's BullModule). */
export function bullQueueSettings(options: BullDelayQueueOptions): Bull.AdvancedSettings {
  return {
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: 1_000,
  };
}

/**
 * Production adapter: Bull on Redis. Delays are converted from the engine clock to wall time at
 * add; the distribution worker re-checks promisedAt on the engine clock, so a job that fires a little
 * early is re-delayed rather than sent. Finished jobs are removed so an id can be reused.
 */
export class BullDelayQueue<T> implements DelayQueue<T> {
  readonly queue: Bull.Queue<T>;

  private readonly resets = new Set<() => void>();
  private resetTimer: NodeJS.Timeout | null = null;
  private readonly markerKey: string;
  private markerSeen = false;

  constructor(
    readonly name: string,
    private readonly clock: Clock,
    private readonly options: BullDelayQueueOptions,
    /** A queue made elsewhere (@nestjs/bull's registerQueue) with the same prefix and settings. */
    queue?: Bull.Queue<T>,
  ) {
    this.markerKey = `${options.prefix}:${name}:marker`;
    this.queue =
      queue ??
      new Bull<T>(name, options.redisUrl, {
        prefix: options.prefix,
        settings: bullQueueSettings(options),
      });
  }

  async add(jobId: string, data: T, options: AddJobOptions = {}): Promise<void> {
    const wall =
      options.wallDelayMs && options.wallDelayMs > 0
        ? options.wallDelayMs
        : engineToWallMs(this.clock, options.delayMs ?? 0);
    await this.queue.add(data, {
      jobId,
      delay: Math.ceil(wall),
      attempts: 1,
      removeOnComplete: true,
      removeOnFail: true,
    });
  }

  process(concurrency: number, handler: JobHandler<T>): void {
    void this.queue.process(Math.max(1, concurrency), async (job) => {
      await handler({ id: String(job.id), data: job.data });
    });
  }

  async getState(jobId: string): Promise<DelayJobState> {
    const job = await this.queue.getJob(jobId);
    if (!job) return 'missing';
    const state = await job.getState();
    if (state === 'waiting' || state === 'delayed' || state === 'active') return state;
    if (state === 'paused') return 'waiting';
    return 'missing';
  }

  async remove(jobId: string): Promise<boolean> {
    const job = await this.queue.getJob(jobId);
    if (!job) return false;
    const state = await job.getState();
    if (state === 'active') return false;
    await job.remove();
    return true;
  }

  async pendingIds(): Promise<string[]> {
    const jobs = await this.queue.getJobs(['waiting', 'delayed', 'active', 'paused']);
    return jobs.filter((j): j is Bull.Job<T> => j != null).map((j) => String(j.id));
  }

  async count(): Promise<number> {
    const c = await this.queue.getJobCounts();
    return c.waiting + c.delayed + c.active;
  }

  async ping(): Promise<void> {
    await this.queue.client.ping();
  }

  /**
   * A reconnect (Redis restarted) is told at once; a flush is noticed by a marker key going
   * missing, checked every `resetCheckMs` (one SET NX a second by default). Of several
   * processes, the first to notice a flush is told (its reconciler re-queues for all).
   */
  onReset(listener: () => void): void {
    this.resets.add(listener);
    if (this.resetTimer) return;
    const client = this.queue.client;
    let ready = client.status === 'ready';
    client.on('ready', () => {
      if (ready) this.reset();
      ready = true;
    });
    const check = async (): Promise<void> => {
      // SET NX sets the marker only when it is missing: after the first time, a flush.
      const created = await client.set(this.markerKey, '1', 'NX').then(
        (reply) => reply === 'OK',
        () => null, // Redis unreachable: its reconnect is told above
      );
      if (created === null) return;
      if (created && this.markerSeen) this.reset();
      this.markerSeen = true;
    };
    void check();
    this.resetTimer = setInterval(() => void check(), this.options.resetCheckMs ?? 1_000);
    this.resetTimer.unref();
  }

  private reset(): void {
    for (const listener of this.resets) listener();
  }

  async close(): Promise<void> {
    if (this.resetTimer) clearInterval(this.resetTimer);
    this.resetTimer = null;
    await this.queue.close();
  }
}
