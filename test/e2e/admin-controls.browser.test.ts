/**
 * The trading controls in a real browser: halt from the Controls page and no new signal comes for
 * the rest of a replayed hour, resume and signals come again; a viewer can do no action; the login
 * locks after repeated failures; a form without its CSRF token is refused. Screenshots in
 * .data/screenshots/admin-controls.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/bootstrap.js';
import { FakeClock } from '../../src/common/clock.js';
import { loadConfig } from '../../src/config/config.js';
import { EngineService } from '../../src/engine/engine.service.js';
import {
  ENGINE_REPOSITORY,
  type EngineRepository,
} from '../../src/engine/storage/engine-repository.js';
import { createLogger } from '../../src/observability/logger.js';
import type { Strategy } from '../../src/strategies/strategy.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createAdminUser } from '../support/admin-users.js';
import { launchBrowser } from '../support/browser.js';
import { openTestDatabase } from '../support/database.js';
import { callBuyer, ny, scriptedSteps } from '../unit/engine/fixtures.js';

const SHOTS = '.data/screenshots/admin-controls';
const VIEWER = 'viewer@gammadesk.test';

describe('trading controls in a real browser', () => {
  const clock = new FakeClock(ny(9, 44));
  let running: RunningApp;
  let drop: () => Promise<void>;
  let browser: Browser;
  let engine: EngineService;
  let repository: EngineRepository;
  let replayedTo = ny(9, 44);

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const ctx = await openTestDatabase();
    drop = ctx.drop;
    await createAdminUser(ctx.db);
    await createAdminUser(ctx.db, VIEWER, 'viewer');
    running = await startApp(
      loadConfig({
        ROLE: 'all',
        MARKET_DATA_INGEST: 'false',
        REPORTS_ENABLED: 'false',
        BILLING_RECONCILE_INTERVAL_MS: '0',
        RISK_MIN_NET_THETA: '-5000',
        // Chains come a replayed minute apart: not stale in between.
        OVERSEER_MAX_DATA_AGE_MS: '120000',
      }),
      { clock, database: ctx.db, port: 0, logger: createLogger('silent') },
    );
    engine = running.app.get(EngineService);
    repository = running.app.get<EngineRepository>(ENGINE_REPOSITORY);
    // The engine runs one timer strategy (a call every ten minutes) over scripted SPY chains.
    const deps = (engine.engine as unknown as { d: { strategies: Strategy[] } }).d;
    deps.strategies.splice(0, deps.strategies.length, callBuyer('scalp', 10));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await drop?.();
  });

  /** Replays SPY chains a minute apart up to `to` (engine time), step by step. */
  async function replayTo(to: number): Promise<void> {
    for (const step of scriptedSteps(['SPY'], replayedTo + 60_000, to, 60_000)) {
      clock.set(step.at);
      await engine.onChains(step.chains);
    }
    replayedTo = to;
    await engine.idle();
  }
  const publishedSince = async (from: number) =>
    (await repository.listSignals({ from })).filter((s) => s.published !== null).length;

  async function signIn(email: string, password: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${running.url}/admin/login`);
    await page.fill('input[name=email]', email);
    await page.fill('input[name=password]', password);
    await page.click('button[type=submit]');
    return page;
  }

  it('halts: no new signal for the rest of a replayed hour; resumes: signals again', async () => {
    const page = await signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.waitForURL(`${running.url}/admin/dashboard`);
    await replayTo(ny(10, 15));
    expect(await publishedSince(ny(9, 44))).toBeGreaterThan(0);

    await page.click('header a:has-text("Controls")');
    await page.fill('input[name=reason]', 'browser test: halt');
    await page.check('#halt-card input[name=confirm]');
    await page.click('#halt');
    await page.waitForURL(/\/admin\/controls\?message=/);
    expect(await page.textContent('#controls-state')).toContain('Trading halted');
    expect(engine.engine.overseer.controls.halted).toBe(true);
    await page.screenshot({ path: `${SHOTS}/halted.png`, fullPage: true });

    const haltedAt = clock.now();
    await replayTo(ny(11, 15));
    expect(await publishedSince(haltedAt + 1)).toBe(0);
    // The header says so on every page.
    await page.goto(`${running.url}/admin/alerts`);
    expect(await page.textContent('#controls-state')).toContain('browser test: halt');

    await page.goto(`${running.url}/admin/controls`);
    await page.check('#halt-card input[name=confirm]');
    await page.click('#resume');
    await page.waitForURL(/\/admin\/controls\?message=/);
    expect(await page.textContent('#controls-state')).toContain('Trading live');
    const resumedAt = clock.now();
    await replayTo(ny(11, 45));
    expect(await publishedSince(resumedAt + 1)).toBeGreaterThan(0);
    await page.goto(`${running.url}/admin/audit`);
    expect(await page.textContent('#audit')).toContain('controls.resume');
    await page.screenshot({ path: `${SHOTS}/audit.png`, fullPage: true });
    await page.close();
  });

  it('refuses a form whose CSRF token was removed', async () => {
    const page = await signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.goto(`${running.url}/admin/controls`);
    await page.evaluate('document.querySelector(\'#halt-card input[name="csrf"]\').remove()');
    await page.fill('input[name=reason]', 'forged');
    await page.check('#halt-card input[name=confirm]');
    await page.click('#halt');
    expect(await page.textContent('#denied')).toContain('CSRF token is missing or wrong');
    expect(engine.engine.overseer.controls.halted).toBe(false);
    await page.screenshot({ path: `${SHOTS}/csrf-refused.png`, fullPage: true });
    await page.close();
  });

  it('shows a viewer the state but lets them do no action', async () => {
    const page = await signIn(VIEWER, ADMIN_PASSWORD);
    await page.waitForURL(`${running.url}/admin/dashboard`);
    await page.goto(`${running.url}/admin/controls`);
    expect(await page.locator('main form').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/viewer-controls.png`, fullPage: true });
    const csrf = await page.getAttribute('header input[name=csrf]', 'value');
    for (const [path, form] of [
      ['/admin/controls/halt', { reason: 'viewer', confirm: 'yes' }],
      ['/admin/controls/paper-only', { on: 'true', confirm: 'yes' }],
      ['/admin/controls/strategies/scalp/disable', { confirm: 'yes' }],
      ['/admin/users', { email: 'x@y.test', role: 'admin', password: 'long enough password' }],
      ['/admin/deliveries/resend', { ids: '1', confirm: 'yes' }],
    ] as const) {
      const res = await page.request.post(`${running.url}${path}`, {
        form: { ...form, csrf: csrf ?? '' },
        maxRedirects: 0,
      });
      expect(res.status(), path).toBe(403);
      expect(await res.text(), path).toContain('Your role (viewer) cannot do this');
    }
    expect(engine.engine.overseer.controls).toMatchObject({ halted: false, paperOnly: false });
    await page.close();
  });

  it('locks the login after repeated failures, even for the right password', async () => {
    const page = await browser.newPage();
    await page.goto(`${running.url}/admin/login`);
    for (let i = 0; i < 5; i++) {
      await page.fill('input[name=email]', ADMIN_EMAIL);
      await page.fill('input[name=password]', `wrong password ${i}`);
      await page.click('button[type=submit]');
      await page.waitForSelector('.message');
    }
    expect(await page.textContent('.message')).toContain('Too many failed sign-ins');
    await page.fill('input[name=email]', ADMIN_EMAIL);
    await page.fill('input[name=password]', ADMIN_PASSWORD);
    await page.click('button[type=submit]');
    expect(await page.textContent('.message')).toContain('Too many failed sign-ins');
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await page.screenshot({ path: `${SHOTS}/locked.png`, fullPage: true });
    await page.close();
  });
});
