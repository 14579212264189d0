import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../../src/bootstrap.js';
import { FakeClock } from '../../../src/common/clock.js';
import { loadConfig } from '../../../src/config/config.js';
import { createLogger } from '../../../src/observability/logger.js';
import { mkdirSync } from 'node:fs';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createAdminUser, signIn } from '../../support/admin-users.js';
import { launchBrowser } from '../../support/browser.js';
import { openTestDatabase, TEST_REDIS_URL, uniqueRedisPrefix } from '../../support/database.js';

const VIEWER = 'viewer@gammadesk.test';

/** bull-board under /admin/queues: for admins, when the queues run on Bull. */
describe('queues board', () => {
  const prefix = uniqueRedisPrefix('board');
  let running: RunningApp;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const ctx = await openTestDatabase();
    drop = ctx.drop;
    await createAdminUser(ctx.db);
    await createAdminUser(ctx.db, VIEWER, 'viewer');
    running = await startApp(
      loadConfig({ ROLE: 'api', REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix }),
      { clock: new FakeClock(), database: ctx.db, port: 0, logger: createLogger('silent') },
    );
  });
  afterAll(async () => {
    await running?.close();
    await drop?.();
    const redis = new Redis(TEST_REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('shows the delivery queue to an admin, read-only, and refuses a viewer and strangers', async () => {
    await request(running.url!).get('/admin/queues').expect(303).expect('location', '/admin/login');

    const admin = request.agent(running.url!);
    expect((await signIn(admin)).status).toBe(303);
    const page = await admin.get('/admin/queues').expect(200);
    expect(page.text).toContain('GammaDesk queues');
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    const api = await admin.get('/admin/queues/api/queues').expect(200);
    const body = api.body as { queues: { name: string; readOnlyMode: boolean }[] };
    expect(body.queues.map((q) => [q.name, q.readOnlyMode])).toEqual([['deliveries', true]]);

    const viewer = request.agent(running.url!);
    expect((await signIn(viewer, VIEWER)).status).toBe(303);
    await viewer.get('/admin/queues').expect(403);
  });

  it('renders the board in a browser under its CSP (screenshot for review)', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const refused: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
      });
      await page.goto(`${running.url}/admin/login`);
      await page.fill('input[name=email]', ADMIN_EMAIL);
      await page.fill('input[name=password]', ADMIN_PASSWORD);
      await page.click('button[type=submit]');
      await page.waitForURL(`${running.url}/admin/dashboard`);
      await page.goto(`${running.url}/admin/queues`);
      await page.waitForSelector('text=deliveries');
      mkdirSync('.data/screenshots/admin-pages', { recursive: true });
      await page.screenshot({ path: '.data/screenshots/admin-pages/queues.png', fullPage: true });
      // Only bull-board's web font from Google is refused: the portal loads nothing third-party.
      expect(refused.filter((m) => !m.includes('fonts.googleapis.com'))).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
