/**
 * The delivery pipeline without Nest, so a worker process (or a test's child process) can run it
 * alone: plan (one transaction) → queue (delay to promisedAt) → worker (never early, exactly-once
 * state machine, retries, dead letters) → reconciler (re-queues scheduled rows without a live job).
 */
import { DateTime } from 'luxon';
import type { Clock } from '../common/clock.js';
import type { Tier } from '../vocabulary/tier.js';
import { TIERS } from '../vocabulary/tier.js';
import type { DelayQueue } from '../queue/delay-queue.js';
import type { PublishedSignal, SignalUpdate } from '../signals/signal.js';
import type { Recipient, RecipientDirectory } from '../subscribers/recipient-directory.js';
import { SendError } from './channel-sender.js';
import { GroupCommit } from './group-commit.js';
import type { DeliveryMetrics } from './delivery-metrics.js';
import type {
  DeliveryRow,
  DeliveryStore,
  PlannedRow,
  QueuedJob,
  SentRecord,
  StoredEvent,
} from './delivery-store.js';
import { scanMessage } from './leak-scanner.js';
import { RenderError, type TemplateRenderer } from './renderer.js';
import type { SenderRegistry } from './senders.js';
import { DIRECT_CHANNELS, type TierChannel, type TierPolicy } from './tier-policy.js';
import { updateAudience } from './views.js';

export interface DeliveryJobData {
  jobKey: string;
}

export interface DistributionSettings {
  batchSize: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  concurrency: number;
  reconcileIntervalMs: number;
  /** Wall ms; converted to engine ms with the clock's speed. */
  sendingLeaseMs: number;
  /** Rows of one job sent at once (default 10); the platform limiters pace them further. */
  rowConcurrency?: number;
  /** Rows a lane claims at a time (default 1: a row is `sending` only while its send runs). */
  claimChunk?: number;
}

export interface DistributionLogger {
  info(detail: Record<string, unknown>, msg: string): void;
  warn(detail: Record<string, unknown>, msg: string): void;
  error(detail: Record<string, unknown>, msg: string): void;
}

const silent: DistributionLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export interface DistributionEngineDeps {
  clock: Clock;
  store: DeliveryStore;
  policy: TierPolicy;
  directory: RecipientDirectory | null;
  senders: SenderRegistry;
  queue: DelayQueue<DeliveryJobData>;
  renderer: TemplateRenderer;
  metrics?: DeliveryMetrics | null;
  settings: DistributionSettings;
  logger?: DistributionLogger;
  random?: () => number;
}

type RowOutcome = { retryWallMs: number | null; sent?: SentRecord };

interface ClaimRequest {
  ids: string[];
  now: number;
  staleBefore: number;
}

export class DistributionEngine {
  private readonly log: DistributionLogger;
  private reconcileTimer: NodeJS.Timeout | null = null;
  private readonly events = new Map<string, StoredEvent>();
  private consuming = false;
  /** Claims and sent marks of all lanes, merged into few statements (see group-commit.ts). */
  private readonly claims: GroupCommit<ClaimRequest, DeliveryRow[]>;
  private readonly marks: GroupCommit<SentRecord, boolean>;

