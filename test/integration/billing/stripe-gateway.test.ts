import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  StripeGateway,
  type StripeGatewayConfig,
} from '../../../src/billing/adapters/stripe-gateway.js';
import { WebhookRejected } from '../../../src/billing/billing-gateway.js';
import { FakeClock } from '../../../src/common/clock.js';
import { FakeStripeServer } from '../../../src/sandbox/platforms/stripe/fake-stripe-server.js';

describe('StripeGateway: the real stripe client against the local fake Stripe', () => {
  const clock = new FakeClock(Date.UTC(2026, 2, 2, 14, 30));
  let stripe: FakeStripeServer;
  let gateway: StripeGateway;
  const ours = (p: string) => p.startsWith('price_premium') || p.startsWith('price_basic');

  function config(over: Partial<StripeGatewayConfig> = {}): StripeGatewayConfig {
    return {
      STRIPE_SECRET_KEY: stripe.apiKey,
      STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PORT: stripe.port,
      STRIPE_API_PROTOCOL: 'http',
      STRIPE_TIMEOUT_MS: 5_000,
      STRIPE_MAX_RETRIES: 0,
      ...over,
    };
  }

  beforeAll(async () => {
    stripe = await FakeStripeServer.start({ clock });
    gateway = new StripeGateway(config(), ours);
  });
  afterAll(async () => stripe.close());

  it('creates a subscription-mode Checkout Session with trials and promotion codes', async () => {
    const customer = await gateway.createCustomer({
      email: 'gw@example.com',
      subscriberId: 'sub-1',
    });
    const session = await gateway.createCheckoutSession({
      subscriberId: 'sub-1',
      priceId: 'price_premium_monthly',
      customerId: customer,
      customerEmail: null,
      trialDays: 7,
      allowPromotionCodes: true,
      successUrl: 'http://x/ok',
      cancelUrl: 'http://x/cancel',
    });
    expect(session.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/c\/pay\/cs_test_/);
    const stored = stripe.checkoutSessions.get(session.id)!;
    expect(stored).toMatchObject({
      customer,
      price: 'price_premium_monthly',
      trial_period_days: 7,
      allow_promotion_codes: true,
      client_reference_id: 'sub-1',
    });
    const req = stripe.requestsTo({ path: '/v1/checkout/sessions' }).at(-1)!;
    expect(req.headers['stripe-version']).toBe('2026-10-28.endive');
    const portal = await gateway.createPortalSession({
      customerId: customer,
      returnUrl: 'http://x/me',
    });
    expect(portal.url).toMatch(/\/p\/session\/bps_/);
  });

  it('lists every subscription across pages and retrieves one (404 → null)', async () => {
    const customer = stripe.createCustomer('many@example.com', {});
    for (let i = 0; i < 105; i++) stripe.createSubscription(customer.id, 'price_basic_monthly');
    const seen: string[] = [];
    for await (const s of gateway.listSubscriptions()) seen.push(s.id);
    expect(new Set(seen).size).toBe(stripe.subscriptions.size);
    expect(
      stripe.requestsTo({ method: 'GET', path: '/v1/subscriptions' }).length,
    ).toBeGreaterThanOrEqual(2);
    const one = await gateway.retrieveSubscription(seen[0]);
    expect(one).toMatchObject({
      id: seen[0],
      status: 'active',
      unitAmountCents: 9_700,
      interval: 'month',
    });
    expect(one!.currentPeriodEnd).toBeGreaterThan(clock.now());
    expect(await gateway.retrieveSubscription('sub_missing')).toBeNull();
  });

  it('surfaces Stripe errors, and retries 429/500 when configured', async () => {
    stripe.fail({ status: 500, path: '/v1/refunds' });
    await expect(gateway.refund({ paymentIntentId: 'pi_1', reason: 'x' })).rejects.toBeInstanceOf(
      Stripe.errors.StripeAPIError,
    );
    const retrying = new StripeGateway(config({ STRIPE_MAX_RETRIES: 2 }), ours);
    stripe.fail({ status: 429, path: '/v1/refunds', times: 1 });
    const refund = await retrying.refund({
      paymentIntentId: 'pi_2',
      amountCents: 500,
      reason: 'goodwill',
    });
    expect(refund).toMatchObject({ amountCents: 500, status: 'succeeded' });
    const wrongKey = new StripeGateway(config({ STRIPE_SECRET_KEY: 'sk_test_wrong' }), ours);
    await expect(
      wrongKey.createCustomer({ email: null, subscriberId: 's' }),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });

  it('verifies webhook signatures against the Clock', () => {
    const payload = JSON.stringify(stripe.emit('invoice.paid', { id: 'in_1' }));
    expect(
      gateway.verifyWebhook(Buffer.from(payload), stripe.signatureFor(payload), clock.now()).type,
    ).toBe('invoice.paid');
    const old = stripe.signatureFor(payload, Math.floor(clock.now() / 1000) - 301);
    expect(() => gateway.verifyWebhook(Buffer.from(payload), old, clock.now())).toThrow(
      WebhookRejected,
    );
    expect(() => gateway.verifyWebhook(Buffer.from(payload), undefined, clock.now())).toThrow(
      WebhookRejected,
    );
    const disabled = new StripeGateway(config({ STRIPE_WEBHOOK_SECRET: undefined }), ours);
    expect(() =>
      disabled.verifyWebhook(Buffer.from(payload), stripe.signatureFor(payload), clock.now()),
    ).toThrow(/disabled/);
  });
});
