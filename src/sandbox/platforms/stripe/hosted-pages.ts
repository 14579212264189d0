/**
 * The fake's hosted pages, as a browser meets them: Checkout (`session.url`, /c/pay/{id}) with
 * the plan, the amount, a promotion-code field when the session allows codes, a Pay button and a
 * link back to cancel_url; and the customer portal (/p/session/{id}) with the customer's
 * subscriptions, cancel-at-period-end and the link back to return_url. Paying completes the
 * checkout, delivers its events (signed) to webhookUrl when set, then redirects to success_url
 * with {CHECKOUT_SESSION_ID} filled in — what Stripe does. No API key: these are customer pages.
 */
import type { FakeReply, RecordedRequest } from '../../fake-http-server.js';
import type { FakeCheckoutSession, FakeEvent, FakeSubscription } from './stripe-account.js';

/** What the hosted pages need of the fake account. */
export interface HostedAccount {
  checkoutSessions: Map<string, FakeCheckoutSession>;
  subscriptions: Map<string, FakeSubscription>;
  prices: Map<string, { unit_amount: number; currency: string; interval: string }>;
  portalSessions: Map<string, { customer: string; returnUrl: string | null }>;
  webhookUrl: string | null;
  completeCheckout(sessionId: string): { events: FakeEvent[] };
  updateSubscription(subId: string, patch: Partial<FakeSubscription>): FakeEvent;
  deliver(...events: FakeEvent[]): Promise<number[]>;
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): FakeReply {
  return {
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    text: `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title></head>
<body><main><p>Local fake Stripe (test mode)</p>${body}</main></body></html>`,
  };
}

const redirect = (location: string): FakeReply => ({ status: 303, headers: { location } });
const notFound: FakeReply = page('Not found', '<h1>This page does not exist</h1>');

function amount(cents: number, currency: string, interval: string): string {
  return `${(cents / 100).toFixed(2)} ${currency.toUpperCase()} / ${interval}`;
}

/** The reply of a hosted page, or null when the request is not for one (an API call). */
export async function hostedPage(
  account: HostedAccount,
  req: RecordedRequest,
): Promise<FakeReply | null> {
  const pay = /^\/c\/pay\/(cs_test_[A-Za-z0-9]+)$/.exec(req.path);
  if (pay) return checkoutPage(account, req, pay[1]);
  const portal = /^\/p\/session\/(bps_[A-Za-z0-9]+)(\/cancel\/(sub_[A-Za-z0-9]+))?$/.exec(req.path);
  if (portal) return portalPage(account, req, portal[1], portal[3] ?? null);
  return null;
}

async function checkoutPage(
  account: HostedAccount,
  req: RecordedRequest,
  sessionId: string,
): Promise<FakeReply> {
  const session = account.checkoutSessions.get(sessionId);
  if (!session) return notFound;
  if (session.status !== 'open') {
    return page('Checkout', '<h1>This checkout session is complete</h1>');
  }
  if (req.method === 'POST') {
    const { events } = account.completeCheckout(sessionId);
    if (account.webhookUrl) await account.deliver(...events);
    return redirect(session.success_url.replace('{CHECKOUT_SESSION_ID}', sessionId));
  }
  const p = account.prices.get(session.price);
  const trial = session.trial_period_days
    ? `<p>${session.trial_period_days}-day free trial, then billed.</p>`
    : '';
  const promo = session.allow_promotion_codes
    ? '<label>Promotion code <input name="promotion_code"></label>'
    : '';
  return page(
    'Pay',
    `<h1>Subscribe</h1><p id="amount">${p ? esc(amount(p.unit_amount, p.currency, p.interval)) : ''}</p>${trial}
<form method="post" action="/c/pay/${esc(sessionId)}"><label>Card number <input name="card" value="4242 4242 4242 4242"></label>
${promo}<button type="submit">Pay</button></form>
${session.cancel_url ? `<p><a href="${esc(session.cancel_url)}">Back</a></p>` : ''}`,
  );
}

async function portalPage(
  account: HostedAccount,
  req: RecordedRequest,
  sessionId: string,
  cancelSub: string | null,
): Promise<FakeReply> {
  const session = account.portalSessions.get(sessionId);
  if (!session) return notFound;
  if (req.method === 'POST' && cancelSub) {
    const sub = account.subscriptions.get(cancelSub);
    if (sub && sub.customer === session.customer) {
      const event = account.updateSubscription(sub.id, { cancel_at_period_end: true });
      if (account.webhookUrl) await account.deliver(event);
    }
    return redirect(`/p/session/${sessionId}`);
  }
  const subs = [...account.subscriptions.values()].filter((s) => s.customer === session.customer);
  const rows = subs
    .map(
      (s) =>
        `<li>${esc(amount(s.price.unit_amount, s.price.currency, s.price.interval))} — ${esc(s.status)}${
          s.cancel_at_period_end
            ? ' (cancels at period end)'
            : ` <form method="post" action="/p/session/${esc(sessionId)}/cancel/${esc(s.id)}"><button type="submit">Cancel plan</button></form>`
        }</li>`,
    )
    .join('');
  return page(
    'Billing',
    `<h1>Your billing</h1><ul>${rows || '<li>No subscriptions</li>'}</ul>
${session.returnUrl ? `<p><a href="${esc(session.returnUrl)}">Return to GammaDesk</a></p>` : ''}`,
  );
}
