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
 * Hosted pages (hosted-pages.ts): Checkout at session.url (Pay completes the checkout, delivers
 * its events to webhookUrl when set, redirects to success_url) and the customer portal.
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
import {
  FakeStripeAccount,
  subscriptionJson,
  type FakeCheckoutSession,
  type FakeStripeOptions,
  type FakeSubscription,
} from './stripe-account.js';
import type { FakeReply, ProgrammedFailure, RecordedRequest } from '../../fake-http-server.js';
import { hostedPage } from './hosted-pages.js';
import {
  missing,
  ok,
  parseStripeForm,
  str,
  strRecord,
  stripeError,
  stripeId as id,
  type StripeForm,
} from './stripe-wire.js';

export {
  DEFAULT_FAKE_PRICES,
  price,
  subscriptionJson,
  type FakeCheckoutSession,
  type FakeEvent,
  type FakePrice,
  type FakeStripeOptions,
  type FakeSubscription,
  type FakeSubscriptionStatus,
} from './stripe-account.js';
export { parseStripeForm } from './stripe-wire.js';

/** The Stripe API routes over the fake account's state. */
export class FakeStripeServer extends FakeStripeAccount {
  /** Customer portal sessions by id: whose, and where "Return" leads. */
  readonly portalSessions = new Map<string, { customer: string; returnUrl: string | null }>();

  static async start(options: FakeStripeOptions = {}, port = 0): Promise<FakeStripeServer> {
    return new FakeStripeServer(options).listen(port);
  }

  protected failureReply(failure: ProgrammedFailure): FakeReply {
    if (failure.status === 429) {
      return stripeError(429, {
        type: 'invalid_request_error',
        code: 'rate_limit',
        message:
          'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.',
      });
    }
    return stripeError(failure.status, {
      type: 'api_error',
      message: 'An unknown error occurred',
    });
  }

