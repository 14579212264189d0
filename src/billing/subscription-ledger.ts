/**
 * Applies Stripe subscription states to our records and recomputes tiers — the shared core of
 * webhooks, reconciliation, the clock sweep and admin actions. Every method runs on the Sql it
 * is given, so callers choose the transaction.
 */
import { Logger } from '@nestjs/common';
import type { Clock } from '../common/clock.js';
import type { Sql } from '../database/sql.js';
import type { SubscriberStore } from '../subscribers/subscriber-store.js';
import { isUuid } from '../subscribers/subscriber-store.js';
import { toFacts, type BillingStore, type StoredSubscription } from './billing-store.js';
import type { SubscriptionState } from './stripe-objects.js';
import { resolveTier, type TierPolicy } from './tier-policy.js';
import type { Tier } from '../vocabulary/tier.js';

export interface TierChange {
  subscriberId: string;
  from: Tier;
  to: Tier;
  changed: boolean;
}

export class SubscriptionLedger {
  private readonly log = new Logger('SubscriptionLedger');

  constructor(
    private readonly billing: BillingStore,
    private readonly subscribers: SubscriberStore,
    private readonly clock: Clock,
    readonly policy: TierPolicy,
  ) {}

  isOurPrice(priceId: string): boolean {
    return this.policy.priceTiers.has(priceId);
  }

  /**
   * Stores a subscription state. `authoritative` states (fetched from Stripe just now) always
   * win; states read from an event apply only when newer than what is stored (`stateAt` = the
   * event's creation time), so out-of-order delivery never rolls a subscription back.
   * Returns the subscriber it belongs to (null when unknown) and whether it was applied.
   */
  async applySubscription(
    sql: Sql,
    state: SubscriptionState,
    options: { authoritative: boolean; stateAt: number },
  ): Promise<{ subscriberId: string | null; applied: boolean }> {
    const existing = await this.billing.getSubscription(sql, state.id, true);
    if (!options.authoritative && existing && existing.stateAt > options.stateAt) {
      return { subscriberId: existing.subscriberId, applied: false };
    }
    const subscriberId = existing?.subscriberId ?? (await this.findSubscriber(sql, state));
    const pastDueSince =
      state.status === 'past_due' ? (existing?.pastDueSince ?? options.stateAt) : null;
    const stored: StoredSubscription = {
      ...state,
      subscriberId,
      pastDueSince,
      stateAt: Math.max(existing?.stateAt ?? 0, options.stateAt),
    };
    await this.billing.upsertSubscription(sql, stored, this.clock.now());
    if (subscriberId) {
      const sub = await this.subscribers.get(sql, subscriberId);
      if (sub && !sub.stripeCustomerId) {
        await this.subscribers.update(
          sql,
          subscriberId,
          { stripeCustomerId: state.customerId },
          this.clock.now(),
        );
      }
    } else {
      this.log.warn(`subscription ${state.id} belongs to no known subscriber`);
    }
    return { subscriberId, applied: true };
  }

  /** Recomputes and stores a subscriber's tier; an audit event is written when it changes. */
  async recomputeTier(
    sql: Sql,
    subscriberId: string,
    actor: string,
    why: string,
  ): Promise<TierChange> {
    const now = this.clock.now();
    const sub = await this.subscribers.get(sql, subscriberId, true);
    if (!sub) throw new Error(`no subscriber ${subscriberId}`);
    const subscriptions = await this.billing.subscriptionsOf(sql, subscriberId);
    const decision = resolveTier(
      { subscriptions: subscriptions.map(toFacts), comp: sub.comp, paused: sub.paused },
      this.policy,
      now,
    );
    const result = await this.subscribers.applyTier(sql, subscriberId, decision, actor, why, now);
    if (result.changed) {
      this.log.log(
        `tier of subscriber ${subscriberId}: ${result.from} → ${result.to} by ${actor} (${why})`,
      );
    }
    return { subscriberId, ...result };
  }

  private async findSubscriber(sql: Sql, state: SubscriptionState): Promise<string | null> {
    if (state.subscriberId && isUuid(state.subscriberId)) {
      const sub = await this.subscribers.get(sql, state.subscriberId);
      if (sub) return sub.id;
    }
    const byCustomer = await this.subscribers.findBy(sql, 'stripe_customer_id', state.customerId);
    return byCustomer?.id ?? null;
  }
}
