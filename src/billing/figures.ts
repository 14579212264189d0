/**
 * Business figures from our own records: MRR/ARR (integer cents), subscribers by tier,
 * trials, and per-day churn, new subscriptions and failed payments.
 */
import type { Tier } from '../vocabulary/tier.js';
import type { StoredSubscription } from './billing-store.js';

export interface BillingFigures {
  asOf: string;
  currency: string;
  mrrCents: number;
  arrCents: number;
  payingSubscriptions: number;
  trials: number;
  pastDue: number;
  subscribersByTier: Record<Tier, number>;
  series: { day: string; newSubscriptions: number; churned: number; failedPayments: number }[];
}

/** Monthly value of one subscription in cents (unrounded). */
export function monthlyCents(s: {
  unitAmountCents: number;
  quantity: number;
  interval: 'day' | 'week' | 'month' | 'year';
  intervalCount: number;
}): number {
  const perInterval = s.unitAmountCents * s.quantity;
  const monthsPerInterval =
    { day: 12 / 365, week: 12 / 52, month: 1, year: 12 }[s.interval] * s.intervalCount;
  return perInterval / monthsPerInterval;
}

/**
 * MRR counts subscriptions that are being paid for: active and past_due (still collecting),
 * not trialing (no money yet) and not paused or canceled. Only our prices count.
 */
export function mrrCents(
  subs: StoredSubscription[],
  isOurPrice: (priceId: string) => boolean,
): number {
  const total = subs
    .filter((s) => isOurPrice(s.priceId) && (s.status === 'active' || s.status === 'past_due'))
    .reduce((sum, s) => sum + monthlyCents(s), 0);
  return Math.round(total);
}

export function utcDays(fromMs: number, days: number): string[] {
  return Array.from({ length: days }, (_, i) =>
    new Date(fromMs + i * 86_400_000).toISOString().slice(0, 10),
  );
}

/**
 * MRR at an instant, from the subscriptions' own dates: those started by then, not yet ended
 * or canceled, and past any trial (the status history between is not kept, so a subscription
 * that was paused or past due at that instant counts as paying).
 */
export function mrrCentsAt(
  subs: StoredSubscription[],
  atMs: number,
  isOurPrice: (priceId: string) => boolean,
): number {
  const total = subs
    .filter(
      (s) =>
        isOurPrice(s.priceId) &&
        s.created <= atMs &&
        (s.endedAt ?? s.canceledAt ?? Infinity) > atMs &&
        (s.trialEnd === null || s.trialEnd <= atMs) &&
        s.status !== 'incomplete' &&
        s.status !== 'incomplete_expired',
    )
    .reduce((sum, s) => sum + monthlyCents(s), 0);
  return Math.round(total);
}
