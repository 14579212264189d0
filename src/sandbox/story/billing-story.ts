/**
 * The scripted billing demo: a subscriber checks out against the local fake Stripe and becomes
 * Premium, a failed invoice starts the grace period, cancellation moves them to Free — each
 * step reflected in Discord roles and Telegram groups on local fake platforms (in-process).
 *
 *   const fakes = await startBillingDemoFakes(clock);        // before the app is created
 *   const config = loadConfig({ ...process.env, ...fakes.env });
 *   const app = await startApp(config, { clock });            // the app uses the fakes
 *   const report = await runBillingDemo(app.app);             // steps with tier, roles, groups
 *   await fakes.close();
 */
import type { INestApplicationContext } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../common/clock.js';
import type { Tier } from '../../vocabulary/tier.js';
import { APP_CONFIG, CLOCK } from '../../core/tokens.js';
import type { BillingServices } from '../../billing/billing.composition.js';
import { BILLING_SERVICES } from '../../billing/billing.tokens.js';
import type { SubscriberServices } from '../../subscribers/subscribers.composition.js';
import type { AppConfig } from '../../config/schema.js';
import { FakeDiscordApi } from '../platforms/discord.js';
import { FakeTelegramApi } from '../platforms/telegram.js';
import { SUBSCRIBER_SERVICES } from '../../subscribers/subscribers.tokens.js';
import type { SignedTokens } from '../../subscribers/signed-tokens.js';
import { FakeStripeServer, type FakeEvent } from '../platforms/stripe/fake-stripe-server.js';

const DEMO = {
  guild: '910000000000000001',
  rolePremium: '910000000000000010',
  roleBasic: '910000000000000011',
  chatPremium: '-1009100000001',
  chatBasic: '-1009100000002',
  botToken: 'demo-discord-bot-token',
  telegramToken: '910000:demo-telegram-token',
  discordUser: '920000000000000001',
  telegramUser: 930001,
};

export interface BillingDemoFakes {
  stripe: FakeStripeServer;
  discord: FakeDiscordApi;
  telegram: FakeTelegramApi;
  /** Config overrides pointing the app at the fakes. */
  env: Record<string, string>;
  close(): Promise<void>;
}

let activeFakes: BillingDemoFakes | null = null;

/** Starts fake Stripe, Discord and Telegram APIs on free local ports, sharing the app's clock. */
export async function startBillingDemoFakes(clock: Clock): Promise<BillingDemoFakes> {
  const stripe = await FakeStripeServer.start({ clock });
  const discord = await FakeDiscordApi.start({ botToken: DEMO.botToken, clock });
  const telegram = await FakeTelegramApi.start({ token: DEMO.telegramToken, clock });
  const fakes: BillingDemoFakes = {
    stripe,
    discord,
    telegram,
    env: {
      STRIPE_SECRET_KEY: stripe.apiKey,
      STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PORT: String(stripe.port),
      STRIPE_API_PROTOCOL: 'http',
      DISCORD_API_BASE: discord.apiBase,
      DISCORD_BOT_TOKEN: DEMO.botToken,
      DISCORD_GUILD_ID: DEMO.guild,
      DISCORD_ROLE_PREMIUM: DEMO.rolePremium,
      DISCORD_ROLE_BASIC: DEMO.roleBasic,
      TELEGRAM_BOT_TOKEN: DEMO.telegramToken,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      TELEGRAM_CHAT_PREMIUM: DEMO.chatPremium,
      TELEGRAM_CHAT_BASIC: DEMO.chatBasic,
    },
    async close() {
      await Promise.all([stripe.close(), discord.close(), telegram.close()]);
      if (activeFakes === fakes) activeFakes = null;
    },
  };
  activeFakes = fakes;
  return fakes;
}

export interface BillingDemoStep {
  step: string;
  tier: Tier;
  tierReason: string;
  discordRoles: string[];
  telegram: { premiumGroup: string; basicGroup: string };
  note: string;
}

export interface BillingDemoReport {
  subscriberId: string;
  steps: BillingDemoStep[];
  webhooksDelivered: number;
}

/** What the billing story drives: the app's subscriber and billing services. */
export interface BillingStoryDeps {
  config: AppConfig;
  clock: Clock;
  subscribers: Pick<SubscriberServices, 'subscribers' | 'tokens'>;
  billing: Pick<BillingServices, 'billing' | 'gateway' | 'webhooks'>;
  /** The app's own URL when it serves HTTP: webhooks then arrive over HTTP, as from Stripe. */
  url: string | null;
}

/** The story's services from a running app (the same sets its modules built). */
export function billingStoryDepsFrom(app: INestApplicationContext): BillingStoryDeps {
  return {
    config: app.get<AppConfig>(APP_CONFIG),
    clock: app.get<Clock>(CLOCK),
    subscribers: app.get<SubscriberServices>(SUBSCRIBER_SERVICES),
    billing: app.get<BillingServices>(BILLING_SERVICES),
    url: listeningUrl(app),
  };
}

export async function runBillingDemo(
  app: INestApplicationContext,
  fakes: BillingDemoFakes | null = activeFakes,
): Promise<BillingDemoReport> {
  return runBillingStory(billingStoryDepsFrom(app), fakes);
}

