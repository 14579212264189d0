/**
 * Fake Stripe API — a real node:http server on 127.0.0.1 that the official `stripe` client
 * talks to (form-encoded requests, Stripe's JSON objects and error format).
 *
 *   const stripe = await FakeStripeServer.start({ clock, webhookUrl: `${appUrl}/billing/webhook` });
 *   const client = new Stripe('sk_test_local', { ...stripe.clientOptions });   // host/port/http
 *   // GammaDesk config: STRIPE_API_HOST=127.0.0.1 STRIPE_API_PORT=<port> STRIPE_API_PROTOCOL=http
 *   //                   STRIPE_SECRET_KEY=sk_test_local STRIPE_WEBHOOK_SECRET=whsec_local
 *   await stripe.close();
 *
 * API: POST /v1/customers, GET /v1/customers/{id}, POST /v1/checkout/sessions (mode
 * subscription, line_items[0][price] must be a known price, subscription_data[trial_period_days],
 * allow_promotion_codes, client_reference_id, metadata), POST /v1/billing_portal/sessions,
 * GET /v1/subscriptions (status=all|<status>, limit, starting_after → has_more pages),
 * GET|POST|DELETE /v1/subscriptions/{id} (POST: cancel_at_period_end, pause_collection),
 * POST /v1/refunds (payment_intent, amount). Wrong key: 401; unknown ids: 404 resource_missing;
 * all errors as `{ error: { type, code?, message, param? } }`. Subscriptions are returned in the
 * 2025+ shape (current_period_end on items.data[]).
 *
 * Scenario helpers (what a customer or Stripe's billing engine does; each returns the events it
 * generated, which are NOT delivered until you call `deliver(...events)`):
 * completeCheckout(sessionId, { status? }) → customer.subscription.created, invoice.paid,
 * checkout.session.completed; failPayment(subId) → invoice.payment_failed + subscription past_due;
 * payInvoice(subId); updateSubscription(subId, patch); cancelSubscription(subId) →
 * customer.subscription.deleted; createSubscription(customer, price) (no event, as if made in the
 * Dashboard); emit(type, object). `deliver(...events)` POSTs each, signed with
 * `stripe.webhooks.generateTestHeaderString`, to webhookUrl and returns the statuses;
 * `signatureFor(payload, timestampS?, secret?)` signs anything (stale or wrong-secret tests).
 * State: prices (default premium $297/month, basic $97/month, annual variants), customers,
 * subscriptions, checkoutSessions, refunds, events, deliveries; `requests` log and
 * `fail({ status: 429 | 500, path?, method?, times? })` as in the other fakes (Stripe's
 * rate_limit / api_error bodies with Stripe-Should-Retry: true).
 */
export {
  DEFAULT_FAKE_PRICES,
  FakeStripeServer,
  parseStripeForm,
  price,
  subscriptionJson,
} from '../../../src/billing/fake-stripe-server.js';
export type {
  FakeCheckoutSession,
  FakeEvent,
  FakePrice,
  FakeStripeOptions,
  FakeSubscription,
  FakeSubscriptionStatus,
} from '../../../src/billing/fake-stripe-server.js';
