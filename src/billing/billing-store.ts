/** PostgreSQL access for billing: subscriptions, processed events, invoices, refunds, figures. */
import type { Tier } from '../vocabulary/tier.js';
import { first, msOf, rows, type Sql } from '../database/sql.js';
import type { SubscriptionState } from './stripe-objects.js';
import type { SubscriptionFacts, SubscriptionStatus } from './tier-policy.js';

export interface StoredSubscription extends SubscriptionState {
  subscriberId: string | null;
  pastDueSince: number | null;
  stateAt: number;
}

interface SubscriptionRow {
  id: string;
  subscriber_id: string | null;
  customer_id: string;
  status: SubscriptionStatus;
  price_id: string;
  unit_amount: number;
  currency: string;
  billing_interval: SubscriptionState['interval'];
  interval_count: number;
  quantity: number;
  cancel_at_period_end: boolean;
  current_period_end: Date | null;
  trial_end: Date | null;
  canceled_at: Date | null;
  ended_at: Date | null;
  past_due_since: Date | null;
  created_at: Date;
  state_at: Date;
}

function toStored(r: SubscriptionRow): StoredSubscription {
  return {
    id: r.id,
    customerId: r.customer_id,
    status: r.status,
    priceId: r.price_id,
    unitAmountCents: r.unit_amount,
    currency: r.currency,
    interval: r.billing_interval,
    intervalCount: r.interval_count,
    quantity: r.quantity,
    cancelAtPeriodEnd: r.cancel_at_period_end,
    currentPeriodEnd: msOf(r.current_period_end),
    trialEnd: msOf(r.trial_end),
    canceledAt: msOf(r.canceled_at),
    endedAt: msOf(r.ended_at),
    created: r.created_at.getTime(),
    subscriberId: r.subscriber_id,
    pastDueSince: msOf(r.past_due_since),
    stateAt: r.state_at.getTime(),
  };
}

const d = (ms: number | null) => (ms === null ? null : new Date(ms));

