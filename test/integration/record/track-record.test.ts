import { writeFileSync, mkdirSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import { loadConfig } from '../../../src/config/config.js';
import { CoreModule } from '../../../src/core/core.module.js';
import { InProcessSignalBus } from '../../../src/signals/signal.js';
import { RecordModule } from '../../../src/record/record.module.js';
import { RecordService } from '../../../src/record/record.service.js';
import type { TrackRecordSummary } from '../../../src/record/track-record-summary.js';
import { launchBrowser } from '../../support/browser.js';
import { securityHeaders } from '../../../src/core/http/security-headers.js';
import { openTestDatabase } from '../../support/database.js';
import { DAY_SIGNALS, DAY_UPDATES, EXPECTED_R, T0 } from '../../support/record-day.js';
import { insertRecordDay } from '../../support/record-tables.js';

describe('track record over the app: bus → chain, results at delivery times, public page', () => {
  let ctx: Awaited<ReturnType<typeof openTestDatabase>>;
  let app: INestApplication;
  let url: string;
  const bus = new InProcessSignalBus();

  beforeAll(async () => {
    ctx = await openTestDatabase();
    await insertRecordDay(ctx.db.dataSource);
    const config = loadConfig({ NODE_ENV: 'test' });
    const moduleRef = await Test.createTestingModule({
      imports: [
        CoreModule.forRoot({
          config,
          clock: new FakeClock(T0 + 86_400_000),
          database: ctx.db,
          redis: null,
          signalBus: bus,
        }),
        RecordModule,
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.use(securityHeaders()); // the app's CSP, as bootstrap installs it
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
    // The day as the engine publishes it: signals and follow-ups on the bus, in time order.
    const events = [
      ...DAY_SIGNALS.map((s) => ({ at: s.publishedAt, go: () => bus.publish(s) })),
      ...DAY_UPDATES.map((u) => ({ at: u.at, go: () => bus.update(u) })),
    ].sort((a, b) => a.at - b.at);
    for (const e of events) await e.go();
    await app.get(RecordService).services.recorder.flush();
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.drop();
  });

  it('chains what the bus published', async () => {
    const record = app.get(RecordService);
    expect(await record.services.verifier.verify()).toMatchObject({ intact: true, entries: 9 });
    expect((await record.chainHead()).seq).toBe(9);
  });

  it('serves per-tier results measured at the ledger’s first sends and the recorded quotes', async () => {
    const res = await request(url).get('/track-record.json').expect(200);
    const s = res.body as TrackRecordSummary;
    for (const [id, byTier] of Object.entries(EXPECTED_R))
      for (const [tier, r] of Object.entries(byTier))
        expect(
          s.trades.find((t) => t.signalId === id && t.tier === tier)?.r,
          `${id} ${tier}`,
        ).toBeCloseTo(r, 3);
    const basic = s.trades.find((t) => t.signalId === 'SIG-20260302-001' && t.tier === 'basic')!;
    // The first successful send (discord at +61 s), not the later email retry.
    expect(basic.deliveredAt).toBe(new Date(T0 + 61_000).toISOString());
    expect(s.signals).toEqual({ published: 5, closed: 3, open: 1, unfilled: 1 });
    expect(s.tiers.map((t) => [t.tier, t.trades, t.wins, t.missed])).toEqual([
      ['premium', 3, 2, 0],
      ['basic', 3, 2, 0],
      ['free', 2, 1, 1],
    ]);
    expect(s.chain.head).toBe((await app.get(RecordService).chainHead()).hash);
  });

  it('renders a product page with both charts and the chain head (screenshot for review)', async () => {
    const head = (await app.get(RecordService).chainHead()).hash;
    const html = (
      await request(url).get('/track-record').expect(200).expect('content-type', /html/)
    ).text;
    expect(html).toContain(head);
    expect(html).toContain('Cumulative R by strategy');
    expect(html).toContain('Win rate by tier delay');
    let browser: Browser | undefined;
    try {
      browser = await launchBrowser();
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const refused: string[] = [];
      page.on('console', (m) => {
        if (m.text().includes('Content Security Policy')) refused.push(m.text());
      });
      await page.goto(`${url}/track-record`);
      expect(await page.textContent('code.head')).toBe(head);
      // Styled under the strict CSP: its stylesheet is a file, nothing inline is refused.
      expect(refused).toEqual([]);
      const headerColour = "getComputedStyle(document.querySelector('header.top')).backgroundColor";
      expect(await page.evaluate(headerColour)).toBe('rgb(13, 17, 23)');
      expect(await page.locator('figure img').count()).toBe(2);
      mkdirSync('.data/screenshots', { recursive: true });
      writeFileSync(
        '.data/screenshots/track-record.png',
        await page.screenshot({ fullPage: true }),
      );
    } finally {
      await browser?.close();
    }
  });
});
