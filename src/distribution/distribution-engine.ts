/**
 * The delivery pipeline without Nest, so a worker process (or a test's child process) can run it
 * alone: plan (one transaction) → queue (delay to promisedAt) → worker (never early, exactly-once
 * state machine, retries, dead letters) → reconciler (re-queues scheduled rows without a live job).
 * This class wires the parts (planner.ts, worker.ts, deliver-row.ts, retry-policy.ts,
 * reconciler.ts) and is what the service, the CLI, tests and the bench hold.
 */
import type { DelayQueue } from '../queue/delay-queue.js';
import type { PublishedSignal, SignalUpdate } from '../signals/signal.js';
import type { Tier } from '../vocabulary/tier.js';
import { DistributionAlerts } from './alerts.js';
import { RowDeliverer } from './deliver-row.js';
import type { DeliveryRow, PlannedJob, QueuedJob, SignalEvent } from './delivery-records.js';
import type { DeliveryStore } from './delivery-store.js';
import {
  silentLogger,
  type DeliveryJobData,
  type DistributionEngineDeps,
  type DistributionLogger,
} from './distribution-deps.js';
import { SignalIntake } from './intake.js';
import { encodeQueueJobId, parseJobKey } from './job-key.js';
import { DeliveryPlanner, type Dispatched, type PlanResult } from './planner.js';
import { PublicationStore, type Publication } from './publication-store.js';
import { Reconciler } from './reconciler.js';
import { renderOnce } from './render-once.js';
import { RetryPolicy } from './retry-policy.js';
import type { SenderRegistry } from './senders.js';
import { DeliveryWorker } from './worker.js';

export type {
  DeliveryJobData,
  DistributionEngineDeps,
  DistributionLogger,
  DistributionSettings,
} from './distribution-deps.js';

/** Wall ms the sends dropped at shutdown get to report back before their rows are released. */
const SETTLE_MS = 1_000;

export class DistributionEngine {
  private readonly log: DistributionLogger;
  private readonly planner: DeliveryPlanner;
  private readonly intake: SignalIntake;
  private readonly worker: DeliveryWorker;
  private readonly reconciler: Reconciler;
  private consuming = false;
  private stopped = false;

  constructor(private readonly deps: DistributionEngineDeps) {
    const log = deps.logger ?? silentLogger;
    this.log = log;
    const retry = new RetryPolicy(deps.settings, deps.random);
    const alerts = new DistributionAlerts(deps, log);
    // An email fan-out renders its message once per tier and puts each recipient's link in.
    const deliverer = new RowDeliverer(
      { ...deps, renderer: renderOnce(deps.renderer) },
      retry,
      alerts,
      log,
    );
    this.planner = new DeliveryPlanner(deps, log, {
      runsNow: (promisedAt) => this.runsNow(promisedAt),
      renderAhead: (rows, event) => {
        for (const r of rows) deliverer.renderAhead(r.tier, r.channel, event);
      },
      run: (jobs, event) => this.dispatch(jobs, event),
    });
    const publications = new PublicationStore(deps.store.dataSource);
    this.intake = new SignalIntake(deps, this.planner, publications, alerts, log);
    this.worker = new DeliveryWorker(deps, deliverer);
    this.reconciler = new Reconciler(deps, log, this.intake);
    deps.narratives?.onLateNarrative?.((tier, signal, text) =>
      this.lateNarrative(tier, signal, text),
    );
  }

  /**
   * A model's narrative that missed its signal's budget: Premium, which got the template text,
   * gets it as a follow-up through the pipeline (durable, once per signal). Basic and Free wait
   * their delay anyway and hear one message per signal: no second one for them.
   */
  private lateNarrative(tier: Tier, signal: PublishedSignal, text: string): void {
    if (tier !== 'premium' || this.stopped) return;
    void this.intake.receive({
      kind: 'update',
      update: {
        signalId: signal.id,
        kind: 'narrative',
        at: this.deps.clock.now(),
        reason: 'the model narrative arrived after the time budget',
        narrative: text,
      },
    });
  }

  get store(): DeliveryStore {
    return this.deps.store;
  }

  get queue(): DelayQueue<DeliveryJobData> {
    return this.deps.queue;
  }

  get senders(): SenderRegistry {
    return this.deps.senders;
  }

  /** Starts consuming the queue and/or the reconciler (at once, then every interval). */
  async start(options: { consume: boolean; reconcile: boolean }): Promise<void> {
    if (options.consume && !this.consuming) {
      this.consuming = true;
      this.deps.queue.process(this.deps.settings.concurrency, (job) =>
        this.processJob(job.data.jobKey),
      );
    }
    if (options.reconcile) await this.reconciler.start();
  }

