/**
 * Tier = f(subscription state, comp, pause, time). Pure: no framework, no I/O, time passed in.
 * This is the one place that decides which tier a payment situation is worth.
 */
import { TIER_RANK, type Tier } from '../vocabulary/tier.js';

/** Stripe subscription statuses (https://docs.stripe.com/api/subscriptions/object#subscription_object-status). */
export const SUBSCRIPTION_STATUSES = [
  'incomplete',
  'incomplete_expired',
  'trialing',
  'active',
  'past_due',
  'canceled',
  'unpaid',
  'paused',
] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export interface SubscriptionFacts {
  status: SubscriptionStatus;
  priceId: string;
  cancelAtPeriodEnd: boolean;
  /** ms since epoch; null when unknown. */
  currentPeriodEnd: number | null;
  /** When the subscription went past_due (ms); null when not past_due or unknown. */
  pastDueSince: number | null;
}

export interface TierInputs {
  /** Every subscription of the subscriber (a customer may hold more than one). */
  subscriptions: SubscriptionFacts[];
  /** A tier granted free of charge until a time (admin comp or free days). */
  comp: { tier: Tier; until: number } | null;
  /** Paused by an admin: no paid access until resumed. */
  paused: boolean;
}

export interface TierPolicy {
  /** Our configured prices → the tier each buys. Any other price counts for nothing. */
  priceTiers: ReadonlyMap<string, Tier>;
  graceDays: number;
}

export interface TierDecision {
  tier: Tier;
  /** Short machine-readable reason, e.g. 'active', 'past_due_grace', 'comp', 'paused'. */
  reason: string;
  /** When this decision changes by time alone (grace end, comp end, period end); null = never. */
  changesAt: number | null;
}

const DAY_MS = 86_400_000;

export function resolveTier(inputs: TierInputs, policy: TierPolicy, now: number): TierDecision {
  if (inputs.paused) return { tier: 'free', reason: 'paused', changesAt: null };

  let best: TierDecision | null = null;
  for (const sub of inputs.subscriptions) {
    const d = subscriptionTier(sub, policy, now);
    best = best ? higher(best, d) : d;
  }
  best ??= { tier: 'free', reason: 'no_subscription', changesAt: null };
  if (
    inputs.comp &&
    now < inputs.comp.until &&
    TIER_RANK[inputs.comp.tier] > TIER_RANK[best.tier]
  ) {
    // The paid tier takes over (or free) when the comp ends.
    return { tier: inputs.comp.tier, reason: 'comp', changesAt: inputs.comp.until };
  }
  if (inputs.comp && now < inputs.comp.until && best.changesAt !== null) {
    // A comp at or below the paid tier still catches the fall when the paid tier lapses.
    best = { ...best, changesAt: Math.min(best.changesAt, inputs.comp.until) };
  }
  return best;
}

export function subscriptionTier(
  sub: SubscriptionFacts,
  policy: TierPolicy,
  now: number,
): TierDecision {
  const priceTier = policy.priceTiers.get(sub.priceId);
  if (!priceTier) return { tier: 'free', reason: 'foreign_price', changesAt: null };
  switch (sub.status) {
    case 'active':
    case 'trialing': {
      if (sub.cancelAtPeriodEnd && sub.currentPeriodEnd !== null) {
        return sub.currentPeriodEnd > now
          ? { tier: priceTier, reason: 'canceling_at_period_end', changesAt: sub.currentPeriodEnd }
          : { tier: 'free', reason: 'period_ended', changesAt: null };
      }
      return { tier: priceTier, reason: sub.status, changesAt: null };
    }
    case 'past_due': {
      const since = sub.pastDueSince ?? now;
      const graceEnd = since + policy.graceDays * DAY_MS;
      return graceEnd > now
        ? { tier: priceTier, reason: 'past_due_grace', changesAt: graceEnd }
        : { tier: 'free', reason: 'past_due_grace_over', changesAt: null };
    }
    case 'canceled':
    case 'unpaid':
    case 'incomplete':
    case 'incomplete_expired':
    case 'paused':
      return { tier: 'free', reason: sub.status, changesAt: null };
  }
}

function higher(a: TierDecision, b: TierDecision): TierDecision {
  if (TIER_RANK[b.tier] !== TIER_RANK[a.tier]) return TIER_RANK[b.tier] > TIER_RANK[a.tier] ? b : a;
  // Same tier: the one that lasts longer describes the situation better.
  if (a.changesAt === null) return a;
  if (b.changesAt === null) return b;
  return b.changesAt > a.changesAt ? b : a;
}