  constructor(private readonly deps: DistributionEngineDeps) {
    this.log = deps.logger ?? silent;
    this.claims = new GroupCommit(async (requests) => {
      // The earliest lease cut-off of the batch: no request reclaims a row it would not have alone.
      const now = Math.max(...requests.map((r) => r.now));
      const staleBefore = Math.min(...requests.map((r) => r.staleBefore));
      const rows = await deps.store.claim(
        requests.flatMap((r) => r.ids),
        now,
        staleBefore,
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      return requests.map((r) => r.ids.flatMap((id) => byId.get(id) ?? []));
    });
    this.marks = new GroupCommit((records) => deps.store.markSentEach(records));
  }

  get store(): DeliveryStore {
    return this.deps.store;
  }

  get queue(): DelayQueue<DeliveryJobData> {
    return this.deps.queue;
  }

  /** Starts consuming the queue and/or the reconciler (at once, then every interval). */
  async start(options: { consume: boolean; reconcile: boolean }): Promise<void> {
    if (options.consume && !this.consuming) {
      this.consuming = true;
      this.deps.queue.process(this.deps.settings.concurrency, (job) =>
        this.processJob(job.data.jobKey),
      );
    }
    if (options.reconcile) {
      await this.reconcile().catch((err: unknown) =>
        this.log.error({ err: String(err) }, 'reconcile failed'),
      );
      this.reconcileTimer = setInterval(() => {
        void this.reconcile().catch((err: unknown) =>
          this.log.error({ err: String(err) }, 'reconcile failed'),
        );
      }, this.deps.settings.reconcileIntervalMs);
      this.reconcileTimer.unref();
    }
  }

  async stop(): Promise<void> {
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    this.reconcileTimer = null;
    await this.deps.queue.close();
    await this.deps.senders.closeAll();
  }

  // ---------------------------------------------------------------- planning

  async planSignal(
    signal: PublishedSignal,
  ): Promise<{ eventId: string; rows: number; jobs: QueuedJob[] }> {
    const rows = await this.planRows(signal, null, signal.publishedAt);
    const plan = await this.deps.store.planEvent(
      { signal, update: null, eventAt: signal.publishedAt },
      rows,
    );
    await this.enqueue(plan.jobs);
    return { eventId: plan.eventId, rows: rows.length, jobs: plan.jobs };
  }

  async planUpdate(
    update: SignalUpdate,
  ): Promise<{ eventId: string; rows: number; jobs: QueuedJob[] } | null> {
    const signal = await this.deps.store.signalEvent(update.signalId);
    if (!signal) {
      this.log.warn(
        { signalId: update.signalId },
        'update for a signal distribution never planned',
      );
      return null;
    }
    const rows = await this.planRows(signal, update, update.at);
    const plan = await this.deps.store.planEvent({ signal, update, eventAt: update.at }, rows);
    await this.enqueue(plan.jobs);
    return { eventId: plan.eventId, rows: rows.length, jobs: plan.jobs };
  }

  private async planRows(
    signal: PublishedSignal,
    update: SignalUpdate | null,
    eventAt: number,
  ): Promise<PlannedRow[]> {
    const rows: PlannedRow[] = [];
    for (const tier of TIERS) {
      if (update && !updateAudience(update.kind, tier)) continue;
      const rule = this.deps.policy.rules[tier];
      const promisedAt = eventAt + rule.delayMs;
      for (const channel of rule.channels) {
        // Broadcast: the tier's channel / group.
        if (channel !== 'email') {
          rows.push({
            tier,
            channel,
            recipient: '',
            address: null,
            unsubscribeUrl: null,
            promisedAt,
            batch: `${tier}.${channel}`,
          });
        }
        if (!DIRECT_CHANNELS.includes(channel) || !this.deps.directory) continue;
        const direct = await this.recipients(
          tier,
          channel as 'email' | 'telegram',
          signal,
          promisedAt,
        );
        direct.forEach((r, i) => {
          rows.push({
            tier,
            channel,
            recipient: r.subscriberId,
            address: channel === 'email' ? r.email!.address : r.telegramChatId,
            unsubscribeUrl: channel === 'email' ? r.email!.unsubscribeUrl : null,
            promisedAt,
            batch: `${tier}.${channel}.${Math.floor(i / this.deps.settings.batchSize)}`,
          });
        });
      }
    }
    return rows;
  }

  /** Direct recipients of a tier and channel who want this signal now. */
  private async recipients(
    tier: Tier,
    channel: 'email' | 'telegram',
    signal: PublishedSignal,
    promisedAt: number,
  ): Promise<Recipient[]> {
    const out: Recipient[] = [];
    let afterId: string | undefined;
    for (;;) {
      const page = await this.deps.directory!.listRecipients({
        tier,
        channel,
        afterId,
        limit: 1000,
      });
      for (const r of page) {
        const p = r.preferences;
        if (!p.channels.includes(channel)) continue;
        if (p.symbols && !p.symbols.includes(signal.symbol)) continue;
        if (p.strategies && !p.strategies.includes(signal.strategy)) continue;
        if (channel === 'email' && (!r.email || p.emailMode !== 'instant')) continue;
        if (channel === 'telegram' && (!r.telegramChatId || inQuietHours(p.quietHours, promisedAt)))
          continue;
        out.push(r);
      }
      if (page.length < 1000) break;
      afterId = page[page.length - 1].subscriberId;
    }
    return out;
  }

  private async enqueue(jobs: QueuedJob[]): Promise<void> {
    const now = this.deps.clock.now();
    const add = (j: QueuedJob) =>
      this.deps.queue.add(
        j.jobKey,
        { jobKey: j.jobKey },
        { delayMs: Math.max(0, j.promisedAt - now) },
      );
    // Broadcast jobs (<event>.<tier>.<channel>) first: a channel post should not queue behind
    // a thousand-recipient fan-out for workers and database connections.
    const broadcast = jobs.filter((j) => j.jobKey.split('.').length === 3);
    const batches = jobs.filter((j) => j.jobKey.split('.').length !== 3);
    try {
      await Promise.all(broadcast.map(add));
      await Promise.all(batches.map(add));
    } catch (err) {
      // The plan is committed; the reconciler queues whatever did not make it.
      this.log.error({ err: String(err) }, 'queueing deliveries failed; the reconciler will retry');
    }
  }

  // ---------------------------------------------------------------- sending

  private leaseEngineMs(): number {
    const speed = (this.deps.clock as { speed?: unknown }).speed;
    const factor = typeof speed === 'number' && speed > 0 ? speed : 1;
    return this.deps.settings.sendingLeaseMs * factor;
  }

  async processJob(jobKey: string): Promise<void> {
    const open = await this.deps.store.openRowsOfJob(jobKey);
    if (open.length === 0) return;
    const now = this.deps.clock.now();
    const promisedAt = Math.max(...open.map((r) => r.promisedAt));
    if (now < promisedAt) {
      // Never early: hold it until its time on the engine clock.
      this.deps.metrics?.early.inc({ tier: open[0].tier, channel: open[0].channel });
      await this.deps.queue.add(`${jobKey}~d${now}`, { jobKey }, { delayMs: promisedAt - now });
      return;
    }
    const event = await this.loadEvent(open[0].eventId);
    // Rows are claimed a few at a time just before their sends, so a row is `sending` only while
    // it is (about to be) in flight: a crash leaves at most those rows to re-send, not the batch.
    const retries: number[] = [];
    let maxAttempt = 0;
    let next = 0;
    // A lane claims a row (or a few) just before sending and records each send before the next:
    // rows are `sending` only while in flight. Claims and marks of all lanes are group-committed.
    const chunk = Math.max(1, this.deps.settings.claimChunk ?? 1);
    const lane = async () => {
      while (next < open.length) {
        const ids = open.slice(next, next + chunk).map((r) => r.id);
        next += ids.length;
        const t = this.deps.clock.now();
        const claimed = await this.claims.submit({
          ids,
          now: t,
          staleBefore: t - this.leaseEngineMs(),
        });
        for (const row of claimed) {
          maxAttempt = Math.max(maxAttempt, row.attempts);
          const outcome = await this.deliver(row, event);
          if (outcome.retryWallMs !== null) retries.push(outcome.retryWallMs);
          if (outcome.sent) await this.marks.submit(outcome.sent);
        }
      }
    };
    const lanes = Math.max(1, Math.min(this.deps.settings.rowConcurrency ?? 10, open.length));
    await Promise.all(Array.from({ length: lanes }, lane));
    if (retries.length > 0) {
      await this.deps.queue.add(
        `${jobKey}~a${maxAttempt}`,
        { jobKey },
        { wallDelayMs: Math.max(...retries) },
      );
    }
  }

  private async loadEvent(eventId: string): Promise<StoredEvent> {
    let e = this.events.get(eventId);
    if (!e) {
      const loaded = await this.deps.store.event(eventId);
      if (!loaded) throw new Error(`distribution event ${eventId} not found`);
      e = loaded;
      this.events.set(eventId, e);
      if (this.events.size > 500) this.events.delete(this.events.keys().next().value!);
    }
    return e;
  }

  private async deliver(row: DeliveryRow, event: StoredEvent): Promise<RowOutcome> {
    const labels = { tier: row.tier, channel: row.channel };
    const { store, metrics, clock } = this.deps;
    let rendered;
    try {
      rendered = this.deps.renderer.render({
        tier: row.tier,
        channel: row.channel,
        signal: event.signal,
        update: event.update,
        delayMs: this.deps.policy.rules[row.tier].delayMs,
        unsubscribeUrl: row.unsubscribeUrl,
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await store.markFailed(row.id, 'dead', `render: ${message}`);
      await store.recordAlert(row.id, 'render_failed', { error: message, ...labels }, clock.now());
      metrics?.outcomes.inc({ ...labels, outcome: 'dead' });
      this.log.error({ deliveryId: row.id, err: message }, 'render failed');
      if (!(err instanceof RenderError)) throw err;
      return { retryWallMs: null };
    }
    const findings = scanMessage({
      tier: row.tier,
      signal: event.signal,
      update: event.update,
      parts: rendered.parts,
      safeFragments: rendered.safeFragments,
    });
    if (findings.length > 0) {
      const fields = [...new Set(findings.map((f) => f.field))];
      // Alert first: whoever sees the row blocked can also see why.
      await store.recordAlert(
        row.id,
        'leak_blocked',
        { findings, ...labels, signalId: row.signalId },
        clock.now(),
      );
      await store.markFailed(
        row.id,
        'blocked',
        `leak blocked: ${fields.join(', ')}`,
        rendered.text,
      );
      metrics?.leaksBlocked.inc(labels);
      metrics?.outcomes.inc({ ...labels, outcome: 'blocked' });
      this.log.error({ deliveryId: row.id, findings, ...labels }, 'leak scanner blocked a message');
      return { retryWallMs: null };
    }
    const sender = this.deps.senders.resolve(row.channel, row.tier, row.recipient !== '');
    try {
      const result = await sender.send({
        deliveryId: row.id,
        tier: row.tier,
        recipient: row.recipient,
        address: row.address,
        message: rendered.message,
        text: rendered.text,
        idempotencyKey: `gd-${row.id}`,
        unsubscribe: row.unsubscribeUrl ? { url: row.unsubscribeUrl } : null,
      });
      const sentAt = clock.now();
      metrics?.lateness.observe(labels, (sentAt - row.promisedAt) / 1000);
      metrics?.outcomes.inc({ ...labels, outcome: 'sent' });
      return {
        retryWallMs: null,
        sent: {
          id: row.id,
          sentAt,
          providerMessageId: result.providerMessageId,
          via: sender.via,
          text: rendered.text,
        },
      };
    } catch (err) {
      const e =
        err instanceof SendError
          ? err
          : new SendError('transient', err instanceof Error ? err.message : String(err));
      const final = e.kind === 'permanent' || row.attempts >= this.deps.settings.maxAttempts;
      await store.markFailed(row.id, final ? 'dead' : 'scheduled', `${e.kind}: ${e.message}`);
      metrics?.outcomes.inc({ ...labels, outcome: final ? 'dead' : 'retry' });
      this.log.warn(
        { deliveryId: row.id, attempt: row.attempts, kind: e.kind, err: e.message, final },
        'send failed',
      );
      if (final) return { retryWallMs: null };
      return { retryWallMs: this.retryDelay(e, row.attempts) };
    }
  }

  /** 429: the platform's retry_after plus a little jitter; otherwise exponential with equal jitter. */
  retryDelay(err: SendError, attempt: number): number {
    const random = this.deps.random ?? Math.random;
    if (err.kind === 'rate_limited' && err.retryAfterMs !== undefined) {
      return err.retryAfterMs + Math.round(random() * Math.min(1_000, err.retryAfterMs * 0.1));
    }
    const { backoffBaseMs, backoffMaxMs } = this.deps.settings;
    const cap = Math.min(backoffMaxMs, backoffBaseMs * 2 ** Math.max(0, attempt - 1));
    return Math.round(cap / 2 + random() * (cap / 2));
  }

  // ---------------------------------------------------------------- recovery

  /** Every scheduled (or abandoned sending) job without a live queue job is queued again. */
  async reconcile(): Promise<{ requeued: number }> {
    const now = this.deps.clock.now();
    const open = await this.deps.store.openJobs(now - this.leaseEngineMs());
    if (open.length === 0) return { requeued: 0 };
    const live = new Set((await this.deps.queue.pendingIds()).map((id) => id.split('~')[0]));
    let requeued = 0;
    for (const job of open) {
      if (live.has(job.jobKey)) continue;
      await this.deps.queue.add(
        job.jobKey,
        { jobKey: job.jobKey },
        { delayMs: Math.max(0, job.promisedAt - now) },
      );
      requeued++;
    }
    if (requeued > 0)
      this.log.warn({ requeued }, 'reconciler re-queued deliveries without a live job');
    return { requeued };
  }

  /** Operator action: a dead-lettered or blocked delivery is scheduled again, now. */
  async resend(deliveryId: string): Promise<DeliveryRow | null> {
    const row = await this.deps.store.resend(deliveryId);
    if (!row) return null;
    await this.deps.queue.add(`${row.jobKey}~r${row.id}`, { jobKey: row.jobKey }, { delayMs: 0 });
    return row;
  }
}

/** Quiet hours in the recipient's zone, e.g. 22:00–07:00 (wrapping midnight). */
export function inQuietHours(
  quiet: { start: string; end: string; timeZone: string } | null,
  at: number,
): boolean {
  if (!quiet) return false;
  const t = DateTime.fromMillis(at, { zone: quiet.timeZone });
  if (!t.isValid) return false;
  const minutes = t.hour * 60 + t.minute;
  const toMin = (s: string) => {
    const [h, m] = s.split(':').map(Number);
    return h * 60 + (m || 0);
  };
  const start = toMin(quiet.start);
  const end = toMin(quiet.end);
  return start <= end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

export type { TierChannel };