  /**
   * Shutdown within `drainMs` (wall): claim nothing more, let the sends in flight finish, drop the
   * sends still waiting for a platform's rate limit, and put every unfinished row back to scheduled
   * with its attempt refunded (the next start's reconciler queues it again).
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.reconciler.stop();
    this.intake.stop();
    const closing = this.deps.queue.close(); // takes no more jobs; waits for the running ones
    await this.worker.inFlight.drain(this.deps.settings.drainMs ?? 5_000);
    await this.deps.senders.closeAll();
    await this.worker.inFlight.settled(SETTLE_MS);
    await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, SETTLE_MS).unref())]);
    const released = await this.deps.store.release(this.worker.inFlight.unfinished());
    if (released > 0) this.log.warn({ released }, 'shutdown: unfinished deliveries released');
  }

  /**
   * A publication from the signal bus: recorded, then planned; a failed plan is alerted and
   * replayed until it is committed. Never throws.
   */
  receive(publication: Publication): Promise<void> {
    return this.intake.receive(publication);
  }

  /** Plans a signal directly (no intake record: a failure is the caller's). */
  planSignal(signal: PublishedSignal): Promise<PlanResult> {
    return this.planner.planSignal(signal);
  }

  planUpdate(update: SignalUpdate): Promise<PlanResult | null> {
    return this.planner.planUpdate(update);
  }

  /** Runs one job: queued (its rows read by key) or dispatched from a plan (`given` its rows). */
  processJob(
    jobKey: string,
    given?: { rows?: DeliveryRow[]; onFirstSend?: () => void },
  ): Promise<void> {
    return this.worker.processJob(jobKey, given);
  }

  /**
   * The due jobs of a plan phase just committed run here at once, without the queue's round trip
   * (Premium's first sends), on the rows the plan inserted (not read back); the rest are queued.
   * Only while this process consumes deliveries. A crash mid-send leaves the rows `sending` (or
   * `scheduled`): the reconciler queues them again once the lease has passed, as it does for a
   * queued job whose worker died. `firstSends` settles once each job run here has sent (or failed)
   * its first message or ended.
   */
  private dispatch(jobs: PlannedJob[], event: SignalEvent): Dispatched {
    this.worker.remember(event);
    const queued: QueuedJob[] = [];
    const started: Promise<void>[] = [];
    for (const job of jobs) {
      if (!this.runsNow(job.promisedAt)) {
        // Shutdown began since the rows were inserted: a row inserted claimed goes back to
        // scheduled before its job is queued, or it would wait for its lease.
        const claimed = (job.rows ?? []).filter((r) => r.status === 'sending').map((r) => r.id);
        if (claimed.length === 0) queued.push(job);
        else void this.releaseAndQueue(job.jobKey, claimed);
        continue;
      }
      let firstSend!: () => void;
      started.push(new Promise<void>((resolve) => (firstSend = resolve)));
      const run = this.processJob(job.jobKey, { rows: job.rows, onFirstSend: firstSend });
      void run.catch(async (err: unknown) => {
        this.log.error({ jobKey: job.jobKey, err: String(err) }, 'dispatch failed; queued');
        await this.requeue(job.jobKey);
      });
    }
    return { queued, firstSends: Promise.all(started).then(() => undefined) };
  }

  /** Whether a job due at `promisedAt` runs in this process at once when its plan commits. */
  private runsNow(promisedAt: number): boolean {
    return this.consuming && !this.worker.inFlight.stopping && promisedAt <= this.deps.clock.now();
  }

  private async releaseAndQueue(jobKey: string, claimed: string[]): Promise<void> {
    await this.deps.store.release(claimed).catch(() => undefined); // the lease frees them anyway
    await this.requeue(jobKey);
  }

  private async requeue(jobKey: string): Promise<void> {
    const key = parseJobKey(jobKey);
    await this.deps.queue
      .add(encodeQueueJobId({ kind: 'run', key }), { jobKey }, { delayMs: 0 })
      .catch(() => undefined); // the reconciler's next pass queues it
  }

  /**
   * Publications without a committed plan are planned again; every scheduled (or abandoned
   * sending) job without a live queue job is queued again.
   */
  reconcile(): Promise<{ replayed: number; requeued: number }> {
    return this.reconciler.reconcile();
  }

  /** Operator action: a dead-lettered or blocked delivery is scheduled again, now. */
  async resend(deliveryId: string): Promise<DeliveryRow | null> {
    const row = await this.deps.store.resend(deliveryId);
    if (!row) return null;
    await this.deps.queue.add(
      encodeQueueJobId({ kind: 'resend', key: parseJobKey(row.jobKey), rowId: row.id }),
      { jobKey: row.jobKey },
      { delayMs: 0 },
    );
    return row;
  }
}
