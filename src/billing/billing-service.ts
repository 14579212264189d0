/** Checkout, the customer portal and the figures — the subscriber- and admin-facing billing reads. */
import { BadRequestException, NotFoundException } from '@nestjs/common';
import type { Clock } from '../common/clock.js';
import type { SubscriberService } from '../subscribers/subscriber-service.js';
import type { Sql } from '../subscribers/sql.js';
import type { SubscriberStore } from '../subscribers/subscriber-store.js';
import type { BillingGateway } from './billing-gateway.js';
import type { BillingStore } from './billing-store.js';
import { mrrCents, utcDays, type BillingFigures } from './figures.js';

export type Plan = 'premium' | 'basic';
export type PlanInterval = 'month' | 'year';

export interface BillingOptions {
  prices: Record<Plan, Partial<Record<PlanInterval, string>>>;
  trialDays: number;
  publicBaseUrl: string;
}

export class BillingService {
  constructor(
    private readonly db: Sql,
    private readonly gateway: BillingGateway,
    private readonly billing: BillingStore,
    private readonly store: SubscriberStore,
    private readonly subscribers: SubscriberService,
    private readonly clock: Clock,
    private readonly options: BillingOptions,
    private readonly isOurPrice: (priceId: string) => boolean,
  ) {}

  /**
   * A Checkout Session for a subscriber (known by profile token) or a new visitor (by email:
   * a subscriber is created and a confirmation email sent, as at sign-up).
   */
  async checkout(input: {
    subscriberId: string | null;
    email: string | null;
    plan: Plan;
    interval: PlanInterval;
  }): Promise<{ sessionId: string; url: string; subscriberId: string }> {
    const priceId = this.options.prices[input.plan][input.interval];
    if (!priceId)
      throw new BadRequestException(`no ${input.interval}ly price is configured for ${input.plan}`);
    let subscriberId = input.subscriberId;
    if (!subscriberId) {
      if (!input.email) throw new BadRequestException('email (or a profile token) is required');
      await this.subscribers.signUp({ email: input.email });
      const found = await this.store.findBy(this.db, 'email', input.email.trim().toLowerCase());
      if (!found) throw new BadRequestException('this address cannot subscribe');
      subscriberId = found.id;
    }
    const sub = await this.store.get(this.db, subscriberId);
    if (!sub) throw new NotFoundException('no such subscriber');
    let customerId = sub.stripeCustomerId;
    if (!customerId) {
      customerId = await this.gateway.createCustomer({ email: sub.email, subscriberId: sub.id });
      await this.store.update(this.db, sub.id, { stripeCustomerId: customerId }, this.clock.now());
    }
    const base = this.options.publicBaseUrl;
    const session = await this.gateway.createCheckoutSession({
      subscriberId: sub.id,
      priceId,
      customerId,
      customerEmail: null,
      trialDays: this.options.trialDays,
      successUrl: `${base}/billing/success?session_id={CHECKOUT_SESSION_ID}`,
      cancelUrl: `${base}/pricing`,
    });
    return { sessionId: session.id, url: session.url, subscriberId: sub.id };
  }

  async portal(subscriberId: string): Promise<{ url: string }> {
    const sub = await this.store.get(this.db, subscriberId);
    if (!sub) throw new NotFoundException('no such subscriber');
    if (!sub.stripeCustomerId)
      throw new BadRequestException('no billing account yet: subscribe first');
    return this.gateway.createPortalSession({
      customerId: sub.stripeCustomerId,
      returnUrl: `${this.options.publicBaseUrl}/subscribers/me`,
    });
  }

  async figures(days: number): Promise<BillingFigures> {
    const now = this.clock.now();
    const todayStart = Math.floor(now / 86_400_000) * 86_400_000;
    const from = todayStart - (days - 1) * 86_400_000;
    const subs = (await this.billing.allSubscriptions(this.db)).filter((s) =>
      this.isOurPrice(s.priceId),
    );
    const mrr = mrrCents(subs, this.isOurPrice);
    const series = await this.billing.dailySeries(this.db, from, todayStart + 86_400_000);
    return {
      asOf: new Date(now).toISOString(),
      currency: subs[0]?.currency ?? 'usd',
      mrrCents: mrr,
      arrCents: mrr * 12,
      payingSubscriptions: subs.filter((s) => s.status === 'active' || s.status === 'past_due')
        .length,
      trials: subs.filter((s) => s.status === 'trialing').length,
      pastDue: subs.filter((s) => s.status === 'past_due').length,
      subscribersByTier: await this.billing.subscriberCountsByTier(this.db),
      series: utcDays(from, days).map((day) => ({
        day,
        newSubscriptions: series.started.get(day) ?? 0,
        churned: series.churned.get(day) ?? 0,
        failedPayments: series.failed.get(day) ?? 0,
      })),
    };
  }
}
