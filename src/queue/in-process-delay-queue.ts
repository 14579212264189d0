import type { Clock } from '../common/clock.js';
import type {
  AddJobOptions,
  DelayJob,
  DelayJobState,
  DelayQueue,
  JobHandler,
} from './delay-queue.js';

interface Entry<T> {
  job: DelayJob<T>;
  state: Exclude<DelayJobState, 'missing'>;
  /** Bumped on removal so a sleeping timer knows it no longer owns the entry. */
  generation: number;
  timer?: NodeJS.Timeout;
}

/**
 * The embedded default (REDIS_URL unset): timers in this process, same semantics as the Bull
 * adapter. Engine-clock delays wait on the Clock itself (so a FakeClock or a ScaledClock moves
 * them); wall delays use setTimeout. Nothing survives the process: the distribution reconciler
 * re-queues from the database at start.
 */
export class InProcessDelayQueue<T> implements DelayQueue<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly ready: string[] = [];
  private handler: JobHandler<T> | null = null;
  private concurrency = 1;
  private running = 0;
  private generation = 0;
  private closed = false;
  private readonly idle = new Set<() => void>();

  constructor(
    readonly name: string,
    private readonly clock: Clock,
  ) {}

  async add(jobId: string, data: T, options: AddJobOptions = {}): Promise<void> {
    if (this.closed) throw new Error(`queue ${this.name} is closed`);
    if (this.entries.has(jobId)) return;
    const generation = ++this.generation;
    const entry: Entry<T> = { job: { id: jobId, data }, state: 'delayed', generation };
    this.entries.set(jobId, entry);
    const release = () => {
      const current = this.entries.get(jobId);
      if (!current || current.generation !== generation || current.state !== 'delayed') return;
      current.state = 'waiting';
      this.ready.push(jobId);
      this.pump();
    };
    if (options.wallDelayMs && options.wallDelayMs > 0) {
      entry.timer = setTimeout(release, options.wallDelayMs);
    } else if (options.delayMs && options.delayMs > 0) {
      void this.clock.sleep(options.delayMs).then(release);
    } else {
      release();
    }
  }

  process(concurrency: number, handler: JobHandler<T>): void {
    if (this.handler) throw new Error(`queue ${this.name} already has a processor`);
    this.handler = handler;
    this.concurrency = Math.max(1, concurrency);
    this.pump();
  }

  async getState(jobId: string): Promise<DelayJobState> {
    return this.entries.get(jobId)?.state ?? 'missing';
  }

  async remove(jobId: string): Promise<boolean> {
    const entry = this.entries.get(jobId);
    if (!entry || entry.state === 'active') return false;
    if (entry.timer) clearTimeout(entry.timer);
    this.entries.delete(jobId);
    const i = this.ready.indexOf(jobId);
    if (i >= 0) this.ready.splice(i, 1);
    return true;
  }

  async pendingIds(): Promise<string[]> {
    return [...this.entries.keys()];
  }

  async count(): Promise<number> {
    return this.entries.size;
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error(`queue ${this.name} is closed`);
  }

  /** Stops taking jobs and waits for the running ones to finish. */
  async close(): Promise<void> {
    this.closed = true;
    for (const e of this.entries.values()) if (e.timer) clearTimeout(e.timer);
    for (const [id, e] of this.entries) if (e.state !== 'active') this.entries.delete(id);
    this.ready.length = 0;
    if (this.running > 0) await new Promise<void>((resolve) => this.idle.add(resolve));
  }

  private pump(): void {
    const handler = this.handler;
    if (!handler) return;
    while (!this.closed && this.running < this.concurrency && this.ready.length > 0) {
      const id = this.ready.shift()!;
      const entry = this.entries.get(id);
      if (!entry) continue;
      entry.state = 'active';
      this.running++;
      void handler(entry.job)
        .catch(() => undefined)
        .finally(() => {
          if (this.entries.get(id) === entry) this.entries.delete(id);
          this.running--;
          if (this.running === 0) {
            for (const resolve of this.idle) resolve();
            this.idle.clear();
          }
          this.pump();
        });
    }
  }
}
