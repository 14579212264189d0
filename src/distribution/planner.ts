/**
 * Planning: a published signal or a follow-up becomes one delivery row per tier × broadcast channel
 * and per tier × recipient on the direct channels (one transaction), then one queue job per job key
 * with the delay to its promise.
 */
import { TIERS, type Tier } from '../vocabulary/tier.js';
import type { PublishedSignal, SignalUpdate } from '../signals/signal.js';
import type { Recipient } from '../subscribers/recipient-directory.js';
import type { DistributionEngineDeps, DistributionLogger } from './distribution-deps.js';
import type { PlannedRow, QueuedJob } from './delivery-records.js';
import { encodeQueueJobId, parseJobKey } from './job-key.js';
import { inQuietHours } from './quiet-hours.js';
import { DIRECT_CHANNELS } from './tier-policy.js';
import { firstUpdateOnly, updateAudience } from './views.js';

export interface PlanResult {
  eventId: string;
  rows: number;
  jobs: QueuedJob[];
}

const PAGE = 1000;

export class DeliveryPlanner {
  constructor(
    private readonly deps: DistributionEngineDeps,
    private readonly log: DistributionLogger,
  ) {}

  async planSignal(signal: PublishedSignal): Promise<PlanResult> {
    const rows = await this.planRows(signal, null, signal.publishedAt);
    const plan = await this.deps.store.planEvent(
      { signal, update: null, eventAt: signal.publishedAt },
      rows,
    );
    await this.enqueue(plan.jobs);
    return { eventId: plan.eventId, rows: rows.length, jobs: plan.jobs };
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
    const repeated =
      update !== null &&
      (await this.deps.store.hadEarlierUpdate(signal.id, update.kind, update.at));
    for (const tier of TIERS) {
      if (update && !updateAudience(update.kind, tier)) continue;
      if (update && repeated && firstUpdateOnly(update.kind, tier)) continue;
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
            batch: null,
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
            batch: Math.floor(i / this.deps.settings.batchSize),
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
        limit: PAGE,
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
      if (page.length < PAGE) break;
      afterId = page[page.length - 1].subscriberId;
    }
    return out;
  }

  private async enqueue(jobs: QueuedJob[]): Promise<void> {
    const now = this.deps.clock.now();
    const add = (j: QueuedJob) =>
      this.deps.queue.add(
        encodeQueueJobId({ kind: 'run', key: parseJobKey(j.jobKey) }),
        { jobKey: j.jobKey },
        { delayMs: Math.max(0, j.promisedAt - now) },
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
