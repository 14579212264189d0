import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/bootstrap.js';
import { FakeClock } from '../../src/common/clock.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/observability/logger.js';
import type { Reports } from '../../src/reports/reports.composition.js';
import { REPORTS } from '../../src/reports/reports.tokens.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createAdminUser } from '../support/admin-users.js';
import { launchBrowser } from '../support/browser.js';
import { openTestDatabase } from '../support/database.js';

const SHOTS = '.data/screenshots/admin-pages';
const REPORT = '2026-03-02-close';

describe('Content QA in a real browser', () => {
  // 16:15 New York: the close report is out and waits for review.
  const clock = new FakeClock(Date.UTC(2026, 2, 2, 21, 15));
  let running: RunningApp;
  let drop: () => Promise<void>;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const ctx = await openTestDatabase();
    drop = ctx.drop;
    await createAdminUser(ctx.db);
    running = await startApp(loadConfig({ ROLE: 'api', REPORTS_REQUIRE_APPROVAL: 'true' }), {
      clock,
      database: ctx.db,
      port: 0,
      logger: createLogger('silent'),
    });
    const reports = running.app.get<Reports>(REPORTS);
    await reports.publisher.publish('close', '2026-03-02');
    await reports.gate.hold(REPORT, 'editor@gammadesk.test', 'check the P&L first');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await drop?.();
  });

  it('approves a held close report with a note: the history and the audit log show it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const refused: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
    });
    await page.goto(`${running.url}/admin/login`);
    await page.fill('input[name=email]', ADMIN_EMAIL);
    await page.fill('input[name=password]', ADMIN_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${running.url}/admin/dashboard`);

    await page.click('header a:has-text("Content QA")');
    expect(await page.textContent('#review-queue')).toContain('held');
    await page.click(`#review-queue a:has-text("${REPORT}")`);
    expect(await page.textContent('#report-state')).toBe('held');
    expect(await page.locator('.rendering').count()).toBe(3);
    expect(await page.locator('iframe.email-frame').count()).toBe(3);
    await page.screenshot({ path: `${SHOTS}/content-report-desktop.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 900 });
    await page.screenshot({ path: `${SHOTS}/content-report-phone.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    const approve = page.locator('#approve');
    await approve.locator('input[name=note]').fill('P&L matches the ledger');
    await approve.locator('input[name=confirm]').check();
    await approve.locator('button').click();
    await page.waitForSelector('#flash');
    expect(await page.textContent('#flash')).toMatch(/is (approved|sent)/);
    const history = await page.textContent('#review-history');
    expect(history).toContain('held');
    expect(history).toContain('approved');
    expect(history).toContain(ADMIN_EMAIL);
    expect(history).toContain('P&L matches the ledger');

    await page.goto(`${running.url}/admin/audit?q=report.approve`);
    expect(await page.textContent('main')).toContain(REPORT);
    expect(refused).toEqual([]);
    await page.close();
  });
});