  protected async handle(req: RecordedRequest): Promise<FakeReply> {
    const hosted = await hostedPage(this, req);
    if (hosted) return hosted;
    if (req.headers.authorization !== `Bearer ${this.apiKey}`) {
      return stripeError(401, {
        type: 'invalid_request_error',
        message: 'Invalid API Key provided: sk_****',
      });
    }
    const form = parseStripeForm(typeof req.rawBody === 'string' ? req.rawBody : '');
    const path = req.path;
    const m = (re: RegExp) => re.exec(path);
    let match: RegExpExecArray | null;

    if (req.method === 'POST' && path === '/v1/customers') {
      const c = this.createCustomer(str(form.email), strRecord(form.metadata));
      return ok({ ...c, object: 'customer' });
    }
    if (req.method === 'GET' && (match = m(/^\/v1\/customers\/([^/]+)$/))) {
      const c = this.customers.get(match[1]);
      return c ? ok({ ...c, object: 'customer' }) : missing('customer', match[1]);
    }
    if (req.method === 'POST' && path === '/v1/checkout/sessions') return this.createSession(form);
    if (req.method === 'POST' && path === '/v1/billing_portal/sessions') {
      const customer = str(form.customer);
      if (!customer || !this.customers.has(customer)) return missing('customer', customer ?? '');
      const sid = `bps_${id()}`;
      this.portalSessions.set(sid, { customer, returnUrl: str(form.return_url) });
      return ok({
        id: sid,
        object: 'billing_portal.session',
        customer,
        return_url: str(form.return_url),
        created: this.nowS(),
        livemode: false,
        url: `${this.origin}/p/session/${sid}`,
      });
    }
    if (req.method === 'GET' && path === '/v1/subscriptions')
      return this.listSubscriptions(req.query);
    if ((match = m(/^\/v1\/subscriptions\/([^/]+)$/))) {
      const sub = this.subscriptions.get(match[1]);
      if (!sub) return missing('subscription', match[1]);
      if (req.method === 'GET') return ok(subscriptionJson(sub));
      if (req.method === 'DELETE') {
        this.cancelSubscription(sub.id);
        return ok(subscriptionJson(sub));
      }
      if (req.method === 'POST') {
        const patch: Partial<FakeSubscription> = {};
        if (form.cancel_at_period_end !== undefined) {
          patch.cancel_at_period_end = form.cancel_at_period_end === 'true';
        }
        if (form.pause_collection !== undefined) {
          const pc = form.pause_collection;
          patch.pause_collection =
            typeof pc === 'object' && pc !== null && !Array.isArray(pc)
              ? { behavior: String((pc as Record<string, unknown>).behavior ?? 'void') }
              : null;
        }
        this.updateSubscription(sub.id, patch);
        return ok(subscriptionJson(sub));
      }
    }
    if (req.method === 'POST' && path === '/v1/refunds') {
      const paymentIntent = str(form.payment_intent);
      if (!paymentIntent) {
        return stripeError(400, {
          type: 'invalid_request_error',
          message:
            'One of the following params should be provided for this request: payment_intent or charge.',
          param: 'payment_intent',
        });
      }
      const refund = {
        id: `re_${id()}`,
        object: 'refund',
        amount: form.amount !== undefined ? Number(form.amount) : 0,
        currency: 'usd',
        payment_intent: paymentIntent,
        reason: str(form.reason),
        status: 'succeeded',
        created: this.nowS(),
        metadata: strRecord(form.metadata),
      };
      this.refunds.push(refund);
      return ok(refund);
    }
    return stripeError(404, {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${req.method}: ${path}).`,
    });
  }

  private createSession(form: StripeForm): FakeReply {
    if (form.mode !== 'subscription') {
      return stripeError(400, {
        type: 'invalid_request_error',
        message: 'This fake only supports mode=subscription.',
        param: 'mode',
      });
    }
    const items = Array.isArray(form.line_items) ? form.line_items : [];
    const first = items[0] as Record<string, unknown> | undefined;
    const priceId = first ? str(first.price) : null;
    if (!priceId || !this.prices.has(priceId)) {
      return stripeError(400, {
        type: 'invalid_request_error',
        code: 'resource_missing',
        message: `No such price: '${priceId ?? ''}'`,
        param: 'line_items[0][price]',
      });
    }
    const successUrl = str(form.success_url);
    if (!successUrl) {
      return stripeError(400, {
        type: 'invalid_request_error',
        code: 'parameter_missing',
        message: 'Missing required param: success_url.',
        param: 'success_url',
      });
    }
    const subData = (form.subscription_data ?? {}) as Record<string, unknown>;
    const session: FakeCheckoutSession = {
      id: `cs_test_${id()}`,
      customer: str(form.customer),
      customer_email: str(form.customer_email),
      client_reference_id: str(form.client_reference_id),
      price: priceId,
      trial_period_days:
        subData.trial_period_days !== undefined ? Number(subData.trial_period_days) : null,
      allow_promotion_codes: form.allow_promotion_codes === 'true',
      success_url: successUrl,
      cancel_url: str(form.cancel_url),
      metadata: { ...strRecord(form.metadata), ...strRecord(subData.metadata) },
      status: 'open',
      subscription: null,
    };
    this.checkoutSessions.set(session.id, session);
    return ok(this.sessionJson(session));
  }

  private listSubscriptions(query: Record<string, string>): FakeReply {
    const limit = Math.min(Number(query.limit ?? '10') || 10, 100);
    const status = query.status ?? 'all_but_canceled';
    const all = [...this.subscriptions.values()]
      .filter((s) =>
        status === 'all'
          ? true
          : status === 'all_but_canceled'
            ? s.status !== 'canceled'
            : s.status === status,
      )
      .filter((s) => !query.price || s.price.id === query.price)
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    const start = query.starting_after
      ? all.findIndex((s) => s.id === query.starting_after) + 1
      : 0;
    const page = all.slice(start, start + limit);
    return ok({
      object: 'list',
      url: '/v1/subscriptions',
      has_more: start + limit < all.length,
      data: page.map((s) => subscriptionJson(s)),
    });
  }
}
