/**
 * The fake Stripe account: prices, customers, subscriptions, checkout sessions and events, and
 * the scenario helpers that change them as a customer or Stripe's billing engine would. The
 * HTTP routes over this state are in fake-stripe-server.ts.
 */
import Stripe from 'stripe';
import { SystemClock, type Clock } from '../../../common/clock.js';
import { FakeHttpServer } from '../../fake-http-server.js';
import { stripeId as id } from './stripe-wire.js';

export type FakeSubscriptionStatus =
  | 'incomplete'
  | 'incomplete_expired'
  | 'trialing'
  | 'active'
  | 'past_due'
  | 'canceled'
  | 'unpaid'
  | 'paused';

export interface FakePrice {
  id: string;
  unit_amount: number;
  currency: string;
  interval: 'day' | 'week' | 'month' | 'year';
  interval_count: number;
  product: string;
}

export interface FakeSubscription {
  id: string;
  customer: string;
  status: FakeSubscriptionStatus;
  price: FakePrice;
  quantity: number;
  cancel_at_period_end: boolean;
  current_period_start: number;
  current_period_end: number;
  trial_end: number | null;
  canceled_at: number | null;
  ended_at: number | null;
  created: number;
  metadata: Record<string, string>;
  pause_collection: { behavior: string } | null;
  latest_invoice: string | null;
}

export interface FakeCheckoutSession {
  id: string;
  customer: string | null;
  customer_email: string | null;
  client_reference_id: string | null;
  price: string;
  trial_period_days: number | null;
  allow_promotion_codes: boolean;
  success_url: string;
  cancel_url: string | null;
  metadata: Record<string, string>;
  status: 'open' | 'complete';
  subscription: string | null;
}

export interface FakeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  livemode: false;
  pending_webhooks: number;
  request: { id: null; idempotency_key: null };
  type: string;
  data: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> };
}

export interface FakeStripeOptions {
  /** Secret key the fake accepts (default 'sk_test_local'). */
  apiKey?: string;
  /** Webhook signing secret (default 'whsec_local'). */
  webhookSecret?: string;
  /** URL events are POSTed to by deliver()/emitAndDeliver(). */
  webhookUrl?: string;
  /** Stripe's own time for `created`, periods, signatures (default: wall time). */
  clock?: Clock;
  /** Prices the account holds (default: premium $297/month and basic $97/month). */
  prices?: FakePrice[];
}

const MONTH_S = 30 * 86_400;

export const DEFAULT_FAKE_PRICES: FakePrice[] = [
  price('price_premium_monthly', 29_700, 'month', 'prod_premium'),
  price('price_basic_monthly', 9_700, 'month', 'prod_basic'),
  price('price_premium_annual', 297_000, 'year', 'prod_premium'),
  price('price_basic_annual', 97_000, 'year', 'prod_basic'),
];

export function price(
  id: string,
  unitAmount: number,
  interval: FakePrice['interval'],
  product = `prod_${id}`,
): FakePrice {
  return { id, unit_amount: unitAmount, currency: 'usd', interval, interval_count: 1, product };
}

export abstract class FakeStripeAccount extends FakeHttpServer {
  readonly apiKey: string;
  readonly webhookSecret: string;
  webhookUrl: string | null;
  readonly prices = new Map<string, FakePrice>();
  readonly customers = new Map<
    string,
    { id: string; email: string | null; metadata: Record<string, string>; created: number }
  >();
  readonly subscriptions = new Map<string, FakeSubscription>();
  readonly checkoutSessions = new Map<string, FakeCheckoutSession>();
  readonly refunds: Record<string, unknown>[] = [];
  /** Every event generated, in order (delivered or not). */
  readonly events: FakeEvent[] = [];
  /** Answers of webhook deliveries: { eventId, status, body }. */
  readonly deliveries: { eventId: string; status: number; body: string }[] = [];
  private readonly signer = new Stripe('sk_test_fake_signer');

  constructor(options: FakeStripeOptions = {}) {
    super(options.clock ?? new SystemClock());
    this.apiKey = options.apiKey ?? 'sk_test_local';
    this.webhookSecret = options.webhookSecret ?? 'whsec_local';
    this.webhookUrl = options.webhookUrl ?? null;
    for (const p of options.prices ?? DEFAULT_FAKE_PRICES) this.prices.set(p.id, p);
  }

  /** Options for `new Stripe(key, { ...fake.clientOptions })` and GammaDesk's config. */
  get clientOptions(): { host: string; port: number; protocol: 'http' } {
    return { host: '127.0.0.1', port: this.port, protocol: 'http' };
  }

  protected nowS(): number {
    return Math.floor(this.clock.now() / 1000);
  }

