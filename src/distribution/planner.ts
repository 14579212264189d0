/**
 * Planning: a published signal or a follow-up becomes one delivery row per tier × broadcast channel
 * and per tier × recipient on the direct channels, then one queue job per job key with the delay to
 * its promise. The plan is written in phases, Premium first, so the first sends never wait for a
 * fan-out's rows: (1) the event with Premium's broadcast rows (one statement) — dispatched at once
 * on commit, on the rows as inserted and claimed —, (2) the rows each direct channel's first lanes
 * send, dispatched too, (3) once those first sends are out, the rest of Premium (its first batch
 * dispatched, the others queued), (4) the lower tiers.
 * Each phase commits atomically; the intake marks the publication planned only after the last, so
 * a crash between phases replays the plan, which adds only the rows still missing (in one
 * transaction: a replay is late already, and fewer transactions finish sooner when the database
 * keeps dropping connections) and queues whatever of the event is still scheduled.
 */
import { TIERS, type Tier } from '../vocabulary/tier.js';
import type { PublishedSignal, SignalUpdate } from '../signals/signal.js';
import type { Recipient } from '../subscribers/recipient-directory.js';
import {
  firstClaims,
  queueDelayMs,
  type DistributionEngineDeps,
  type DistributionLogger,
} from './distribution-deps.js';
import type {
  EventKind,
  PlannedJob,
  PlannedRow,
  QueuedJob,
  SignalEvent,
} from './delivery-records.js';
import { encodeQueueJobId, parseJobKey } from './job-key.js';
import { directBatches, heldUntil, type DirectRecipient } from './direct-batches.js';
import { digestTime } from './digest.js';
import { nyDate } from '../common/market-calendar.js';
import { DIRECT_CHANNELS } from './tier-policy.js';
import { firstUpdateOnly, updateAudience } from './views.js';

export interface PlanResult {
  eventId: string;
  rows: number;
  jobs: QueuedJob[];
}

const PAGE = 1000;
/** Batches of a fan-out written (and queued) together after the first. */
const PART_BATCHES = 10;

/**
 * Runs due jobs of a just-committed phase in this process at once (no queue hop, on the rows the
 * plan inserted). `runsNow` says beforehand whether a job due at `promisedAt` would run here, so
 * its first rows can be inserted claimed.
 */
export interface Dispatcher {
  runsNow(promisedAt: number): boolean;
  /** Prepares the messages of broadcast rows it will run (while their insert is in flight). */
  renderAhead(rows: PlannedRow[], event: Pick<SignalEvent, 'signal' | 'update'>): void;
  /**
   * `queued` are the jobs it did not take (not consuming, shutting down, or not due yet), which
   * are queued instead; `firstSends` settles once each job it took has sent (or failed) its first
   * message or ended.
   */
  run(jobs: PlannedJob[], event: SignalEvent): Dispatched;
}
export interface Dispatched {
  queued: QueuedJob[];
  firstSends: Promise<void>;
}

/**
 * Wall ms the rest of a plan waits at most for the first sends: a first send held by a platform's
 * rate limit must not hold up the fan-out behind it.
 */
const FIRST_SEND_WAIT_MS = 100;

/** Until the dispatched jobs' first sends are out, or FIRST_SEND_WAIT_MS has passed. */
async function firstSendsOut(firstSends: Promise<void>[]): Promise<void> {
  if (firstSends.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(firstSends),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, FIRST_SEND_WAIT_MS))),
  ]);
  clearTimeout(timer);
}

type EventRef = { signal: PublishedSignal; update: SignalUpdate | null; eventAt: number };

export class DeliveryPlanner {
  constructor(
    private readonly deps: DistributionEngineDeps,
    private readonly log: DistributionLogger,
    private readonly dispatch: Dispatcher | null = null,
  ) {}

  async planSignal(signal: PublishedSignal): Promise<PlanResult> {
    const plan = await this.writePlan({ signal, update: null, eventAt: signal.publishedAt });
    await this.planDigests(signal.publishedAt);
    return plan;
  }

  /**
   * The digest of the day of `at` for every subscriber who chose digest email, one event per tier
   * (planned again on each signal: a subscriber who switched to digest since joins it). A failure
   * here never fails the signal's own plan; the next signal plans the digest again.
   */
  async planDigests(at: number): Promise<void> {
    const day = nyDate(at);
    const sendAt = digestTime(day);
    if (sendAt === null || !this.deps.directory) return;
    try {
      for (const tier of TIERS) {
        if (!this.deps.policy.rules[tier].channels.includes('email')) continue;
        const rows: PlannedRow[] = [];
        for await (const r of this.directory(tier, 'email')) {
          if (!r.email || r.preferences.emailMode !== 'digest') continue;
          rows.push({
            tier,
            channel: 'email',
            recipient: r.subscriberId,
            address: r.email.address,
            unsubscribeUrl: r.email.unsubscribeUrl,
            promisedAt: sendAt,
            batch: Math.floor(rows.length / this.deps.settings.batchSize),
          });
        }
        if (rows.length === 0) continue;
        const plan = await this.deps.store.planDigest({ day, tier }, sendAt, rows);
        await this.enqueue(plan.jobs);
      }
    } catch (err) {
      this.log.error(
        { day, err: String(err) },
        'planning the digest failed; the next signal retries',
      );
    }
  }

