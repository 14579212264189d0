/** Admin billing actions: comp, free days, pause/resume, refunds. Each audited, each synced. */
import { BadRequestException, Logger, NotFoundException } from '@nestjs/common';
import type { Clock } from '../common/clock.js';
import type { Tier } from '../vocabulary/tier.js';
import type { EntitlementSync } from '../subscribers/entitlement-sync.js';
import type { Sql } from '../database/sql.js';
import type { SubscriberStore } from '../subscribers/subscriber-store.js';
import type { BillingGateway } from './billing-gateway.js';
import type { BillingStore } from './billing-store.js';
import type { SubscriptionLedger, TierChange } from './subscription-ledger.js';

type Db = Sql & { transaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T> };
const DAY_MS = 86_400_000;

export interface BillingAdminDeps {
  db: Db;
  billing: BillingStore;
  subscribers: SubscriberStore;
  ledger: SubscriptionLedger;
  gateway: BillingGateway;
  entitlements: EntitlementSync;
  clock: Clock;
}

export class BillingAdmin {
  private readonly log = new Logger('BillingAdmin');

  constructor(private readonly deps: BillingAdminDeps) {}

  /** Grants `tier` free of charge until `until` (replacing any earlier comp). */
  async comp(
    id: string,
    tier: Tier,
    until: number,
    actor: string,
    reason: string,
  ): Promise<TierChange> {
    if (until <= this.deps.clock.now())
      throw new BadRequestException('until must be in the future');
    return this.change(
      id,
      actor,
      `comp ${tier} until ${new Date(until).toISOString()}: ${reason}`,
      (tx) =>
        this.deps.subscribers.update(
          tx,
          id,
          { compTier: tier, compUntil: until },
          this.deps.clock.now(),
        ),
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
      const sub = await this.deps.subscribers.get(tx, id, true);
      if (!sub) throw new NotFoundException('no such subscriber');
      const grant: Tier = tier ?? (sub.tier === 'free' ? 'basic' : sub.tier);
      const now = this.deps.clock.now();
      const from =
        sub.comp && sub.comp.tier === grant && sub.comp.until > now ? sub.comp.until : now;
      await this.deps.subscribers.update(
        tx,
        id,
        { compTier: grant, compUntil: from + days * DAY_MS },
        now,
      );
    });
  }

  /** Pauses paid access (and Stripe collection) until resumed. */
  async setPaused(id: string, paused: boolean, actor: string, reason: string): Promise<TierChange> {
    const subscriptions = await this.deps.billing.subscriptionsOf(this.deps.db, id);
    for (const s of subscriptions) {
      if (s.status === 'active' || s.status === 'trialing' || s.status === 'past_due') {
        await this.deps.gateway.setPaused(s.id, paused);
      }
    }
    return this.change(id, actor, `${paused ? 'paused' : 'resumed'}: ${reason}`, (tx) =>
      this.deps.subscribers.update(tx, id, { paused }, this.deps.clock.now()),
    );
  }

  /** Refunds a payment through Stripe (default: the latest paid invoice, in full). */
  async refund(
    id: string,
    input: { paymentIntentId?: string; amountCents?: number; reason: string },
    actor: string,
  ) {
    const sub = await this.deps.subscribers.get(this.deps.db, id);
    if (!sub) throw new NotFoundException('no such subscriber');
    const latest = await this.deps.billing.latestPayment(this.deps.db, id);
    const paymentIntentId = input.paymentIntentId ?? latest?.paymentIntentId;
    if (!paymentIntentId) throw new BadRequestException('no payment to refund');
    const refund = await this.deps.gateway.refund({
      paymentIntentId,
      amountCents:
        input.amountCents ??
        (paymentIntentId === latest?.paymentIntentId ? latest.amountCents : undefined),
      reason: input.reason,
    });
    await this.deps.billing.recordRefund(this.deps.db, {
      id: refund.id,
      subscriberId: id,
      paymentIntentId,
      amountCents: refund.amountCents,
      currency: refund.currency,
      status: refund.status,
      actor,
      reason: input.reason,
      at: this.deps.clock.now(),
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
    const change = await this.deps.db.transaction(async (tx) => {
      const sub = await this.deps.subscribers.get(tx, id, true);
      if (!sub) throw new NotFoundException('no such subscriber');
      await mutate(tx);
      return this.deps.ledger.recomputeTier(tx, id, actor, why);
    });
    // Always sync after an admin action: cheap, and it heals drift on the spot.
    await this.deps.entitlements.sync(id);
    return change;
  }
}