  // ---- scenario helpers (what a customer or Stripe's billing engine does) -----------------

  /** The customer pays on the hosted checkout page: creates customer and subscription. */
  completeCheckout(
    sessionId: string,
    options: { email?: string; status?: 'active' | 'trialing' } = {},
  ): { subscription: FakeSubscription; events: FakeEvent[] } {
    const session = this.checkoutSessions.get(sessionId);
    if (!session) throw new Error(`no checkout session ${sessionId}`);
    const customerId =
      session.customer ?? this.createCustomer(options.email ?? session.customer_email, {}).id;
    session.customer = customerId;
    const trialing = options.status === 'trialing' || (session.trial_period_days ?? 0) > 0;
    const sub = this.createSubscription(customerId, session.price, {
      status: trialing ? 'trialing' : 'active',
      trialDays: session.trial_period_days ?? (trialing ? 7 : 0),
      metadata: session.metadata,
    });
    session.subscription = sub.id;
    session.status = 'complete';
    const events = [
      this.emit('customer.subscription.created', subscriptionJson(sub)),
      ...(trialing ? [] : [this.emit('invoice.paid', this.invoiceJson(sub, 'paid'))]),
      this.emit('checkout.session.completed', this.sessionJson(session)),
    ];
    return { subscription: sub, events };
  }

  createCustomer(email: string | null, metadata: Record<string, string>) {
    const c = { id: `cus_${id()}`, email, metadata, created: this.nowS() };
    this.customers.set(c.id, c);
    return c;
  }

  /** A subscription made directly (as if through the Dashboard); emits no event. */
  createSubscription(
    customerId: string,
    priceId: string,
    options: {
      status?: FakeSubscriptionStatus;
      trialDays?: number;
      metadata?: Record<string, string>;
    } = {},
  ): FakeSubscription {
    const p = this.prices.get(priceId);
    if (!p) throw new Error(`no price ${priceId}`);
    const now = this.nowS();
    const trialEnd = options.trialDays ? now + options.trialDays * 86_400 : null;
    const sub: FakeSubscription = {
      id: `sub_${id()}`,
      customer: customerId,
      status: options.status ?? 'active',
      price: p,
      quantity: 1,
      cancel_at_period_end: false,
      current_period_start: now,
      current_period_end: trialEnd ?? now + (p.interval === 'year' ? 12 : 1) * MONTH_S,
      trial_end: trialEnd,
      canceled_at: null,
      ended_at: null,
      created: now,
      metadata: { ...options.metadata },
      pause_collection: null,
      latest_invoice: null,
    };
    this.subscriptions.set(sub.id, sub);
    return sub;
  }

  /** Changes a subscription and emits customer.subscription.updated (with previous_attributes). */
  updateSubscription(subId: string, patch: Partial<FakeSubscription>): FakeEvent {
    const sub = this.mustSub(subId);
    const previous: Record<string, unknown> = {};
    for (const key of Object.keys(patch) as (keyof FakeSubscription)[]) {
      previous[key] = sub[key] as unknown;
    }
    Object.assign(sub, patch);
    return this.emit('customer.subscription.updated', subscriptionJson(sub), previous);
  }

  /** A renewal charge fails: invoice.payment_failed, then the subscription goes past_due. */
  failPayment(subId: string): FakeEvent[] {
    const sub = this.mustSub(subId);
    const invoice = this.invoiceJson(sub, 'open');
    return [
      this.emit('invoice.payment_failed', invoice),
      this.updateSubscription(subId, { status: 'past_due' }),
    ];
  }

  /** A (retried) charge succeeds: invoice.paid, the subscription is active for a new period. */
  payInvoice(subId: string): FakeEvent[] {
    const sub = this.mustSub(subId);
    const now = this.nowS();
    const invoice = this.invoiceJson(sub, 'paid');
    return [
      this.emit('invoice.paid', invoice),
      this.updateSubscription(subId, {
        status: 'active',
        current_period_start: now,
        current_period_end: now + MONTH_S,
      }),
    ];
  }

  /** Cancels now: customer.subscription.deleted. */
  cancelSubscription(subId: string): FakeEvent {
    const sub = this.mustSub(subId);
    const now = this.nowS();
    Object.assign(sub, { status: 'canceled', canceled_at: now, ended_at: now });
    return this.emit('customer.subscription.deleted', subscriptionJson(sub));
  }

  /** Builds an event as Stripe would (not delivered; see deliver()). */
  emit(
    type: string,
    object: Record<string, unknown>,
    previous?: Record<string, unknown>,
  ): FakeEvent {
    const event: FakeEvent = {
      id: `evt_${id()}`,
      object: 'event',
      api_version: Stripe.API_VERSION,
      created: this.nowS(),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
      data: { object, ...(previous ? { previous_attributes: previous } : {}) },
    };
    this.events.push(event);
    return event;
  }

