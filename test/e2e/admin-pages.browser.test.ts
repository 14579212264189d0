import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/bootstrap.js';
import { FakeClock } from '../../src/common/clock.js';
import { loadConfig } from '../../src/config/config.js';
import { SIGNAL_BUS } from '../../src/core/tokens.js';
import { createLogger } from '../../src/observability/logger.js';
import {
  startBillingDemoFakes,
  type BillingDemoFakes,
} from '../../src/sandbox/story/billing-story.js';
import { seedDemoPeopleIn } from '../../src/sandbox/story/demo-people.js';
import type { SignalBus } from '../../src/signals/signal.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createAdminUser } from '../support/admin-users.js';
import { launchBrowser } from '../support/browser.js';
import { openTestDatabase } from '../support/database.js';
import { sampleSignal } from '../unit/distribution/signal-fixtures.js';

/** Screenshots for review (CI keeps .data/ as an artifact). */
const SHOTS = '.data/screenshots/admin-pages';
const WIDTHS = { desktop: 1280, phone: 390 } as const;

describe('admin portal pages in a real browser', () => {
  const clock = new FakeClock(Date.UTC(2026, 2, 2, 15, 0));
  let running: RunningApp;
  let fakes: BillingDemoFakes;
  let drop: () => Promise<void>;
  let browser: Browser;
  const refused: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    fakes = await startBillingDemoFakes(clock);
    const ctx = await openTestDatabase();
    drop = ctx.drop;
    await createAdminUser(ctx.db);
    running = await startApp(
      loadConfig({
        ROLE: 'all',
        MARKET_DATA_INGEST: 'false',
        REPORTS_ENABLED: 'false',
        BILLING_RECONCILE_INTERVAL_MS: '0',
        ...fakes.env,
      }),
      { clock, database: ctx.db, port: 0, logger: createLogger('silent') },
    );
    await seedDemoPeopleIn(running.app, fakes, 6);
    // A signal goes out to every tier; the replayed clock walks past Free's delay.
    await running.app
      .get<SignalBus>(SIGNAL_BUS)
      .publish(sampleSignal({ publishedAt: clock.now(), dataAsOf: clock.now() - 1_000 }));
    for (let s = 0; s < 7 * 60; s += 15) {
      clock.advance(15_000);
      await new Promise((r) => setTimeout(r, 30));
    }
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await fakes?.close();
    await drop?.();
  });

  async function signedIn(width: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
    });
    await page.goto(`${running.url}/admin/login`);
    await page.fill('input[name=email]', ADMIN_EMAIL);
    await page.fill('input[name=password]', ADMIN_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${running.url}/admin/dashboard`);
    return page;
  }

  async function shoot(page: Page, name: string): Promise<void> {
    for (const [label, width] of Object.entries(WIDTHS)) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `${SHOTS}/${name}-${label}.png`, fullPage: true });
      await page.screenshot({ path: `${SHOTS}/${name}-${label}-top.png` });
    }
    await page.setViewportSize({ width: WIDTHS.desktop, height: 900 });
  }

  it('finds a subscriber by handle and comps them: the tier follows and the audit log shows it', async () => {
    const page = await signedIn(WIDTHS.desktop);
    await page.click('header a:has-text("Subscribers")');
    await page.fill('input[name=q]', 'cleomoreau');
    await page.click('form.search button');
    await page.click('table.hits a:has-text("cleo.moreau@example.com")');
    expect(await page.textContent('#subscriber-tier')).toBe('free');
    const subscriberUrl = page.url();

    const form = page.locator('#action-comp');
    await form.locator('select[name=tier]').selectOption('premium');
    await form.locator('input[name=reason]').fill('Conference speaker');
    await form.locator('input[name=confirm]').check();
    await form.locator('button').click();
    await page.waitForSelector('#flash');
    expect(await page.textContent('#flash')).toContain('tier free → premium');
    expect(await page.textContent('#subscriber-tier')).toBe('premium');
    expect(await page.textContent('#tier-history')).toContain('Conference speaker');
    await shoot(page, 'subscriber');

    await page.goto(`${running.url}/admin/audit?q=subscriber.comp`);
    const audit = await page.textContent('main');
    expect(audit).toContain('subscriber.comp');
    expect(audit).toContain(ADMIN_EMAIL);
    expect(audit).toMatch(/"tier": ?"free"/);
    expect(audit).toMatch(/"tier": ?"premium"/);

    // An action without its confirm box is refused, and changes nothing.
    await page.goto(subscriberUrl);
    const pause = page.locator('#action-pause');
    await pause.locator('input[name=reason]').fill('testing');
    await pause.locator('input[name=confirm]').evaluate((el) => el.removeAttribute('required'));
    await pause.locator('button').click();
    await page.waitForSelector('#flash.error');
    expect(await page.textContent('#flash')).toContain('confirm');
    await page.close();
  });

  it('opens a signal: three different tier renderings, the email framed, and the delivery timeline', async () => {
    const page = await signedIn(WIDTHS.desktop);
    await page.click('header a:has-text("Signals")');
    await page.click('#signal-list a:has-text("SIG-20260302-001")');
    const tiers = page.locator('.rendering');
    expect(await tiers.count()).toBe(3);
    const discord = await page.locator('.discord-preview').allTextContents();
    const telegram = await page.locator('.telegram-preview').allTextContents();
    expect(new Set(discord).size).toBe(3);
    expect(new Set(telegram).size).toBe(3);
    // Premium carries the entry price; Free does not.
    expect(telegram[0]).toContain('1.25');
    expect(telegram[2]).not.toContain('1.25');
    // Each email in its sandboxed frame, rendered from its own HTML.
    const frames = page.locator('iframe.email-frame');
    expect(await frames.count()).toBe(3);
    expect(await frames.first().getAttribute('sandbox')).toBe('');
    const premiumMail = page.frameLocator('iframe.email-frame').first();
    expect(await premiumMail.locator('body').textContent()).toContain('SPY');
    expect(await page.textContent('.verdict')).toContain('Fact-check');
    // Timeline: promised against sent, per tier and channel, with its chart.
    const timeline = await page.textContent('#timeline');
    for (const tier of ['premium', 'basic', 'free']) expect(timeline).toContain(tier);
    expect(await page.locator('#timeline-chart').count()).toBe(1);
    await shoot(page, 'signal');
    await page
      .locator('.rendering')
      .first()
      .screenshot({ path: `${SHOTS}/signal-premium.png` });
    // The framed emails by themselves (headless screenshots leave sandboxed frames blank).
    for (const tier of ['premium', 'free']) {
      await page.goto(`${running.url}/admin/signals/SIG-20260302-001/email/${tier}`);
      expect(await page.textContent('body')).toContain('SIG-20260302-001');
      await page.screenshot({ path: `${SHOTS}/signal-email-${tier}.png`, fullPage: true });
    }
    expect(refused).toEqual([]);
    await page.close();
  });

  it('shows the dashboard with charts and the deliveries page', async () => {
    const page = await signedIn(WIDTHS.desktop);
    await page.click('header a:has-text("Dashboard")');
    const figures = await page.textContent('#business-figures');
    expect(figures).toMatch(/MRR\s*\$[1-9]/);
    expect(await page.locator('img.chart').count()).toBeGreaterThanOrEqual(3);
    expect(await page.textContent('#delivery-delays')).toContain('premium');
    await shoot(page, 'dashboard');
    await page.click('header a:has-text("Deliveries")');
    expect(await page.textContent('h1')).toBe('Deliveries');
    await shoot(page, 'deliveries');
    expect(refused).toEqual([]);
    await page.close();
  });
});