  async planUpdate(update: SignalUpdate): Promise<PlanResult | null> {
    const signal = await this.deps.store.signalEvent(update.signalId);
    if (!signal) {
      this.log.warn(
        { signalId: update.signalId },
        'update for a signal distribution never planned',
      );
      return null;
    }
    return this.writePlan({ signal, update, eventAt: update.at });
  }

  /** The plan in phases, Premium first (see the top of this file). */
  private async writePlan(event: EventRef): Promise<PlanResult> {
    const { signal, update } = event;
    const repeated =
      update !== null &&
      (await this.deps.store.hadEarlierUpdate(signal.id, update.kind, update.at));
    const tiers = TIERS.filter(
      (tier) =>
        !update ||
        (updateAudience(update.kind, tier) && !(repeated && firstUpdateOnly(update.kind, tier))),
    );
    const premium = tiers.includes('premium');
    const head = premium ? this.claimedFirst(this.broadcastRows('premium', event.eventAt)) : [];
    const opening = this.deps.store.openEvent(event, head);
    this.dispatch?.renderAhead(
      head.filter((r) => r.claimedAt !== undefined),
      event,
    );
    // Premium's recipients are read while the event opens (its broadcasts need none of them).
    const premiumDirect = premium ? this.directTierRows('premium', event) : Promise.resolve([]);
    premiumDirect.catch(() => undefined); // awaited below, where a failure fails the plan
    const opened = await opening;
    const kind: EventKind = update?.kind ?? 'signal';
    const ref = { eventId: opened.eventId, signalId: signal.id, kind, eventAt: event.eventAt };
    const stored: SignalEvent = { id: opened.eventId, signal, update };
    const jobs: QueuedJob[] = [...opened.jobs];
    const firstSends: Promise<void>[] = [];
    const run = (due: PlannedJob[]): QueuedJob[] => {
      if (!this.dispatch) return due;
      const dispatched = this.dispatch.run(due, stored);
      firstSends.push(dispatched.firstSends);
      return dispatched.queued;
    };
    await this.enqueue(run(opened.jobs));
    const add = async (rows: PlannedRow[], dispatch: boolean) => {
      const added = await this.deps.store.addRows(ref, rows, { withRows: dispatch });
      jobs.push(...added);
      await this.enqueue(dispatch ? run(added) : added);
    };
    let count = head.length;
    if (!opened.created) {
      // A replay (the first attempt failed part-way): the rest in one transaction, no phases.
      const all: PlannedRow[] = [];
      for (const tier of tiers) {
        if (tier !== 'premium') all.push(...this.broadcastRows(tier, event.eventAt));
        all.push(
          ...(tier === 'premium' ? await premiumDirect : await this.directTierRows(tier, event)),
        );
      }
      await add(all, false);
      await this.enqueue(await this.deps.store.eventJobs(opened.eventId));
      return { eventId: opened.eventId, rows: count + all.length, jobs };
    }
    if (premium) {
      const direct = await premiumDirect;
      // Of the first batch, the rows its lanes send first (claimed at insert): a short insert,
      // which is what the first email or DM waits for.
      const firstBatch = this.claimedFirst(direct.filter((r) => r.batch === 0));
      await add(
        firstBatch.filter((r) => r.claimedAt !== undefined),
        true,
      );
      // The rest is written once the first sends are out: its inserts and queue adds would
      // compete with them for the event loop, the connection pool and the database. The first
      // batch's other rows run at once too (a second run of its job, on the rows as inserted).
      await firstSendsOut(firstSends);
      await add(
        firstBatch.filter((r) => r.claimedAt === undefined),
        true,
      );
      // The rest in parts of a few batches: the first of them are queued while the others are
      // still being written.
      let later = direct.filter((r) => r.batch !== 0);
      for (let end = 1 + PART_BATCHES; later.length > 0; end += PART_BATCHES) {
        const part = later.filter((r) => r.batch! < end);
        later = later.filter((r) => r.batch! >= end);
        await add(part, false);
      }
      count += direct.length;
    }
    const rest: PlannedRow[] = [];
    for (const tier of tiers.filter((t) => t !== 'premium')) {
      rest.push(...this.broadcastRows(tier, event.eventAt));
      rest.push(...(await this.directTierRows(tier, event)));
    }
    await add(rest, false);
    return { eventId: opened.eventId, rows: count + rest.length, jobs };
  }