export class BillingStore {
  /** Records an event id; false when it was already processed (idempotency). */
  async recordEvent(
    sql: Sql,
    event: { id: string; type: string; created: number },
    outcome: string,
    nowMs: number,
  ): Promise<boolean> {
    const inserted = await rows<{ id: string }>(
      sql,
      `INSERT INTO stripe_event (id, type, created_at, processed_at, outcome) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [event.id, event.type, new Date(event.created * 1000), new Date(nowMs), outcome],
    );
    return inserted.length === 1;
  }

  async setEventOutcome(sql: Sql, eventId: string, outcome: string): Promise<void> {
    await sql.query(`UPDATE stripe_event SET outcome = $2 WHERE id = $1`, [eventId, outcome]);
  }

  async eventSeen(sql: Sql, eventId: string): Promise<boolean> {
    return (await first(sql, `SELECT 1 FROM stripe_event WHERE id = $1`, [eventId])) !== null;
  }

  async eventCount(sql: Sql): Promise<number> {
    const r = await first<{ n: string }>(sql, `SELECT count(*) AS n FROM stripe_event`);
    return Number(r?.n ?? 0);
  }

  async getSubscription(
    sql: Sql,
    id: string,
    forUpdate = false,
  ): Promise<StoredSubscription | null> {
    const r = await first<SubscriptionRow>(
      sql,
      `SELECT * FROM billing_subscription WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return r ? toStored(r) : null;
  }

  async subscriptionsOf(sql: Sql, subscriberId: string): Promise<StoredSubscription[]> {
    const list = await rows<SubscriptionRow>(
      sql,
      `SELECT * FROM billing_subscription WHERE subscriber_id = $1 ORDER BY created_at`,
      [subscriberId],
    );
    return list.map(toStored);
  }

  async allSubscriptionIds(sql: Sql): Promise<string[]> {
    const list = await rows<{ id: string }>(sql, `SELECT id FROM billing_subscription`);
    return list.map((r) => r.id);
  }

  async upsertSubscription(sql: Sql, s: StoredSubscription, nowMs: number): Promise<void> {
    await sql.query(
      `INSERT INTO billing_subscription (id, subscriber_id, customer_id, status, price_id, unit_amount, currency,
         billing_interval, interval_count, quantity, cancel_at_period_end, current_period_end, trial_end,
         canceled_at, ended_at, past_due_since, created_at, state_at, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19)
       ON CONFLICT (id) DO UPDATE SET subscriber_id = EXCLUDED.subscriber_id, customer_id = EXCLUDED.customer_id,
         status = EXCLUDED.status, price_id = EXCLUDED.price_id, unit_amount = EXCLUDED.unit_amount,
         currency = EXCLUDED.currency, billing_interval = EXCLUDED.billing_interval,
         interval_count = EXCLUDED.interval_count, quantity = EXCLUDED.quantity,
         cancel_at_period_end = EXCLUDED.cancel_at_period_end, current_period_end = EXCLUDED.current_period_end,
         trial_end = EXCLUDED.trial_end, canceled_at = EXCLUDED.canceled_at, ended_at = EXCLUDED.ended_at,
         past_due_since = EXCLUDED.past_due_since, state_at = EXCLUDED.state_at, updated_at = EXCLUDED.updated_at`,
      [
        s.id,
        s.subscriberId,
        s.customerId,
        s.status,
        s.priceId,
        s.unitAmountCents,
        s.currency,
        s.interval,
        s.intervalCount,
        s.quantity,
        s.cancelAtPeriodEnd,
        d(s.currentPeriodEnd),
        d(s.trialEnd),
        d(s.canceledAt),
        d(s.endedAt),
        d(s.pastDueSince),
        new Date(s.created),
        new Date(s.stateAt),
        new Date(nowMs),
      ],
    );
  }

  async markPastDueSince(sql: Sql, subscriptionId: string, sinceMs: number): Promise<void> {
    await sql.query(
      `UPDATE billing_subscription SET past_due_since = COALESCE(past_due_since, $2) WHERE id = $1`,
      [subscriptionId, new Date(sinceMs)],
    );
  }

  async recordInvoiceEvent(
    sql: Sql,
    e: {
      eventId: string;
      invoiceId: string;
      subscriptionId: string | null;
      subscriberId: string | null;
      kind: 'paid' | 'failed';
      amountCents: number;
      currency: string;
      paymentIntentId: string | null;
      at: number;
    },
  ): Promise<void> {
    await sql.query(
      `INSERT INTO billing_invoice_event (event_id, invoice_id, subscription_id, subscriber_id, kind, amount_cents,
         currency, payment_intent, at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
      [
        e.eventId,
        e.invoiceId,
        e.subscriptionId,
        e.subscriberId,
        e.kind,
        e.amountCents,
        e.currency,
        e.paymentIntentId,
        new Date(e.at),
      ],
    );
  }

  /** The latest paid invoice's payment intent of a subscriber (default refund target). */
  async latestPayment(
    sql: Sql,
    subscriberId: string,
  ): Promise<{ paymentIntentId: string; amountCents: number; currency: string } | null> {
    const r = await first<{ payment_intent: string; amount_cents: number; currency: string }>(
      sql,
      `SELECT payment_intent, amount_cents, currency FROM billing_invoice_event
       WHERE subscriber_id = $1 AND kind = 'paid' AND payment_intent IS NOT NULL ORDER BY at DESC, id DESC LIMIT 1`,
      [subscriberId],
    );
    return r
      ? { paymentIntentId: r.payment_intent, amountCents: r.amount_cents, currency: r.currency }
      : null;
  }

  async recordRefund(
    sql: Sql,
    r: {
      id: string;
      subscriberId: string;
      paymentIntentId: string;
      amountCents: number;
      currency: string;
      status: string;
      actor: string;
      reason: string;
      at: number;
    },
  ): Promise<void> {
    await sql.query(
      `INSERT INTO billing_refund (id, subscriber_id, payment_intent, amount_cents, currency, status, actor, reason, at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
      [
        r.id,
        r.subscriberId,
        r.paymentIntentId,
        r.amountCents,
        r.currency,
        r.status,
        r.actor,
        r.reason,
        new Date(r.at),
      ],
    );
  }

  async subscriberCountsByTier(sql: Sql): Promise<Record<Tier, number>> {
    const list = await rows<{ tier: Tier; n: string }>(
      sql,
      `SELECT tier, count(*) AS n FROM subscriber GROUP BY tier`,
    );
    const out: Record<Tier, number> = { premium: 0, basic: 0, free: 0 };
    for (const r of list) out[r.tier] = Number(r.n);
    return out;
  }

  async allSubscriptions(sql: Sql): Promise<StoredSubscription[]> {
    return (await rows<SubscriptionRow>(sql, `SELECT * FROM billing_subscription ORDER BY id`)).map(
      toStored,
    );
  }

  /** Per UTC day within [fromMs, toMs): failed payments and subscriptions that ended. */
  async dailySeries(
    sql: Sql,
    fromMs: number,
    toMs: number,
  ): Promise<{
    failed: Map<string, number>;
    churned: Map<string, number>;
    started: Map<string, number>;
  }> {
    const failed = await rows<{ day: string; n: string }>(
      sql,
      `SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*) AS n FROM billing_invoice_event
       WHERE kind = 'failed' AND at >= $1 AND at < $2 GROUP BY 1`,
      [new Date(fromMs), new Date(toMs)],
    );
    const churned = await rows<{ day: string; n: string }>(
      sql,
      `SELECT to_char(COALESCE(ended_at, canceled_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*) AS n
       FROM billing_subscription WHERE status = 'canceled' AND COALESCE(ended_at, canceled_at) >= $1
         AND COALESCE(ended_at, canceled_at) < $2 GROUP BY 1`,
      [new Date(fromMs), new Date(toMs)],
    );
    const started = await rows<{ day: string; n: string }>(
      sql,
      `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*) AS n FROM billing_subscription
       WHERE created_at >= $1 AND created_at < $2 GROUP BY 1`,
      [new Date(fromMs), new Date(toMs)],
    );
    const toMap = (list: { day: string; n: string }[]) =>
      new Map(list.map((r) => [r.day, Number(r.n)]));
    return { failed: toMap(failed), churned: toMap(churned), started: toMap(started) };
  }
}

export function toFacts(s: StoredSubscription): SubscriptionFacts {
  return {
    status: s.status,
    priceId: s.priceId,
    cancelAtPeriodEnd: s.cancelAtPeriodEnd,
    currentPeriodEnd: s.currentPeriodEnd,
    pastDueSince: s.pastDueSince,
  };
}
