/**
 * One GammaDesk app (BillingModule + SubscribersModule) on a real PostgreSQL schema, with the
 * local fake Stripe, Discord and Telegram APIs, a FakeClock shared with the fake Stripe, and a
 * real SMTP server (smtp-server) whose messages are parsed with mailparser.
 */
import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { AdminModule } from '../../../src/admin/admin.module.js';
import { BillingModule } from '../../../src/billing/billing.module.js';
import { FakeClock } from '../../../src/common/clock.js';
import { loadConfig } from '../../../src/config/config.js';
import type { AppConfig } from '../../../src/config/schema.js';
import { CoreModule } from '../../../src/core/core.module.js';
import { SubscriberService } from '../../../src/subscribers/subscriber-service.js';
import { openTestDatabase } from '../../support/database.js';
import { FakeDiscordApi } from '../../../src/sandbox/platforms/discord.js';
import { FakeStripeServer } from '../../../src/sandbox/platforms/stripe/fake-stripe-server.js';
import { FakeTelegramApi } from '../../../src/sandbox/platforms/telegram.js';

export const ADMIN_TOKEN = 'admin-token-0123456789abcdef';
export const GUILD = '900000000000000001';
export const ROLE_PREMIUM = '900000000000000010';
export const ROLE_BASIC = '900000000000000011';
export const TG_PREMIUM = '-1001000000001';
export const TG_BASIC = '-1001000000002';
export const TG_TOKEN = '777:fake-telegram-token';
export const TG_SECRET = 'telegram-webhook-secret-123';
export const DAY = 86_400_000;

@Module({})
class TestRoot {
  static forRoot(deps: Parameters<typeof CoreModule.forRoot>[0]): DynamicModule {
    return {
      module: TestRoot,
      imports: [
        CoreModule.forRoot(deps),
        BillingModule,
        AdminModule.forRoot({ billing: BillingModule }),
      ],
    };
  }
}

export interface Harness {
  app: INestApplication;
  http: ReturnType<typeof request>;
  clock: FakeClock;
  config: AppConfig;
  stripe: FakeStripeServer;
  discord: FakeDiscordApi;
  telegram: FakeTelegramApi;
  mails: ParsedMail[];
  sql: (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;
  /** A subscriber with a verified email (sign-up + confirm through the HTTP API). */
  verifiedSubscriber(email: string): Promise<{ id: string; manageToken: string }>;
  /** Checkout through the API, paid on the fake, webhooks delivered. */
  subscribe(
    email: string,
    plan: 'premium' | 'basic',
    options?: { deliver?: boolean; status?: 'active' | 'trialing' },
  ): Promise<{ id: string; subscriptionId: string; manageToken: string }>;
  tierOf(id: string): Promise<string>;
  waitForMail(count: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

export async function startHarness(
  env: Record<string, string> = {},
  /** When given, every log line the app writes is collected here. */
  logs?: string[],
): Promise<Harness> {
  const clock = new FakeClock(Date.UTC(2026, 2, 2, 14, 30));
  const stripe = await FakeStripeServer.start({ clock });
  const discord = await FakeDiscordApi.start({ botToken: 'discord-bot-token' });
  const telegram = await FakeTelegramApi.start({ token: TG_TOKEN });
  const mails: ParsedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((m) => {
          mails.push(m);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const ctx = await openTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    ADMIN_API_TOKEN: ADMIN_TOKEN,
    STRIPE_SECRET_KEY: stripe.apiKey,
    STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
    STRIPE_API_HOST: '127.0.0.1',
    STRIPE_API_PORT: String(stripe.port),
    STRIPE_API_PROTOCOL: 'http',
    STRIPE_MAX_RETRIES: '0',
    BILLING_RECONCILE_INTERVAL_MS: '0',
    BILLING_TIER_SWEEP_INTERVAL_MS: '0',
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    SUBSCRIBER_TOKEN_SECRET: 'test-subscriber-token-secret',
    PUBLIC_BASE_URL: 'http://gammadesk.test',
    TELEGRAM_BOT_TOKEN: TG_TOKEN,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    TELEGRAM_CHAT_PREMIUM: TG_PREMIUM,
    TELEGRAM_CHAT_BASIC: TG_BASIC,
    TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
    DISCORD_API_BASE: discord.apiBase,
    DISCORD_BOT_TOKEN: 'discord-bot-token',
    DISCORD_GUILD_ID: GUILD,
    DISCORD_ROLE_PREMIUM: ROLE_PREMIUM,
    DISCORD_ROLE_BASIC: ROLE_BASIC,
    ...env,
  });
  const app = await NestFactory.create(
    TestRoot.forRoot({ config, clock, database: ctx.db, redis: null }),
    {
      rawBody: true,
      logger: logs
        ? {
            log: (m: unknown) => logs.push(String(m)),
            error: (m: unknown) => logs.push(String(m)),
            warn: (m: unknown) => logs.push(String(m)),
            debug: (m: unknown) => logs.push(String(m)),
            verbose: (m: unknown) => logs.push(String(m)),
          }
        : false,
    },
  );
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  stripe.webhookUrl = `${url.replace('[::1]', '127.0.0.1')}/billing/webhook`;
  const http = request(app.getHttpServer());
  const subscribers = app.get(SubscriberService);
  const sql = async (text: string, params: unknown[] = []) =>
    (await ctx.db.dataSource.query(text, params)) as Record<string, unknown>[];

  const h: Harness = {
    app,
    http,
    clock,
    config,
    stripe,
    discord,
    telegram,
    mails,
    sql,
    async verifiedSubscriber(email) {
      const before = mails.length;
      await http.post('/subscribers').send({ email }).expect(202);
      const [mail] = (await h.waitForMail(before + 1)).slice(before);
      const token = /token=([A-Za-z0-9_-]+)/.exec(mail.text ?? '')![1];
      const res = await http.post(`/subscribers/confirm?token=${token}`).expect(200);
      return { id: res.body.subscriberId as string, manageToken: res.body.manageToken as string };
    },
    async subscribe(email, plan, options = {}) {
      const { id, manageToken } = await h.verifiedSubscriber(email);
      const res = await http
        .post('/billing/checkout')
        .set('authorization', `Bearer ${manageToken}`)
        .send({ plan })
        .expect(201);
      const { subscription, events } = stripe.completeCheckout(checkoutSessionId(res.body), {
        status: options.status,
      });
      if (options.deliver ?? true) {
        const statuses = await stripe.deliver(...events);
        if (statuses.some((s) => s !== 200))
          throw new Error(`webhooks answered ${statuses.join(',')}`);
      }
      return { id, subscriptionId: subscription.id, manageToken };
    },
    async tierOf(id) {
      const rows = await sql(`SELECT tier FROM subscriber WHERE id = $1`, [id]);
      return String(rows[0]?.tier);
    },
    async waitForMail(count) {
      for (let i = 0; i < 200 && mails.length < count; i++) {
        await new Promise((r) => setTimeout(r, 25));
      }
      if (mails.length < count) throw new Error(`expected ${count} mails, got ${mails.length}`);
      return mails;
    },
    async close() {
      await app.close();
      await ctx.drop();
      await stripe.close();
      await discord.close();
      await telegram.close();
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    },
  };
  void subscribers;
  return h;
}

/** The Checkout Session id in the page URL checkout answers with (`…/c/pay/<id>`). */
export function checkoutSessionId(body: { url?: unknown }): string {
  const id = /\/pay\/([A-Za-z0-9_]+)/.exec(String(body.url))?.[1];
  if (!id) throw new Error(`no session id in checkout URL ${String(body.url)}`);
  return id;
}
