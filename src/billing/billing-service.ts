/** Checkout, the customer portal and the figures — the subscriber- and admin-facing billing reads. */
import { BadRequestException, NotFoundException } from '@nestjs/common';
import type { Clock } from '../common/clock.js';
import type { SubscriberService } from '../subscribers/subscriber-service.js';
import type { Sql } from '../database/sql.js';
import type { SubscriberStore } from '../subscribers/subscriber-store.js';
import type { BillingGateway } from './billing-gateway.js';
import type { BillingStore } from './billing-store.js';
import { mrrCents, mrrCentsAt, utcDays, type BillingFigures } from './figures.js';

export type Plan = 'premium' | 'basic';
export type PlanInterval = 'month' | 'year';

export interface BillingOptions {
  prices: Record<Plan, Partial<Record<PlanInterval, string>>>;
  trialDays: number;
  allowPromotionCodes: boolean;
  publicBaseUrl: string;
}

export interface BillingServiceDeps {
  db: Sql;
  gateway: BillingGateway;
  billing: BillingStore;
  store: SubscriberStore;
  subscribers: SubscriberService;
  clock: Clock;
  options: BillingOptions;
  isOurPrice: (priceId: string) => boolean;
}

export class BillingService {
  constructor(private readonly deps: BillingServiceDeps) {}

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
    const priceId = this.deps.options.prices[input.plan][input.interval];
    if (!priceId)
      throw new BadRequestException(`no ${input.interval}ly price is configured for ${input.plan}`);
    let subscriberId = input.subscriberId;
    if (!subscriberId) {
      if (!input.email) throw new BadRequestException('email (or a profile token) is required');
      await this.deps.subscribers.signUp({ email: input.email });
      const found = await this.deps.store.findBy(
        this.deps.db,
        'email',
        input.email.trim().toLowerCase(),
      );
      if (!found) throw new BadRequestException('this address cannot subscribe');
      subscriberId = found.id;
    }
    const sub = await this.deps.store.get(this.deps.db, subscriberId);
    if (!sub) throw new NotFoundException('no such subscriber');
    let customerId = sub.stripeCustomerId;
    if (!customerId) {
      customerId = await this.deps.gateway.createCustomer({
        email: sub.email,
        subscriberId: sub.id,
      });
      await this.deps.store.update(
        this.deps.db,
        sub.id,
        { stripeCustomerId: customerId },
        this.deps.clock.now(),
      );
    }
    const base = this.deps.options.publicBaseUrl;
    const session = await this.deps.gateway.createCheckoutSession({
      subscriberId: sub.id,
      priceId,
      customerId,
      customerEmail: null,
      trialDays: this.deps.options.trialDays,
      allowPromotionCodes: this.deps.options.allowPromotionCodes,
      successUrl: `${base}/billing/success?session_id={CHECKOUT_SESSION_ID}`,
      cancelUrl: `${base}/billing/cancel`,
    });
    return { sessionId: session.id, url: session.url, subscriberId: sub.id };
  }

  async portal(subscriberId: string): Promise<{ url: string }> {
    const sub = await this.deps.store.get(this.deps.db, subscriberId);
    if (!sub) throw new NotFoundException('no such subscriber');
    if (!sub.stripeCustomerId)
      throw new BadRequestException('no billing account yet: subscribe first');
    return this.deps.gateway.createPortalSession({
      customerId: sub.stripeCustomerId,
      returnUrl: `${this.deps.options.publicBaseUrl}/account`,
    });
  }

  /** MRR at the end of each of the last `days` UTC days (ARR is twelve times it). */
  async mrrHistory(days: number): Promise<{ day: string; mrrCents: number }[]> {
    const todayStart = Math.floor(this.deps.clock.now() / 86_400_000) * 86_400_000;
    const from = todayStart - (days - 1) * 86_400_000;
    const subs = await this.deps.billing.allSubscriptions(this.deps.db);
    const now = this.deps.clock.now();
    return utcDays(from, days).map((day, i) => ({
      day,
      mrrCents: mrrCentsAt(
        subs,
        Math.min(now, from + (i + 1) * 86_400_000 - 1),
        this.deps.isOurPrice,
      ),
    }));
  }

  async figures(days: number): Promise<BillingFigures> {
    const now = this.deps.clock.now();
    const todayStart = Math.floor(now / 86_400_000) * 86_400_000;
    const from = todayStart - (days - 1) * 86_400_000;
    const subs = (await this.deps.billing.allSubscriptions(this.deps.db)).filter((s) =>
      this.deps.isOurPrice(s.priceId),
    );
    const mrr = mrrCents(subs, this.deps.isOurPrice);
    const series = await this.deps.billing.dailySeries(this.deps.db, from, todayStart + 86_400_000);
    return {
      asOf: new Date(now).toISOString(),
      currency: subs[0]?.currency ?? 'usd',
      mrrCents: mrr,
      arrCents: mrr * 12,
      payingSubscriptions: subs.filter((s) => s.status === 'active' || s.status === 'past_due')
        .length,
      trials: subs.filter((s) => s.status === 'trialing').length,
      pastDue: subs.filter((s) => s.status === 'past_due').length,
      subscribersByTier: await this.deps.billing.subscriberCountsByTier(this.deps.db),
      series: utcDays(from, days).map((day) => ({
        day,
        newSubscriptions: series.started.get(day) ?? 0,
        churned: series.churned.get(day) ?? 0,
        failedPayments: series.failed.get(day) ?? 0,
      })),
    };
  }
}
