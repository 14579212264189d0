import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthlyCents } from '../../../src/billing/figures.js';
import { ADMIN_TOKEN, DAY, startHarness, type Harness } from './harness.js';

describe('reconciliation, admin actions and figures', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ BILLING_RECONCILE_INTERVAL_MS: '3600000' });
  });
  afterAll(async () => h?.close());

  const admin = () => ({ authorization: `Bearer ${ADMIN_TOKEN}`, 'x-admin-actor': 'ops.alice' });

  async function until(check: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('condition not reached');
  }

  it('the hourly job repairs a tier that a dropped webhook left wrong', async () => {
    const { id, subscriptionId } = await h.subscribe('dropped@example.com', 'premium');
    h.stripe.cancelSubscription(subscriptionId); // the webhook is never delivered
    expect(await h.tierOf(id)).toBe('premium');
    h.clock.advance(3_600_000);
    await until(async () => (await h.tierOf(id)) === 'free');
    const [event] = await h.sql(
      `SELECT actor, reason FROM tier_event WHERE subscriber_id = $1 ORDER BY id DESC LIMIT 1`,
      [id],
    );
    expect(event).toMatchObject({ actor: 'reconciler' });
    expect(String(event.reason)).toMatch(/reconciliation/);
  });

  it('on demand: a subscription whose webhooks were all lost is found and applied', async () => {
    const { id } = await h.subscribe('lost@example.com', 'basic', { deliver: false });
    expect(await h.tierOf(id)).toBe('free');
    const res = await h.http.post('/api/admin/billing/reconcile').set(admin()).expect(200);
    expect(res.body.repairs).toEqual(
      expect.arrayContaining([{ subscriberId: id, from: 'free', to: 'basic' }]),
    );
    expect(await h.tierOf(id)).toBe('basic');
    // a second run finds nothing to repair
    const again = await h.http.post('/api/admin/billing/reconcile').set(admin()).expect(200);
    expect(again.body.repairs).toEqual([]);
  });

  it('ignores subscriptions on prices that are not ours', async () => {
    h.stripe.prices.set('price_other_product', {
      id: 'price_other_product',
      unit_amount: 500,
      currency: 'usd',
      interval: 'month',
      interval_count: 1,
      product: 'prod_other',
    });
    const { id } = await h.verifiedSubscriber('other@example.com');
    const customer = h.stripe.createCustomer('other@example.com', { subscriber_id: id });
    await h.sql(`UPDATE subscriber SET stripe_customer_id = $2 WHERE id = $1`, [id, customer.id]);
    h.stripe.createSubscription(customer.id, 'price_other_product', {
      metadata: { subscriber_id: id },
    });
    await h.http.post('/api/admin/billing/reconcile').set(admin()).expect(200);
    expect(await h.tierOf(id)).toBe('free');
  });

  it('every operator route answers 401 without a valid token', async () => {
    for (const [method, path] of [
      ['get', '/api/admin/subscribers?email=a'],
      ['get', '/api/admin/billing/figures'],
      ['post', '/api/admin/billing/reconcile'],
    ] as const) {
      await h.http[method](path).expect(401);
      await h.http[method](path).set('authorization', 'Bearer wrong-token-wrong-token').expect(401);
    }
  });

  it('GET /api/admin/subscribers?email= returns id, email, tier, status, tierHistory, channels', async () => {
    const { id } = await h.subscribe('lookup@example.com', 'premium');
    const res = await h.http
      .get('/api/admin/subscribers?email=lookup@example.com')
      .set(admin())
      .expect(200);
    expect(res.body).toHaveLength(1);
    expect(res.body[0]).toMatchObject({
      id,
      email: 'lookup@example.com',
      tier: 'premium',
      status: 'active',
      channels: {
        email: { status: 'verified', enabled: true },
        telegram: { linked: false, enabled: true },
        discord: { linked: false, enabled: true },
      },
    });
    expect(res.body[0].tierHistory).toEqual([
      expect.objectContaining({
        from: 'free',
        to: 'premium',
        actor: 'stripe:customer.subscription.created',
      }),
    ]);
    await h.http.get('/api/admin/subscribers').set(admin()).expect(400);
  });

  it('comp, free days, pause/resume and refunds — audited with the actor', async () => {
    const { id: freeId } = await h.verifiedSubscriber('comp@example.com');
    const until = new Date(h.clock.now() + 10 * DAY).toISOString();
    const comp = await h.http
      .post(`/api/admin/subscribers/${freeId}/comp`)
      .set(admin())
      .send({ tier: 'premium', until, reason: 'partner' })
      .expect(200);
    expect(comp.body).toMatchObject({ from: 'free', to: 'premium', changed: true });
    await h.http
      .post(`/api/admin/subscribers/${freeId}/comp`)
      .set(admin())
      .send({ tier: 'gold', until, reason: 'x' })
      .expect(400);
    h.clock.advance(10 * DAY);
    await h.http.post('/api/admin/billing/reconcile').set(admin()).expect(200);
    expect(await h.tierOf(freeId)).toBe('free');

    const days = await h.http
      .post(`/api/admin/subscribers/${freeId}/free-days`)
      .set(admin())
      .send({ days: 7, reason: 'apology' })
      .expect(200);
    expect(days.body.to).toBe('basic');

    const { id, subscriptionId } = await h.subscribe('pause@example.com', 'premium');
    const paused = await h.http
      .post(`/api/admin/subscribers/${id}/pause`)
      .set(admin())
      .send({ reason: 'requested' })
      .expect(200);
    expect(paused.body).toMatchObject({ from: 'premium', to: 'free' });
    const pauseCall = h.stripe.requestsTo({
      method: 'POST',
      path: `/v1/subscriptions/${subscriptionId}`,
    });
    expect(pauseCall.at(-1)!.rawBody).toContain('pause_collection[behavior]=void');
    await h.http
      .post(`/api/admin/subscribers/${id}/resume`)
      .set(admin())
      .send({ reason: 'back' })
      .expect(200);
    expect(await h.tierOf(id)).toBe('premium');

    const refund = await h.http
      .post(`/api/admin/subscribers/${id}/refund`)
      .set(admin())
      .send({ reason: 'goodwill' })
      .expect(200);
    expect(refund.body).toMatchObject({ amountCents: 29_700, status: 'succeeded' });
    expect(h.stripe.refunds.at(-1)).toMatchObject({ amount: 29_700 });
    const history = await h.http.get(`/api/admin/subscribers/${id}`).set(admin()).expect(200);
    expect(history.body.tierHistory.map((e: { actor: string }) => e.actor)).toEqual([
      'stripe:customer.subscription.created',
      'admin:ops.alice',
      'admin:ops.alice',
    ]);
    const [refundRow] = await h.sql(
      `SELECT actor, reason FROM billing_refund WHERE subscriber_id = $1`,
      [id],
    );
    expect(refundRow).toEqual({ actor: 'admin:ops.alice', reason: 'goodwill' });
  });

  it('figures equal what the fake Stripe objects say', async () => {
    await h.subscribe('trial1@example.com', 'premium', { status: 'trialing' });
    const { subscriptionId: pastDue } = await h.subscribe('late@example.com', 'basic');
    await h.stripe.deliver(...h.stripe.failPayment(pastDue));
    await h.http.post('/api/admin/billing/reconcile').set(admin()).expect(200);
    const res = await h.http.get('/api/admin/billing/figures?days=30').set(admin()).expect(200);

    const ours = new Set([
      'price_premium_monthly',
      'price_basic_monthly',
      'price_premium_annual',
      'price_basic_annual',
    ]);
    const stripeSubs = [...h.stripe.subscriptions.values()].filter((s) => ours.has(s.price.id));
    const mrr = Math.round(
      stripeSubs
        .filter((s) => s.status === 'active' || s.status === 'past_due')
        .reduce(
          (sum, s) =>
            sum +
            monthlyCents({
              unitAmountCents: s.price.unit_amount,
              quantity: s.quantity,
              interval: s.price.interval,
              intervalCount: s.price.interval_count,
            }),
          0,
        ),
    );
    expect(res.body.mrrCents).toBe(mrr);
    expect(res.body.arrCents).toBe(mrr * 12);
    expect(res.body.trials).toBe(stripeSubs.filter((s) => s.status === 'trialing').length);
    expect(res.body.pastDue).toBe(stripeSubs.filter((s) => s.status === 'past_due').length);
    const churned = res.body.series.reduce((n: number, d: { churned: number }) => n + d.churned, 0);
    expect(churned).toBe(stripeSubs.filter((s) => s.status === 'canceled').length);
    const failed = res.body.series.reduce(
      (n: number, d: { failedPayments: number }) => n + d.failedPayments,
      0,
    );
    expect(failed).toBe(h.stripe.events.filter((e) => e.type === 'invoice.payment_failed').length);
    expect(res.body.series).toHaveLength(30);
    const byTier = res.body.subscribersByTier;
    const [counts] = await h.sql(
      `SELECT count(*) FILTER (WHERE tier = 'premium') AS p, count(*) FILTER (WHERE tier = 'basic') AS b FROM subscriber`,
    );
    expect([byTier.premium, byTier.basic]).toEqual([Number(counts.p), Number(counts.b)]);
  });
});