  /** The `Stripe-Signature` header Stripe would send for a payload (at `timestampS`). */
  signatureFor(payload: string, timestampS = this.nowS(), secret = this.webhookSecret): string {
    return this.signer.webhooks.generateTestHeaderString({
      payload,
      secret,
      timestamp: timestampS,
    });
  }

  /** POSTs events, signed, to the webhook URL, one after another; returns the HTTP statuses. */
  async deliver(...events: FakeEvent[]): Promise<number[]> {
    if (!this.webhookUrl) throw new Error('webhookUrl is not set');
    const statuses: number[] = [];
    for (const event of events) {
      const payload = JSON.stringify(event, null, 2);
      const res = await fetch(this.webhookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'stripe-signature': this.signatureFor(payload),
        },
        body: payload,
      });
      const body = await res.text();
      this.deliveries.push({ eventId: event.id, status: res.status, body });
      statuses.push(res.status);
    }
    return statuses;
  }

  protected sessionJson(s: FakeCheckoutSession): Record<string, unknown> {
    return {
      id: s.id,
      object: 'checkout.session',
      mode: 'subscription',
      status: s.status,
      payment_status: s.status === 'complete' ? 'paid' : 'unpaid',
      customer: s.customer,
      customer_email: s.customer_email,
      customer_details: s.customer_email ? { email: s.customer_email } : null,
      client_reference_id: s.client_reference_id,
      subscription: s.subscription,
      allow_promotion_codes: s.allow_promotion_codes,
      success_url: s.success_url,
      cancel_url: s.cancel_url,
      metadata: s.metadata,
      created: this.nowS(),
      livemode: false,
      url: s.status === 'open' ? `${this.origin}/c/pay/${s.id}` : null,
    };
  }

  protected invoiceJson(sub: FakeSubscription, status: 'paid' | 'open'): Record<string, unknown> {
    const invoiceId = `in_${id()}`;
    sub.latest_invoice = invoiceId;
    const amount = sub.price.unit_amount * sub.quantity;
    return {
      id: invoiceId,
      object: 'invoice',
      customer: sub.customer,
      status,
      currency: sub.price.currency,
      amount_due: amount,
      amount_paid: status === 'paid' ? amount : 0,
      amount_remaining: status === 'paid' ? 0 : amount,
      attempt_count: 1,
      billing_reason: 'subscription_cycle',
      created: this.nowS(),
      parent: {
        type: 'subscription_details',
        subscription_details: { subscription: sub.id, metadata: sub.metadata },
      },
      payments: {
        object: 'list',
        data: [{ payment: { type: 'payment_intent', payment_intent: `pi_${id()}` } }],
      },
      livemode: false,
    };
  }

  protected mustSub(subId: string): FakeSubscription {
    const sub = this.subscriptions.get(subId);
    if (!sub) throw new Error(`no subscription ${subId}`);
    return sub;
  }
}

/** A subscription as the API (2025+ versions: periods on the items) returns it. */
export function subscriptionJson(sub: FakeSubscription): Record<string, unknown> {
  return {
    id: sub.id,
    object: 'subscription',
    customer: sub.customer,
    status: sub.status,
    cancel_at_period_end: sub.cancel_at_period_end,
    cancel_at: sub.cancel_at_period_end ? sub.current_period_end : null,
    canceled_at: sub.canceled_at,
    ended_at: sub.ended_at,
    created: sub.created,
    start_date: sub.created,
    trial_end: sub.trial_end,
    trial_start: sub.trial_end ? sub.created : null,
    currency: sub.price.currency,
    metadata: sub.metadata,
    pause_collection: sub.pause_collection,
    latest_invoice: sub.latest_invoice,
    livemode: false,
    items: {
      object: 'list',
      has_more: false,
      url: `/v1/subscription_items?subscription=${sub.id}`,
      data: [
        {
          id: `si_${sub.id.slice(4)}`,
          object: 'subscription_item',
          quantity: sub.quantity,
          current_period_start: sub.current_period_start,
          current_period_end: sub.current_period_end,
          subscription: sub.id,
          price: {
            id: sub.price.id,
            object: 'price',
            active: true,
            currency: sub.price.currency,
            unit_amount: sub.price.unit_amount,
            product: sub.price.product,
            type: 'recurring',
            recurring: {
              interval: sub.price.interval,
              interval_count: sub.price.interval_count,
              usage_type: 'licensed',
            },
          },
        },
      ],
    },
  };
}
