import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/bootstrap.js';
import { FakeClock } from '../../src/common/clock.js';
import type { Heartbeats } from '../../src/common/heartbeats.js';
import { loadConfig } from '../../src/config/config.js';
import { HEARTBEATS } from '../../src/core/tokens.js';
import { createLogger } from '../../src/observability/logger.js';
import { launchBrowser } from '../support/browser.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createAdminUser } from '../support/admin-users.js';
import { openTestDatabase } from '../support/database.js';

describe('admin portal in a real browser', () => {
  let running: RunningApp;
  let drop: () => Promise<void>;
  let browser: Browser;

  beforeAll(async () => {
    const ctx = await openTestDatabase();
    drop = ctx.drop;
    await createAdminUser(ctx.db);
    running = await startApp(loadConfig({ ROLE: 'api' }), {
      clock: new FakeClock(),
      database: ctx.db,
      port: 0,
      logger: createLogger('silent'),
    });
    running.app.get<Heartbeats>(HEARTBEATS).beat('simulator:IWM');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await drop?.();
  });

  it('signs in through the form, lands on the dashboard and navigates to Alerts & risk', async () => {
    const page = await browser.newPage();
    const refused: string[] = [];
    const missing: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
    });
    // Nothing a page loads (its icon included) is missing.
    page.on('response', (r) => {
      if (r.status() === 404) missing.push(r.url());
    });
    await page.goto(`${running.url}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await page.fill('input[name=email]', ADMIN_EMAIL);
    await page.fill('input[name=password]', 'wrong password');
    await page.click('button[type=submit]');
    expect(await page.textContent('.message')).toContain('Wrong email or password');
    await page.fill('input[name=email]', ADMIN_EMAIL);
    await page.fill('input[name=password]', ADMIN_PASSWORD);
    await page.click('button[type=submit]');
    // Signing in lands on the dashboard, which shows the feeds' heartbeats.
    await page.waitForURL(`${running.url}/admin/dashboard`);
    expect(await page.textContent('main')).toContain('simulator:IWM');
    await page.click('header a:has-text("Alerts & risk")');
    await page.waitForURL(`${running.url}/admin/alerts`);
    expect(await page.textContent('main h1')).toBe('Alerts & risk');
    // Styled by /admin/portal.css under the CSP (no inline style or script was refused).
    const header = await page.evaluate<string>(
      'getComputedStyle(document.querySelector("header")).backgroundColor',
    );
    expect(header).toBe('rgb(29, 36, 51)');
    expect(refused).toEqual([]);
    expect(missing).toEqual([]);
    const icon = await page.evaluate<string | null>(
      'document.querySelector("link[rel=icon]")?.getAttribute("href") ?? null',
    );
    expect(icon).toBe('/favicon.svg');
    const ico = await page.request.get(`${running.url}/favicon.ico`);
    expect(ico.status()).toBe(200);
    expect(ico.headers()['content-type']).toBe('image/x-icon');
    expect([...(await ico.body()).subarray(0, 4)]).toEqual([0, 0, 1, 0]);
    const svg = await page.request.get(`${running.url}/favicon.svg`);
    expect(svg.headers()['content-type']).toContain('image/svg+xml');
    expect(await svg.text()).toContain('<svg');
    await page.close();
  });
});
