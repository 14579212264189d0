/** Admin billing actions: comp, free days, pause/resume, refunds. Each audited, each synced. */
import { BadRequestException, Logger, NotFoundException } from '@nestjs/common';
import type { Clock } from '../common/clock.js';
import type { Tier } from '../vocabulary/tier.js';
import type { EntitlementSync } from '../subscribers/entitlement-sync.js';
import type { Sql } from '../subscribers/sql.js';
import type { SubscriberStore } from '../subscribers/subscriber-store.js';
import type { BillingGateway } from './billing-gateway.js';
import type { BillingStore } from './billing-store.js';
import type { SubscriptionLedger, TierChange } from './subscription-ledger.js';

type Db = Sql & { transaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T> };
const DAY_MS = 86_400_000;

export class BillingAdmin {
  private readonly log = new Logger('BillingAdmin');

  constructor(
    private readonly db: Db,
    private readonly billing: BillingStore,
    private readonly subscribers: SubscriberStore,
    private readonly ledger: SubscriptionLedger,
    private readonly gateway: BillingGateway,
    private readonly entitlements: EntitlementSync,
    private readonly clock: Clock,
  ) {}

  /** Grants `tier` free of charge until `until` (replacing any earlier comp). */
  async comp(
    id: string,
    tier: Tier,
    until: number,
    actor: string,
    reason: string,
  ): Promise<TierChange> {
    if (until <= this.clock.now()) throw new BadRequestException('until must be in the future');
    return this.change(
      id,
      actor,
      `comp ${tier} until ${new Date(until).toISOString()}: ${reason}`,
      (tx) =>
        this.subscribers.update(tx, id, { compTier: tier, compUntil: until }, this.clock.now()),
    );
  }

  /** Adds free days at the subscriber's tier (or `tier`), after any comp still running. */
  async addFreeDays(
    id: string,
    days: number,
    actor: string,
    reason: string,
    tier?: Tier,
  ): Promise<TierChange> {
    return this.change(id, actor, `${days} free days: ${reason}`, async (tx) => {
      const sub = await this.subscribers.get(tx, id, true);
      if (!sub) throw new NotFoundException('no such subscriber');
      const grant: Tier = tier ?? (sub.tier === 'free' ? 'basic' : sub.tier);
      const now = this.clock.now();
      const from =
        sub.comp && sub.comp.tier === grant && sub.comp.until > now ? sub.comp.until : now;
      await this.subscribers.update(
        tx,
        id,
        { compTier: grant, compUntil: from + days * DAY_MS },
        now,
      );
    });
  }

  /** Pauses paid access (and Stripe collection) until resumed. */
  async setPaused(id: string, paused: boolean, actor: string, reason: string): Promise<TierChange> {
    const subscriptions = await this.billing.subscriptionsOf(this.db, id);
    for (const s of subscriptions) {
      if (s.status === 'active' || s.status === 'trialing' || s.status === 'past_due') {
        await this.gateway.setPaused(s.id, paused);
      }
    }
    return this.change(id, actor, `${paused ? 'paused' : 'resumed'}: ${reason}`, (tx) =>
      this.subscribers.update(tx, id, { paused }, this.clock.now()),
    );
  }

  /** Refunds a payment through Stripe (default: the latest paid invoice, in full). */
  async refund(
    id: string,
    input: { paymentIntentId?: string; amountCents?: number; reason: string },
    actor: string,
  ) {
    const sub = await this.subscribers.get(this.db, id);
    if (!sub) throw new NotFoundException('no such subscriber');
    const latest = await this.billing.latestPayment(this.db, id);
    const paymentIntentId = input.paymentIntentId ?? latest?.paymentIntentId;
    if (!paymentIntentId) throw new BadRequestException('no payment to refund');
    const refund = await this.gateway.refund({
      paymentIntentId,
      amountCents:
        input.amountCents ??
        (paymentIntentId === latest?.paymentIntentId ? latest.amountCents : undefined),
      reason: input.reason,
    });
    await this.billing.recordRefund(this.db, {
      id: refund.id,
      subscriberId: id,
      paymentIntentId,
      amountCents: refund.amountCents,
      currency: refund.currency,
      status: refund.status,
      actor,
      reason: input.reason,
      at: this.clock.now(),
    });
    this.log.log(
      `refund ${refund.id} of ${refund.amountCents} ${refund.currency} for subscriber ${id} by ${actor}`,
    );
    return refund;
  }

  private async change(
    id: string,
    actor: string,
    why: string,
    mutate: (tx: Sql) => Promise<void>,
  ): Promise<TierChange> {
    const change = await this.db.transaction(async (tx) => {
      const sub = await this.subscribers.get(tx, id, true);
      if (!sub) throw new NotFoundException('no such subscriber');
      await mutate(tx);
      return this.ledger.recomputeTier(tx, id, actor, why);
    });
    // Always sync after an admin action: cheap, and it heals drift on the spot.
    await this.entitlements.sync(id);
    return change;
  }
}
