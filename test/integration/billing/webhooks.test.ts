import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

describe('Stripe webhooks through the real stripe client and a local fake Stripe', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  async function counts() {
    const [r] = await h.sql(
      `SELECT (SELECT count(*) FROM stripe_event) AS events, (SELECT count(*) FROM billing_subscription) AS subs,
              (SELECT count(*) FROM tier_event) AS tiers, (SELECT count(*) FROM billing_invoice_event) AS invoices`,
    );
    return r;
  }

  async function post(body: string, signature?: string) {
    const req = h.http.post('/billing/webhook').set('content-type', 'application/json');
    if (signature !== undefined) req.set('stripe-signature', signature);
    return req.send(body);
  }

  it('a checkout makes the subscriber Premium, with an audit event', async () => {
    const { id } = await h.subscribe('ann@example.com', 'premium');
    expect(await h.tierOf(id)).toBe('premium');
    const history = await h.sql(
      `SELECT actor, from_tier, to_tier, reason FROM tier_event WHERE subscriber_id = $1`,
      [id],
    );
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ from_tier: 'free', to_tier: 'premium' });
    expect(String(history[0].actor)).toMatch(/^stripe:/);
    // the session asked for subscription mode with promotion codes and our subscriber id
    const session = [...h.stripe.checkoutSessions.values()].at(-1)!;
    expect(session.allow_promotion_codes).toBe(true);
    expect(session.client_reference_id).toBe(id);
  });

  it('a duplicate delivery changes nothing', async () => {
    const { subscriptionId } = await h.subscribe('dup@example.com', 'basic');
    const event = h.stripe.updateSubscription(subscriptionId, { cancel_at_period_end: true });
    expect(await h.stripe.deliver(event)).toEqual([200]);
    const before = await counts();
    expect(await h.stripe.deliver(event, event)).toEqual([200, 200]);
    expect(h.stripe.deliveries.at(-1)!.body).toContain('duplicate');
    expect(await counts()).toEqual(before);
  });

  it('the same event delivered five times at once is applied exactly once', async () => {
    const { id, subscriptionId } = await h.subscribe('race@example.com', 'premium');
    const event = h.stripe.cancelSubscription(subscriptionId);
    const payload = JSON.stringify(event);
    const before = await counts();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => post(payload, h.stripe.signatureFor(payload))),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(results.filter((r) => r.body.outcome === 'processed')).toHaveLength(1);
    const after = await counts();
    expect(Number(after.events) - Number(before.events)).toBe(1);
    expect(Number(after.tiers) - Number(before.tiers)).toBe(1);
    expect(await h.tierOf(id)).toBe('free');
  });

  it('refuses unsigned, mis-signed, stale and garbage bodies with 400, changing nothing', async () => {
    const { subscriptionId } = await h.subscribe('sig@example.com', 'premium');
    const event = h.stripe.cancelSubscription(subscriptionId);
    const payload = JSON.stringify(event);
    const before = await counts();

    expect((await post(payload)).status).toBe(400); // unsigned
    expect((await post(payload, 'garbage')).status).toBe(400);
    expect(
      (await post(payload, h.stripe.signatureFor(payload, undefined, 'whsec_wrong'))).status,
    ).toBe(400);
    const staleAt = Math.floor(h.clock.now() / 1000) - 301;
    expect((await post(payload, h.stripe.signatureFor(payload, staleAt))).status).toBe(400);
    // tampered body under a valid signature of the original
    const sig = h.stripe.signatureFor(payload);
    expect((await post(payload.replace('canceled', 'active'), sig)).status).toBe(400);
    // garbage, correctly signed: not JSON, JSON but not an event, an event with a broken object
    for (const garbage of [
      'not json at all',
      '[1,2,3]',
      '{"id":"evt_1","type":"customer.subscription.updated"}',
      JSON.stringify({
        ...event,
        id: 'evt_broken1',
        data: { object: { id: 'sub_x', status: 'weird' } },
      }),
      JSON.stringify({
        ...event,
        id: 'evt_broken2',
        type: 'invoice.paid',
        data: { object: { nope: true } },
      }),
    ]) {
      const res = await post(garbage, h.stripe.signatureFor(garbage));
      expect(res.status, garbage).toBe(400);
    }
    expect(await counts()).toEqual(before);
    // the genuine event still works afterwards
    const res = await post(payload, h.stripe.signatureFor(payload));
    expect(res.status).toBe(200);
  });

  it('out-of-order delivery ends at the newest state (fetched from Stripe)', async () => {
    const { id, subscriptionId } = await h.subscribe('ooo@example.com', 'premium');
    const failed = h.stripe.failPayment(subscriptionId);
    h.clock.advance(60_000);
    const paid = h.stripe.payInvoice(subscriptionId);
    expect(await h.stripe.deliver(...paid, ...failed)).toEqual([200, 200, 200, 200]);
    expect(await h.tierOf(id)).toBe('premium');
    const [row] = await h.sql(`SELECT status FROM billing_subscription WHERE id = $1`, [
      subscriptionId,
    ]);
    expect(row.status).toBe('active');
  });

  it('out-of-order delivery while Stripe cannot be asked: an older event never rolls back', async () => {
    const { id, subscriptionId } = await h.subscribe('ooo2@example.com', 'premium');
    const older = h.stripe.updateSubscription(subscriptionId, { status: 'canceled' });
    h.clock.advance(60_000);
    const newer = h.stripe.updateSubscription(subscriptionId, { status: 'active' });
    h.stripe.fail({
      status: 500,
      method: 'GET',
      path: `/v1/subscriptions/${subscriptionId}`,
      times: 2,
    });
    expect(await h.stripe.deliver(newer, older)).toEqual([200, 200]);
    const [row] = await h.sql(`SELECT status FROM billing_subscription WHERE id = $1`, [
      subscriptionId,
    ]);
    expect(row.status).toBe('active');
    expect(await h.tierOf(id)).toBe('premium');
  });

  it('ignores event types without a handler but records them', async () => {
    const event = h.stripe.emit('customer.created', { id: 'cus_x', object: 'customer' });
    expect(await h.stripe.deliver(event)).toEqual([200]);
    const rows = await h.sql(`SELECT outcome FROM stripe_event WHERE id = $1`, [event.id]);
    expect(rows[0].outcome).toBe('ignored');
  });

  it('a trial counts as the tier; the trial-ending notice is emailed', async () => {
    const { id, subscriptionId } = await h.subscribe('trial@example.com', 'basic', {
      status: 'trialing',
    });
    expect(await h.tierOf(id)).toBe('basic');
    const before = h.mails.length;
    const sub = h.stripe.subscriptions.get(subscriptionId)!;
    const { subscriptionJson } =
      await import('../../../src/sandbox/platforms/stripe/fake-stripe-server.js');
    const event = h.stripe.emit('customer.subscription.trial_will_end', subscriptionJson(sub));
    expect(await h.stripe.deliver(event)).toEqual([200]);
    const mails = await h.waitForMail(before + 1);
    expect(mails.at(-1)!.subject).toBe('Your GammaDesk trial ends soon');
  });

  it('cancellation moves the subscriber to Free', async () => {
    const { id, subscriptionId } = await h.subscribe('bye@example.com', 'premium');
    expect(await h.stripe.deliver(h.stripe.cancelSubscription(subscriptionId))).toEqual([200]);
    expect(await h.tierOf(id)).toBe('free');
  });
});
