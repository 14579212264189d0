/**
 * Recovery: publications whose plan failed are planned again (intake.ts); then every job key
 * with a scheduled row (or a `sending` row past the lease) and no live queue job — under any of
 * its queue job ids — is queued again with its remaining delay, at start and every interval. A
 * Redis flush or restart therefore loses nothing.
 */
import type { DistributionEngineDeps, DistributionLogger } from './distribution-deps.js';
import { leaseEngineMs, queueDelayMs } from './distribution-deps.js';
import type { SignalIntake } from './intake.js';
import { decodeQueueJobId, encodeJobKey, encodeQueueJobId, parseJobKey } from './job-key.js';

export class Reconciler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly deps: DistributionEngineDeps,
    private readonly log: DistributionLogger,
    private readonly intake: SignalIntake,
  ) {}

  /** Reconciles now, then every interval until stop(), and at once whenever the queue resets. */
  async start(): Promise<void> {
    await this.runLogged();
    this.timer = setInterval(() => this.wake(), this.deps.settings.reconcileIntervalMs);
    this.timer.unref();
    // A Redis flush or restart drops queued jobs: re-queue them now, not at the next tick.
    this.deps.queue.onReset?.(() => this.wake());
  }

  /** Reconciles now (or once more right after a run in progress); nothing before start(). */
  wake(): void {
    if (!this.timer) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.runLogged().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async reconcile(): Promise<{ replayed: number; requeued: number }> {
    const { planned: replayed } = await this.intake.replay();
    const now = this.deps.clock.now();
    const open = await this.deps.store.openJobs(
      now - leaseEngineMs(this.deps.clock, this.deps.settings.sendingLeaseMs),
    );
    if (open.length === 0) return { replayed, requeued: 0 };
    const live = new Set<string>();
    for (const id of await this.deps.queue.pendingIds()) {
      const decoded = decodeQueueJobId(id);
      if (decoded) live.add(encodeJobKey(decoded.key));
    }
    let requeued = 0;
    for (const job of open) {
      if (live.has(job.jobKey)) continue;
      await this.deps.queue.add(
        encodeQueueJobId({ kind: 'run', key: parseJobKey(job.jobKey) }),
        { jobKey: job.jobKey },
        { delayMs: queueDelayMs(this.deps.clock, job.promisedAt, now) },
      );
      requeued++;
    }
    if (requeued > 0)
      this.log.warn({ requeued }, 'reconciler re-queued deliveries without a live job');
    return { replayed, requeued };
  }

  private async runLogged(): Promise<void> {
    await this.reconcile().catch((err: unknown) =>
      this.log.error({ err: String(err) }, 'reconcile failed'),
    );
  }
}
