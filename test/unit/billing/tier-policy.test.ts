import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import type { Tier } from '../../../src/vocabulary/tier.js';
import {
  resolveTier,
  SUBSCRIPTION_STATUSES,
  type SubscriptionFacts,
  type SubscriptionStatus,
  type TierPolicy,
} from '../../../src/billing/tier-policy.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 2, 2, 14, 30);
const policy: TierPolicy = {
  priceTiers: new Map<string, Tier>([
    ['price_premium_m', 'premium'],
    ['price_premium_y', 'premium'],
    ['price_basic_m', 'basic'],
  ]),
  graceDays: 3,
};

function sub(over: Partial<SubscriptionFacts> = {}): SubscriptionFacts {
  return {
    status: 'active',
    priceId: 'price_premium_m',
    cancelAtPeriodEnd: false,
    currentPeriodEnd: T0 + 20 * DAY,
    pastDueSince: null,
    ...over,
  };
}

describe('resolveTier: status × price', () => {
  const expected: Record<SubscriptionStatus, 'paid' | 'free'> = {
    active: 'paid',
    trialing: 'paid',
    past_due: 'paid', // inside the grace period (pastDueSince = now)
    canceled: 'free',
    unpaid: 'free',
    incomplete: 'free',
    incomplete_expired: 'free',
    paused: 'free',
  };
  const prices: [string, Tier][] = [
    ['price_premium_m', 'premium'],
    ['price_premium_y', 'premium'],
    ['price_basic_m', 'basic'],
    ['price_someone_elses', 'free'],
  ];
  const rows = SUBSCRIPTION_STATUSES.flatMap((status) =>
    prices.map(([priceId, priceTier]) => ({
      status,
      priceId,
      want: expected[status] === 'paid' ? priceTier : 'free',
    })),
  );
  it.each(rows)('$status on $priceId → $want', ({ status, priceId, want }) => {
    const clock = new FakeClock(T0);
    const d = resolveTier(
      {
        subscriptions: [sub({ status, priceId, pastDueSince: clock.now() })],
        comp: null,
        paused: false,
      },
      policy,
      clock.now(),
    );
    expect(d.tier).toBe(want);
  });
});

describe('resolveTier over time (FakeClock)', () => {
  const table: {
    name: string;
    facts: Partial<SubscriptionFacts>;
    comp?: { tier: Tier; until: number } | null;
    paused?: boolean;
    advance: number;
    tier: Tier;
    reason: string;
  }[] = [
    {
      name: 'past_due 1 day in keeps the tier',
      facts: { status: 'past_due', pastDueSince: T0 },
      advance: 1 * DAY,
      tier: 'premium',
      reason: 'past_due_grace',
    },
    {
      name: 'past_due one ms before the grace ends keeps the tier',
      facts: { status: 'past_due', pastDueSince: T0 },
      advance: 3 * DAY - 1,
      tier: 'premium',
      reason: 'past_due_grace',
    },
    {
      name: 'past_due exactly at the grace end drops to free',
      facts: { status: 'past_due', pastDueSince: T0 },
      advance: 3 * DAY,
      tier: 'free',
      reason: 'past_due_grace_over',
    },
    {
      name: 'basic past_due after grace is free, never nothing',
      facts: { status: 'past_due', priceId: 'price_basic_m', pastDueSince: T0 },
      advance: 10 * DAY,
      tier: 'free',
      reason: 'past_due_grace_over',
    },
    {
      name: 'cancel at period end keeps the tier until the period ends',
      facts: { cancelAtPeriodEnd: true, currentPeriodEnd: T0 + 5 * DAY },
      advance: 5 * DAY - 1,
      tier: 'premium',
      reason: 'canceling_at_period_end',
    },
    {
      name: 'cancel at period end: free once the period is over',
      facts: { cancelAtPeriodEnd: true, currentPeriodEnd: T0 + 5 * DAY },
      advance: 5 * DAY,
      tier: 'free',
      reason: 'period_ended',
    },
    {
      name: 'trialing with cancel at period end behaves the same',
      facts: { status: 'trialing', cancelAtPeriodEnd: true, currentPeriodEnd: T0 + DAY },
      advance: 2 * DAY,
      tier: 'free',
      reason: 'period_ended',
    },
    {
      name: 'comp premium over a canceled basic',
      facts: { status: 'canceled', priceId: 'price_basic_m' },
      comp: { tier: 'premium', until: T0 + 7 * DAY },
      advance: 6 * DAY,
      tier: 'premium',
      reason: 'comp',
    },
    {
      name: 'comp expired',
      facts: { status: 'canceled' },
      comp: { tier: 'premium', until: T0 + 7 * DAY },
      advance: 7 * DAY,
      tier: 'free',
      reason: 'canceled',
    },
    {
      name: 'comp basic does not lower an active premium',
      facts: {},
      comp: { tier: 'basic', until: T0 + 7 * DAY },
      advance: DAY,
      tier: 'premium',
      reason: 'active',
    },
    {
      name: 'paused beats an active subscription',
      facts: {},
      paused: true,
      advance: 0,
      tier: 'free',
      reason: 'paused',
    },
    {
      name: 'paused beats a comp',
      facts: { status: 'canceled' },
      comp: { tier: 'premium', until: T0 + 7 * DAY },
      paused: true,
      advance: 0,
      tier: 'free',
      reason: 'paused',
    },
  ];
  it.each(table)('$name', ({ facts, comp, paused, advance, tier, reason }) => {
    const clock = new FakeClock(T0);
    clock.advance(advance);
    const d = resolveTier(
      { subscriptions: [sub(facts)], comp: comp ?? null, paused: paused ?? false },
      policy,
      clock.now(),
    );
    expect({ tier: d.tier, reason: d.reason }).toEqual({ tier, reason });
  });

  it('reports when the decision changes by time alone', () => {
    const inGrace = resolveTier(
      { subscriptions: [sub({ status: 'past_due', pastDueSince: T0 })], comp: null, paused: false },
      policy,
      T0 + HOUR,
    );
    expect(inGrace.changesAt).toBe(T0 + 3 * DAY);
    const comped = resolveTier(
      { subscriptions: [], comp: { tier: 'basic', until: T0 + DAY }, paused: false },
      policy,
      T0,
    );
    expect(comped).toEqual({ tier: 'basic', reason: 'comp', changesAt: T0 + DAY });
  });

  it('takes the best of several subscriptions and ignores foreign prices', () => {
    const d = resolveTier(
      {
        subscriptions: [
          sub({ priceId: 'price_basic_m' }),
          sub({ priceId: 'price_someone_elses' }),
          sub({ status: 'canceled' }),
        ],
        comp: null,
        paused: false,
      },
      policy,
      T0,
    );
    expect(d.tier).toBe('basic');
    const none = resolveTier({ subscriptions: [], comp: null, paused: false }, policy, T0);
    expect(none).toEqual({ tier: 'free', reason: 'no_subscription', changesAt: null });
  });
});