  /**
   * `rows` with the first rows of each job claimed at insert when the job will run here at once:
   * as many as its lanes claim first (a broadcast job has one row). A claimed row left unsent by
   * its job is released (worker.ts), and a crash leaves it `sending` for the reconciler to take
   * back once its lease has passed, as with any send a crash interrupts.
   */
  private claimedFirst(rows: PlannedRow[]): PlannedRow[] {
    if (!this.dispatch) return rows;
    const now = this.deps.clock.now();
    const first = firstClaims(this.deps.settings);
    const taken = new Map<string, number>();
    return rows.map((r) => {
      const job = `${r.channel}:${r.batch}`;
      const n = taken.get(job) ?? 0;
      if (n >= first || !this.dispatch!.runsNow(r.promisedAt)) return r;
      taken.set(job, n + 1);
      return { ...r, claimedAt: now };
    });
  }

  /** A tier's broadcast rows (its channel / group on each platform but email). */
  private broadcastRows(tier: Tier, eventAt: number): PlannedRow[] {
    const rule = this.deps.policy.rules[tier];
    return rule.channels
      .filter((channel) => channel !== 'email')
      .map((channel) => ({
        tier,
        channel,
        recipient: '',
        address: null,
        unsubscribeUrl: null,
        promisedAt: eventAt + rule.delayMs,
        batch: null,
      }));
  }

  /** A tier's rows on the direct channels (email, Telegram DMs), one per recipient, in batches. */
  private async directTierRows(tier: Tier, event: EventRef): Promise<PlannedRow[]> {
    if (!this.deps.directory) return [];
    const rule = this.deps.policy.rules[tier];
    const promisedAt = event.eventAt + rule.delayMs;
    const rows: PlannedRow[] = [];
    for (const channel of rule.channels) {
      if (!DIRECT_CHANNELS.includes(channel)) continue;
      const direct = await this.recipients(
        tier,
        channel as 'email' | 'telegram',
        event.signal,
        promisedAt,
      );
      rows.push(...directBatches(tier, channel, direct, this.deps.settings.batchSize));
    }
    return rows;
  }

  /** Direct recipients of a tier and channel who want this signal now, with their promise. */
  private async recipients(
    tier: Tier,
    channel: 'email' | 'telegram',
    signal: PublishedSignal,
    promisedAt: number,
  ): Promise<DirectRecipient[]> {
    const out: DirectRecipient[] = [];
    for await (const r of this.directory(tier, channel)) {
      const p = r.preferences;
      if (p.symbols && !p.symbols.includes(signal.symbol)) continue;
      if (p.strategies && !p.strategies.includes(signal.strategy)) continue;
      if (channel === 'email' && (!r.email || p.emailMode !== 'instant')) continue;
      if (channel === 'telegram' && !r.telegramChatId) continue;
      out.push(heldUntil(r, promisedAt));
    }
    return out;
  }

  /** Every recipient of a tier on a direct channel who has that channel on, a page at a time. */
  async *directory(tier: Tier, channel: 'email' | 'telegram'): AsyncGenerator<Recipient> {
    let afterId: string | undefined;
    for (;;) {
      const page = await this.deps.directory!.listRecipients({
        tier,
        channel,
        afterId,
        limit: PAGE,
      });
      for (const r of page) if (r.preferences.channels.includes(channel)) yield r;
      if (page.length < PAGE) break;
      afterId = page[page.length - 1].subscriberId;
    }
  }

  private async enqueue(jobs: QueuedJob[]): Promise<void> {
    const now = this.deps.clock.now();
    const add = (j: QueuedJob) =>
      this.deps.queue.add(
        encodeQueueJobId({ kind: 'run', key: parseJobKey(j.jobKey) }),
        { jobKey: j.jobKey },
        { delayMs: queueDelayMs(this.deps.clock, j.promisedAt, now) },
      );
    // Broadcast jobs first: a channel post should not queue behind a thousand-recipient fan-out
    // for workers and database connections.
    try {
      const broadcast = jobs.filter((j) => parseJobKey(j.jobKey).kind === 'broadcast');
      const batches = jobs.filter((j) => parseJobKey(j.jobKey).kind !== 'broadcast');
      await Promise.all(broadcast.map(add));
      await Promise.all(batches.map(add));
    } catch (err) {
      // The plan is committed; the reconciler queues whatever did not make it.
      this.log.error({ err: String(err) }, 'queueing deliveries failed; the reconciler will retry');
    }
  }
}
