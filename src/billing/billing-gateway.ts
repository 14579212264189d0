/** The port billing reaches Stripe through; one adapter: adapters/stripe-gateway.ts. */
import type { StripeEventEnvelope, SubscriptionState } from './stripe-objects.js';

export interface CheckoutRequest {
  subscriberId: string;
  priceId: string;
  customerId: string | null;
  customerEmail: string | null;
  trialDays: number;
  /** Whether Checkout shows the promotion-code field. */
  allowPromotionCodes: boolean;
  successUrl: string;
  cancelUrl: string;
}

export interface RefundResult {
  id: string;
  amountCents: number;
  currency: string;
  status: string;
}

export interface BillingGateway {
  createCustomer(input: { email: string | null; subscriberId: string }): Promise<string>;
  createCheckoutSession(input: CheckoutRequest): Promise<{ id: string; url: string }>;
  createPortalSession(input: { customerId: string; returnUrl: string }): Promise<{ url: string }>;
  /** Every subscription of the account (all statuses), page by page. */
  listSubscriptions(): AsyncIterable<SubscriptionState>;
  /** null when Stripe does not know the id. */
  retrieveSubscription(id: string): Promise<SubscriptionState | null>;
  setPaused(subscriptionId: string, paused: boolean): Promise<void>;
  refund(input: {
    paymentIntentId: string;
    amountCents?: number;
    reason: string;
  }): Promise<RefundResult>;
  /**
   * Verifies the signature of a webhook body (raw bytes) against STRIPE_WEBHOOK_SECRET at
   * `nowMs`; throws WebhookRejected when unsigned, mis-signed, stale or not an event.
   */
  verifyWebhook(rawBody: Buffer, signature: string | undefined, nowMs: number): StripeEventEnvelope;
}

export class WebhookRejected extends Error {
  override name = 'WebhookRejected';
}

export const BILLING_GATEWAY = Symbol('BillingGateway');
