/**
 * Stripe decides tiers: a subscription Stripe answers 404 for is never applied from an event's
 * copy, and reconciliation removes a paid tier that nothing at Stripe grants.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startHarness, type Harness } from '../billing/harness.js';

describe('subscriptions Stripe does not know', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'x-admin-actor': 'ops.test' };

  it('an event for a subscription Stripe answers 404 for changes no tier', async () => {
    const { id, subscriptionId } = await h.subscribe('ghost@example.com', 'premium', {
      deliver: false,
    });
    const events = h.stripe.events.filter((e) => JSON.stringify(e).includes(subscriptionId));
    expect(events.length).toBeGreaterThan(0);
    h.stripe.subscriptions.delete(subscriptionId); // Stripe no longer knows it
    const statuses = await h.stripe.deliver(...events);
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(await h.tierOf(id)).toBe('free');
  });

  it('reconciliation ends a stored subscription Stripe does not know, and its tier', async () => {
    const { id, subscriptionId } = await h.subscribe('vanished@example.com', 'premium');
    expect(await h.tierOf(id)).toBe('premium');
    h.stripe.subscriptions.delete(subscriptionId);
    await h.http.post('/api/admin/billing/reconcile').set(admin).expect(200);
    expect(await h.tierOf(id)).toBe('free');
  });

  it('reconciliation removes a paid tier that nothing grants', async () => {
    const { id } = await h.verifiedSubscriber('forged-tier@example.com');
    await h.sql(`UPDATE subscriber SET tier = 'premium' WHERE id = $1`, [id]);
    const res = await h.http.post('/api/admin/billing/reconcile').set(admin).expect(200);
    expect(await h.tierOf(id)).toBe('free');
    expect(res.body.repairs).toEqual(
      expect.arrayContaining([{ subscriberId: id, from: 'premium', to: 'free' }]),
    );
  });
});