export async function runBillingStory(
  deps: BillingStoryDeps,
  fakes: BillingDemoFakes | null = activeFakes,
): Promise<BillingDemoReport> {
  if (!fakes) throw new Error('start the demo fakes first: startBillingDemoFakes(clock)');
  const { config, clock, url } = deps;
  if (config.STRIPE_API_PORT !== fakes.stripe.port || config.STRIPE_API_HOST !== '127.0.0.1') {
    throw new Error('the app is not configured for the demo fakes: load its config with fakes.env');
  }
  const { subscribers, tokens } = deps.subscribers;
  const { billing, gateway, webhooks } = deps.billing;
  const { stripe, discord, telegram } = fakes;

  let delivered = 0;
  const deliver = async (events: FakeEvent[]) => {
    for (const event of events) {
      if (url) {
        stripe.webhookUrl = `${url}/billing/webhook`;
        const [status] = await stripe.deliver(event);
        if (status !== 200) throw new Error(`webhook ${event.type} answered ${status}`);
      } else {
        // No HTTP in this role: verify the same signature in-process.
        const payload = JSON.stringify(event);
        const verified = gateway.verifyWebhook(
          Buffer.from(payload),
          stripe.signatureFor(payload),
          clock.now(),
        );
        await webhooks.process(verified);
      }
      delivered++;
    }
  };

  // 1. A reader signs up, confirms, links Discord and Telegram.
  const email = `demo-${Math.floor(clock.now() / 1000)}@gammadesk.local`;
  await subscribers.signUp({ email });
  const { subscriberId } = (await checkoutSubscriber(subscribers, tokens, email, clock))!;
  discord.addMember(DEMO.guild, DEMO.discordUser);
  await subscribers.linkDiscord(subscribers.discordLinkToken(subscriberId), DEMO.discordUser);
  const deepLink = subscribers.telegramDeepLink(subscriberId);
  await subscribers.linkTelegram(deepLink.split('start=')[1], {
    chatId: String(DEMO.telegramUser),
    userId: String(DEMO.telegramUser),
  });
  const steps: BillingDemoStep[] = [];
  const snapshot = async (step: string, note: string) => {
    const profile = await subscribers.profile(subscriberId);
    steps.push({
      step,
      tier: profile?.tier ?? 'free',
      tierReason: profile?.tierReason ?? '',
      discordRoles: (discord.rolesOf(DEMO.guild, DEMO.discordUser) ?? []).map((r) =>
        r === DEMO.rolePremium ? 'premium' : r === DEMO.roleBasic ? 'basic' : r,
      ),
      telegram: {
        premiumGroup: telegram.memberStatus(DEMO.chatPremium, DEMO.telegramUser),
        basicGroup: telegram.memberStatus(DEMO.chatBasic, DEMO.telegramUser),
      },
      note,
    });
  };
  await snapshot('signed up', 'free reader with Discord and Telegram linked');

  // 2. Checkout on the (fake) Stripe page → Premium; the reader opens the single-use invite.
  const session = await billing.checkout({
    subscriberId,
    email: null,
    plan: 'premium',
    interval: 'month',
  });
  const { subscription, events } = stripe.completeCheckout(session.sessionId);
  await deliver(events);
  const invite = telegram.inviteLinks.filter((l) => l.chatId === DEMO.chatPremium).at(-1);
  if (invite) telegram.joinWithInvite(invite.invite_link, DEMO.telegramUser);
  await snapshot('checkout completed', `Stripe checkout ${session.sessionId} paid`);

  // 3. The renewal charge fails → past_due, the grace period keeps Premium.
  await deliver(stripe.failPayment(subscription.id));
  await snapshot('payment failed', `grace period of ${config.BILLING_GRACE_DAYS} days started`);

  // 4. The subscription is canceled → Free; the role and the group go.
  await deliver([stripe.cancelSubscription(subscription.id)]);
  await snapshot('canceled', 'moved to Free; removed from the Premium role and group');

  return { subscriberId, steps, webhooksDelivered: delivered };
}

async function checkoutSubscriber(
  subscribers: SubscriberServices['subscribers'],
  tokens: SignedTokens,
  email: string,
  clock: Clock,
): Promise<{ subscriberId: string } | null> {
  const exported = await subscribers.findIdByEmail(email);
  if (!exported) return null;
  // The demo confirms on the reader's behalf with the same signed token the email carries.
  const confirmed = await subscribers.confirm(
    tokens.issue('confirm', exported, clock.now() + 3_600_000),
  );
  return confirmed?.status === 'confirmed' ? { subscriberId: confirmed.subscriberId } : null;
}

function listeningUrl(app: INestApplicationContext): string | null {
  const withHttp = app as { getHttpServer?: () => unknown };
  if (typeof withHttp.getHttpServer !== 'function') return null;
  const server = withHttp.getHttpServer() as {
    listening?: boolean;
    address?: () => AddressInfo | string | null;
  };
  if (!server.listening || !server.address) return null;
  const address = server.address();
  return address && typeof address === 'object' ? `http://127.0.0.1:${address.port}` : null;
}
