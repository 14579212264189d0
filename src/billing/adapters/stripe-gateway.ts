/**
 * The one file that talks to Stripe: the official `stripe` client with a pinned API version,
 * a per-request timeout and the client's own retries (it backs off and honours
 * Stripe-Should-Retry), behind a circuit breaker. Host/port/protocol come from config so tests and the demo use a fake.
 */
import Stripe from 'stripe';
import { CallGuard, isClientStatus } from '../../subscribers/call-guard.js';
import type { BillingConfig } from '../../config/slices.js';
import {
  WebhookRejected,
  type BillingGateway,
  type CheckoutRequest,
  type RefundResult,
} from '../billing-gateway.js';
import {
  readSubscription,
  stripeEventSchema,
  type StripeEventEnvelope,
  type SubscriptionState,
} from '../stripe-objects.js';

/** The API version our readers (stripe-objects.ts) are written against. */
export const STRIPE_API_VERSION = '2026-10-28.endive';
/** Stripe's default: a signature older than this (seconds) is refused. */
const SIGNATURE_TOLERANCE_S = 300;

export type StripeGatewayConfig = Pick<
  BillingConfig,
  | 'STRIPE_SECRET_KEY'
  | 'STRIPE_WEBHOOK_SECRET'
  | 'STRIPE_API_HOST'
  | 'STRIPE_API_PORT'
  | 'STRIPE_API_PROTOCOL'
  | 'STRIPE_TIMEOUT_MS'
  | 'STRIPE_MAX_RETRIES'
>;

export class StripeGateway implements BillingGateway {
  private readonly stripe: Stripe;
  private readonly guard = new CallGuard('stripe', { isClientError: isClientStatus });

  constructor(
    private readonly config: StripeGatewayConfig,
    private readonly isOurPrice: (priceId: string) => boolean,
  ) {
    this.stripe = new Stripe(config.STRIPE_SECRET_KEY, {
      apiVersion: STRIPE_API_VERSION,
      timeout: config.STRIPE_TIMEOUT_MS,
      maxNetworkRetries: config.STRIPE_MAX_RETRIES,
      telemetry: false,
      ...(config.STRIPE_API_HOST
        ? {
            host: config.STRIPE_API_HOST,
            port: config.STRIPE_API_PORT,
            protocol: config.STRIPE_API_PROTOCOL,
          }
        : {}),
    });
  }

  async createCustomer(input: { email: string | null; subscriberId: string }): Promise<string> {
    const customer = await this.guard.run(() =>
      this.stripe.customers.create({
        ...(input.email ? { email: input.email } : {}),
        metadata: { subscriber_id: input.subscriberId },
      }),
    );
    return customer.id;
  }

  async createCheckoutSession(input: CheckoutRequest): Promise<{ id: string; url: string }> {
    const session = await this.guard.run(() =>
      this.stripe.checkout.sessions.create({
        mode: 'subscription',
        line_items: [{ price: input.priceId, quantity: 1 }],
        allow_promotion_codes: input.allowPromotionCodes,
        client_reference_id: input.subscriberId,
        ...(input.customerId
          ? { customer: input.customerId }
          : input.customerEmail
            ? { customer_email: input.customerEmail }
            : {}),
        subscription_data: {
          metadata: { subscriber_id: input.subscriberId },
          ...(input.trialDays > 0 ? { trial_period_days: input.trialDays } : {}),
        },
        metadata: { subscriber_id: input.subscriberId },
        success_url: input.successUrl,
        cancel_url: input.cancelUrl,
      }),
    );
    if (!session.url) throw new Error(`checkout session ${session.id} has no URL`);
    return { id: session.id, url: session.url };
  }

  async createPortalSession(input: { customerId: string; returnUrl: string }) {
    const session = await this.guard.run(() =>
      this.stripe.billingPortal.sessions.create({
        customer: input.customerId,
        return_url: input.returnUrl,
      }),
    );
    return { url: session.url };
  }

  async *listSubscriptions(): AsyncIterable<SubscriptionState> {
    let startingAfter: string | undefined;
    for (;;) {
      const page = await this.guard.run(() =>
        this.stripe.subscriptions.list({
          status: 'all',
          limit: 100,
          ...(startingAfter ? { starting_after: startingAfter } : {}),
        }),
      );
      for (const sub of page.data) yield readSubscription(sub, this.isOurPrice);
      if (!page.has_more || page.data.length === 0) return;
      startingAfter = page.data[page.data.length - 1].id;
    }
  }

  async retrieveSubscription(id: string): Promise<SubscriptionState | null> {
    try {
      const sub = await this.guard.run(() => this.stripe.subscriptions.retrieve(id));
      return readSubscription(sub, this.isOurPrice);
    } catch (err) {
      if (err instanceof Stripe.errors.StripeInvalidRequestError && err.statusCode === 404) {
        return null;
      }
      throw err;
    }
  }

  async setPaused(subscriptionId: string, paused: boolean): Promise<void> {
    await this.guard.run(() =>
      this.stripe.subscriptions.update(subscriptionId, {
        pause_collection: paused ? { behavior: 'void' } : '',
      }),
    );
  }

  async refund(input: {
    paymentIntentId: string;
    amountCents?: number;
    reason: string;
  }): Promise<RefundResult> {
    const refund = await this.guard.run(() =>
      this.stripe.refunds.create({
        payment_intent: input.paymentIntentId,
        ...(input.amountCents !== undefined ? { amount: input.amountCents } : {}),
        reason: 'requested_by_customer',
        metadata: { gammadesk_reason: input.reason.slice(0, 450) },
      }),
    );
    return {
      id: refund.id,
      amountCents: refund.amount,
      currency: refund.currency,
      status: refund.status ?? 'pending',
    };
  }

  verifyWebhook(
    rawBody: Buffer,
    signature: string | undefined,
    nowMs: number,
  ): StripeEventEnvelope {
    const secret = this.config.STRIPE_WEBHOOK_SECRET;
    if (!secret) throw new WebhookRejected('webhooks are disabled (STRIPE_WEBHOOK_SECRET unset)');
    if (!signature) throw new WebhookRejected('missing Stripe-Signature header');
    // stripe-node refuses old timestamps only; one far ahead of our clock is refused too, or a
    // signed event with a future timestamp could be replayed for as long as that lies ahead.
    const signedAt = /(?:^|,)t=(\d{1,12})(?:,|$)/.exec(signature)?.[1];
    if (signedAt && Number(signedAt) * 1000 > nowMs + SIGNATURE_TOLERANCE_S * 1000) {
      throw new WebhookRejected('the signature timestamp is in the future');
    }
    let event: unknown;
    try {
      event = this.stripe.webhooks.constructEvent(
        rawBody,
        signature,
        secret,
        SIGNATURE_TOLERANCE_S,
        undefined,
        nowMs, // stripe-node takes receivedAt in ms
      );
    } catch (err) {
      // Signature errors and unparsable JSON both land here; neither changes anything.
      throw new WebhookRejected(err instanceof Error ? err.message : 'invalid webhook');
    }
    const parsed = stripeEventSchema.safeParse(event);
    if (!parsed.success) throw new WebhookRejected('body is not a Stripe event');
    return parsed.data;
  }
}
