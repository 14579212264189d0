/**
 * Demo people: a few dozen subscribers across the three tiers and the channels, made the way
 * real ones are — sign-up and confirmation, Telegram and Discord linked on the local fakes,
 * Premium and Basic through Checkout on the fake Stripe (monthly and annual, some on trial, two
 * with a failed renewal, a few canceled) — so the portal's subscriber and billing pages show
 * real figures. Names and handles are invented; addresses are on example.com.
 *
 *   const fakes = await startBillingDemoFakes(clock);   // before the app
 *   const summary = await seedDemoPeople(billingStoryDepsFrom(app.app), fakes);
 */
import type { INestApplicationContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../../core/tokens.js';
import type { Sql } from '../../database/sql.js';
import { SubscriberDirectory } from '../../admin/pages/subscribers/subscriber-directory.js';
import type { Tier } from '../../vocabulary/tier.js';
import {
  billingStoryDepsFrom,
  type BillingDemoFakes,
  type BillingStoryDeps,
} from './billing-story.js';
import type { FakeEvent } from '../platforms/stripe/fake-stripe-server.js';

const FIRST = [
  'Ada',
  'Ben',
  'Cleo',
  'Dev',
  'Elena',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jonah',
  'Kira',
  'Luis',
];
const LAST = ['Moreau', 'Okafor', 'Lindqvist'];

/** What each person gets, by position: plan, interval and how their billing went. */
type Plan =
  | { tier: 'free' }
  | {
      tier: 'premium' | 'basic';
      interval: 'month' | 'year';
      then?: 'trial' | 'failed' | 'canceled';
    };

function planOf(i: number): Plan {
  const pattern: Plan[] = [
    { tier: 'premium', interval: 'month' },
    { tier: 'basic', interval: 'month' },
    { tier: 'free' },
    { tier: 'basic', interval: 'year' },
    { tier: 'premium', interval: 'month', then: i % 12 === 4 ? 'failed' : 'trial' },
    { tier: 'free' },
    { tier: 'basic', interval: 'month', then: i % 12 === 6 ? 'canceled' : undefined },
    { tier: 'premium', interval: 'year' },
    { tier: 'free' },
    { tier: 'basic', interval: 'month', then: i % 12 === 9 ? 'failed' : 'trial' },
    { tier: 'premium', interval: 'month', then: 'canceled' },
    { tier: 'free' },
  ];
  return pattern[i % pattern.length];
}

export interface DemoPerson {
  name: string;
  email: string;
  telegram: string;
  discord: string;
}

export function demoPeople(count = 36): DemoPerson[] {
  return Array.from({ length: count }, (_, i) => {
    const first = FIRST[i % FIRST.length];
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length];
    const handle = `${first}${last}`.toLowerCase();
    return {
      name: `${first} ${last}`,
      email: `${first}.${last}@example.com`.toLowerCase(),
      telegram: `${handle}_tg`,
      discord: handle,
    };
  });
}

export interface DemoPeopleSummary {
  people: number;
  byTier: Record<Tier, number>;
  webhooks: number;
}

const DISCORD_BASE = 940_000_000_000_000_000n;
const TELEGRAM_BASE = 950_000;

export async function seedDemoPeople(
  deps: BillingStoryDeps & { sql: Sql },
  fakes: BillingDemoFakes,
  count = 36,
): Promise<DemoPeopleSummary> {
  const { subscribers, tokens } = deps.subscribers;
  const { billing, gateway, webhooks } = deps.billing;
  const directory = new SubscriberDirectory(deps.sql);
  const guild = deps.config.DISCORD_GUILD_ID;
  let delivered = 0;
  const deliver = async (events: FakeEvent[]) => {
    for (const event of events) {
      const payload = JSON.stringify(event);
      const verified = gateway.verifyWebhook(
        Buffer.from(payload),
        fakes.stripe.signatureFor(payload),
        deps.clock.now(),
      );
      await webhooks.process(verified);
      delivered++;
    }
  };
  const byTier: Record<Tier, number> = { premium: 0, basic: 0, free: 0 };
  const people = demoPeople(count);
  for (const [i, person] of people.entries()) {
    await subscribers.signUp({ email: person.email });
    const id = await subscribers.findIdByEmail(person.email);
    if (!id) continue;
    await subscribers.confirm(tokens.issue('confirm', id, deps.clock.now() + 3_600_000));
    const telegram = i % 3 !== 2;
    const discord = i % 4 !== 3 && guild !== undefined;
    await directory.setHandles(id, {
      name: person.name,
      telegramUsername: telegram ? person.telegram : null,
      discordUsername: discord ? person.discord : null,
    });
    if (telegram) {
      const chatId = String(TELEGRAM_BASE + i);
      const link = subscribers.telegramDeepLink(id).split('start=')[1];
      await subscribers.linkTelegram(link, { chatId, userId: chatId });
    }
    if (discord && guild) {
      const userId = String(DISCORD_BASE + BigInt(i));
      fakes.discord.addMember(guild, userId);
      await subscribers.linkDiscord(subscribers.discordLinkToken(id), userId);
    }
    const plan = planOf(i);
    if (plan.tier !== 'free') {
      const annual =
        plan.tier === 'premium'
          ? deps.config.STRIPE_PRICE_PREMIUM_ANNUAL
          : deps.config.STRIPE_PRICE_BASIC_ANNUAL;
      const session = await billing.checkout({
        subscriberId: id,
        email: null,
        plan: plan.tier,
        // Annual where an annual price is configured (the demo's fake Stripe has both).
        interval: plan.interval === 'year' && annual ? 'year' : 'month',
      });
      const { subscription, events } = fakes.stripe.completeCheckout(session.sessionId, {
        status: plan.then === 'trial' ? 'trialing' : 'active',
      });
      await deliver(events);
      if (plan.then === 'failed') await deliver(fakes.stripe.failPayment(subscription.id));
      if (plan.then === 'canceled')
        await deliver([fakes.stripe.cancelSubscription(subscription.id)]);
    }
    const profile = await subscribers.profile(id);
    byTier[profile?.tier ?? 'free']++;
  }
  return { people: people.length, byTier, webhooks: delivered };
}

/** Seeds the demo people into a running app (the fakes started with startBillingDemoFakes). */
export function seedDemoPeopleIn(
  app: INestApplicationContext,
  fakes: BillingDemoFakes,
  count?: number,
): Promise<DemoPeopleSummary> {
  return seedDemoPeople(
    { ...billingStoryDepsFrom(app), sql: app.get<DataSource>(DATA_SOURCE) },
    fakes,
    count,
  );
}
