/**
 * The subscriber pages in a real browser against the running app (real PostgreSQL, the local fake
 * Stripe and its hosted Checkout, a real SMTP server read with mailparser): pricing → checkout →
 * success → magic-link sign-in → account; a preference change honoured by every channel's rule;
 * API key create/use/revoke; the signal page at the subscriber's tier; the portal's way back;
 * unsubscribe landing; Free sign-up and account deletion. Screenshots (desktop and 390 px) go to
 * /tmp/shots/E.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import type { ParsedMail } from 'mailparser';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/bootstrap.js';
import { FakeClock } from '../../src/common/clock.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { FakeStripeServer } from '../../src/sandbox/platforms/stripe/fake-stripe-server.js';
import { preferencesAllow } from '../../src/subscribers/preferences.js';
import {
  RECIPIENT_DIRECTORY,
  type RecipientDirectory,
} from '../../src/subscribers/recipient-directory.js';
import { SubscriberService } from '../../src/subscribers/subscriber-service.js';
import { launchBrowser } from '../support/browser.js';
import { openTestDatabase } from '../support/database.js';
import { insertEngineSignals } from '../support/record-tables.js';
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox.js';

const SHOTS = process.env.SHOTS_DIR ?? '/tmp/shots/E';
const NEWCOMER = 'newcomer@example.com';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('subscriber pages in a real browser', () => {
  // After the record day's signals and every tier's delay (T0 = 15:00 UTC).
  const clock = new FakeClock(Date.UTC(2026, 2, 2, 17, 0));
  let inbox: SmtpInbox;
  let mails: ParsedMail[] = [];
  let stripe: FakeStripeServer;
  let running: RunningApp;
  let drop: () => Promise<void>;
  let browser: Browser;
  let desktop: BrowserContext;
  let page: Page;
  let base: string;

  const mailTo = (to: string, subject: RegExp, after = 0) => inbox.waitFor(to, subject, after);
  const linkIn = (mail: ParsedMail): string => /(https?:\/\/\S+)/.exec(mail.text ?? '')![1];
  const shoot = async (p: Page, name: string) => {
    await p.screenshot({ path: `${SHOTS}/${name}-desktop.png`, fullPage: true });
    const width = p.viewportSize()!;
    await p.setViewportSize({ width: 390, height: 844 });
    await p.screenshot({ path: `${SHOTS}/${name}-390.png`, fullPage: true });
    await p.setViewportSize(width);
  };
  /** Asks for a sign-in link on the page and follows it: the browser is signed in after. */
  const signIn = async (p: Page, email: string) => {
    const before = mails.length;
    await p.goto(`${base}/account`);
    await p.fill('#login-email', email);
    await p.click('form[action="/account/login"] button');
    expect(await p.textContent('.notice')).toContain('Check your inbox');
    const link = linkIn(await mailTo(email, /sign-in link/, before));
    await p.goto(link);
    await p.click('text=Sign me in');
    await p.waitForURL(`${base}/account`);
    return link;
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    inbox = await startSmtpInbox();
    mails = inbox.mails;
    stripe = await FakeStripeServer.start({ clock });
    const ctx = await openTestDatabase();
    drop = ctx.drop;
    await insertEngineSignals(ctx.db.dataSource);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    running = await startApp(
      loadConfig({
        ROLE: 'all',
        PUBLIC_BASE_URL: base,
        SMTP_URL: inbox.url,
        STRIPE_SECRET_KEY: stripe.apiKey,
        STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
        STRIPE_API_HOST: '127.0.0.1',
        STRIPE_API_PORT: String(stripe.port),
        STRIPE_API_PROTOCOL: 'http',
        BILLING_TRIAL_DAYS: '0',
        BILLING_RECONCILE_INTERVAL_MS: '0',
        BILLING_TIER_SWEEP_INTERVAL_MS: '0',
      }),
      { clock, database: ctx.db, port, logger: createLogger('silent') },
    );
    stripe.webhookUrl = `${base}/billing/webhook`;
    browser = await launchBrowser();
    desktop = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await desktop.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await drop?.();
    await stripe?.close();
    await inbox?.close();
  });

  it('takes a newcomer from /pricing through the fake Stripe Checkout to their Premium account', async () => {
    const refused: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
    });
    await page.goto(`${base}/pricing`);
    expect(await page.textContent('#plan-premium')).toContain('Premium');
    expect(await page.textContent('.plans')).toContain('$297');
    await shoot(page, 'pricing');
    await page.fill('#email-premium', NEWCOMER);
    await page.click('article[aria-labelledby="plan-premium"] button[type=submit]');
    await page.waitForURL(/\/c\/pay\/cs_test_/);
    expect(await page.textContent('#amount')).toContain('297.00 USD / month');
    await page.click('text=Pay');
    await page.waitForURL(`${base}/billing/success?session_id=*`);
    expect(await page.textContent('h1')).toContain('your subscription is starting');
    await shoot(page, 'billing-success');

    await page.click('text=Sign in to your account');
    const link = await signIn(page, NEWCOMER);
    expect(await page.textContent('.tier')).toBe('Premium');
    expect(await page.textContent('#plan-h + p + p')).toMatch(/^Renews on .* at \$297 a month\.$/);
    // Link channels: the Telegram deep link and the Discord /link command carry a link token.
    const telegram = await page.getAttribute('a:has-text("Link Telegram")', 'href');
    expect(telegram).toMatch(/^https:\/\/t\.me\/GammaDeskBot\?start=[A-Za-z0-9_-]{50}$/);
    const command = (await page.textContent('code.command'))!;
    const subscribers = running.app.get(SubscriberService);
    const id = (await subscribers.findIdByEmail(NEWCOMER))!;
    expect(
      await subscribers.linkDiscord(command.replace('/link ', ''), '920000000000000042'),
    ).not.toBeNull();
    await page.reload();
    expect(await page.textContent('section[aria-labelledby="channels-h"]')).toMatch(
      /Discord\s*Linked\./,
    );
    await shoot(page, 'account');
    expect(refused).toEqual([]);

    // The link worked once; opening it again signs nobody in.
    const replay = await desktop.newPage();
    const res = await replay.goto(link);
    expect(res?.status()).toBe(410);
    expect(await replay.textContent('.notice')).toContain('already used or has expired');
    await replay.close();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('saves preferences that every channel then honours', async () => {
    await page.goto(`${base}/account`);
    await page.uncheck('input[name=channels][value=telegram]');
    await page.fill('#symbols', 'qqq, iwm');
    await page.check('input[name=emailMode][value=digest]');
    await page.fill('#quiet-start', '22:00');
    await page.fill('#quiet-end', '07:00');
    await page.click('text=Save preferences');
    await page.waitForURL(`${base}/account?done=preferences#preferences`);
    expect(await page.textContent('.notice')).toContain('preferences are saved');
    const id = (await running.app.get(SubscriberService).findIdByEmail(NEWCOMER))!;
    const recipient = (await running.app
      .get<RecipientDirectory>(RECIPIENT_DIRECTORY)
      .getRecipient(id))!;
    expect(recipient.preferences).toMatchObject({
      channels: ['email', 'discord'],
      symbols: ['QQQ', 'IWM'],
      emailMode: 'digest',
      quietHours: { start: '22:00', end: '07:00', timeZone: 'America/New_York' },
    });
    const allow = (symbol: string, channel: 'email' | 'telegram' | 'discord') =>
      preferencesAllow(recipient.preferences, { symbol, strategy: 'swing', channel }, clock.now())
        .reason;
    expect([
      allow('QQQ', 'discord'),
      allow('QQQ', 'email'),
      allow('QQQ', 'telegram'),
      allow('SPY', 'discord'),
    ]).toEqual(['ok', 'ok', 'channel_off', 'symbol_filtered']);
    // A bad value is refused with a message, and nothing changes.
    await page.fill('#quiet-zone', 'Mars/Olympus');
    await page.click('text=Save preferences');
    expect(await page.textContent('.notice.error')).toContain('known time zone');
    // A form post without the session's CSRF token is refused.
    const forged = await page.request.post(`${base}/account/preferences`, {
      form: { channels: 'email' },
    });
    expect(forged.status()).toBe(403);
    expect(
      (await running.app.get<RecipientDirectory>(RECIPIENT_DIRECTORY).getRecipient(id))!.preferences
        .channels,
    ).toEqual(['email', 'discord']);
  });

  it('creates an API key that works on the analytics API until it is revoked', async () => {
    await page.goto(`${base}/account#api-keys`);
    await page.fill('#key-name', 'my bot');
    await page.click('text=Create key');
    const key = (await page.textContent('#new-key'))!.trim();
    expect(key).toMatch(/^gd_live_[A-Za-z0-9_-]{32}$/);
    await shoot(page, 'account-new-key');
    const call = () => fetch(`${base}/gex/SPY`, { headers: { authorization: `Bearer ${key}` } });
    expect((await call()).status).not.toBe(401);
    await page.goto(`${base}/account`);
    expect(await page.textContent('#api-keys table')).toContain('my bot');
    await page.click('button[aria-label="Revoke key my bot"]');
    await page.waitForURL(`${base}/account?done=revoked#api-keys`);
    expect(await page.textContent('#api-keys table')).toContain('Revoked');
    expect((await call()).status).toBe(401);
  });

  it('shows a signal at the subscriber tier with its outcome, and the Stripe portal returns to /account', async () => {
    await page.goto(`${base}/signals/SIG-20260302-001`);
    const body = (await page.textContent('main'))!;
    expect(body).toContain('$2.00'); // Premium sees the entry
    expect(body).toMatch(/closed at \$2\.80, gain of 40%/);
    await shoot(page, 'signal-premium');
    expect((await page.goto(`${base}/signals/SIG-20990101-001`))?.status()).toBe(404);

    await page.goto(`${base}/account`);
    await page.click('text=Manage billing on Stripe');
    await page.waitForURL(/\/p\/session\/bps_/);
    await page.click('text=Return to GammaDesk');
    await page.waitForURL(`${base}/account`);
    expect(await page.textContent('h1')).toBe('Your account');
  });

  it('exports the account data, refuses deletion while subscribed, and signs out everywhere', async () => {
    const exported = await page.request.get(`${base}/account/export`);
    expect(exported.headers()['content-disposition']).toContain('attachment');
    expect(((await exported.json()) as { subscriber: { email: string } }).subscriber.email).toBe(
      NEWCOMER,
    );
    await page.goto(`${base}/account`);
    await page.check('input[name=confirm]');
    await page.click('text=Delete my account');
    expect(await page.textContent('.notice.error')).toContain('Cancel your subscription');
    const other = await browser.newContext();
    const second = await other.newPage();
    await signIn(second, NEWCOMER);
    await page.goto(`${base}/account`);
    expect(await page.textContent('#sessions-h + p')).toContain('2 devices');
    await page.click('text=Sign out everywhere');
    await page.waitForURL(`${base}/account`);
    expect(await page.textContent('h1')).toBe('Sign in to your account');
    await second.goto(`${base}/account`);
    expect(await second.textContent('h1')).toBe('Sign in to your account');
    await other.close();
  });

  it('signs up for Free, confirms, lands on unsubscribe with a way to preferences, and deletes the account', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const p = await ctx.newPage();
    const email = 'free-reader@example.com';
    await p.goto(`${base}/pricing`);
    await p.fill('#email-free', email);
    await p.click('text=Sign up free');
    expect(await p.textContent('h1')).toBe('Check your inbox');
    await p.goto(linkIn(await mailTo(email, /Confirm your GammaDesk/)));
    await p.click('text=Confirm my email address');
    expect(await p.textContent('h1')).toBe('Your address is confirmed');

    const id = (await running.app.get(SubscriberService).findIdByEmail(email))!;
    await p.goto(running.app.get(SubscriberService).unsubscribeUrl(id));
    await p.click('button:has-text("Unsubscribe")');
    expect(await p.textContent('h1')).toBe('You are unsubscribed');
    expect(await p.getAttribute('a:has-text("open your account")', 'href')).toBe(
      '/account#preferences',
    );
    await shoot(p, 'unsubscribed');

    await signIn(p, email);
    expect(await p.textContent('.tier')).toBe('Free');
    expect(await p.textContent('.lede')).toContain('You unsubscribed from signal emails');
    await p.goto(`${base}/signals/SIG-20260302-001`);
    const free = (await p.textContent('main'))!;
    expect(free).toContain('setup triggered');
    expect(free).not.toContain('$2.00');
    await shoot(p, 'signal-free');
    await p.goto(`${base}/account`);
    await p.check('input[name=confirm]');
    await p.click('text=Delete my account');
    expect(await p.textContent('h1')).toBe('Your account is deleted');
    expect(await running.app.get(SubscriberService).findIdByEmail(email)).toBeNull();
    await p.goto(`${base}/account`);
    expect(await p.textContent('h1')).toBe('Sign in to your account');
    await ctx.close();
  });
});
