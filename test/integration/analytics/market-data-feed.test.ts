/**
 * Analytics fed by market data inside one Nest app: CoreModule (real PostgreSQL schema, no Redis)
 * + MarketDataModule (the simulator provider, ingest loop off) + AnalyticsModule.
 */
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalyticsService } from '../../../src/analytics/analytics.service.js';
import { MarketDataFeed } from '../../../src/analytics/market-data-feed.js';
import { FakeClock } from '../../../src/common/clock.js';
import { IngestService } from '../../../src/market-data/ingest.service.js';
import { syntheticChain } from '../../unit/analytics/synthetic-chain.js';
import { openTestDatabase } from '../../support/database.js';
import { startMarketDataApp } from '../../support/market-data-app.js';

const OPERATOR_TOKEN = 'analytics-operator-token-0123456789';

describe('analytics fed by market data', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let app: INestApplication;
  const clock = new FakeClock(Date.UTC(2026, 2, 2, 15, 0));

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await startMarketDataApp({
      db,
      clock,
      env: { MARKET_DATA_SYMBOLS: 'SPY,QQQ', ADMIN_API_TOKEN: OPERATOR_TOKEN },
    });
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('every chain market data pulls is analysed, with its market events', async () => {
    const feed = app.get(MarketDataFeed);
    expect(feed.subscribed).toBe(true);
    const chain = await app.get(IngestService).pullChain('SPY');
    await feed.idle();
    const s = await app.get(AnalyticsService).latest('SPY');
    expect(s?.snapshotId).toBe(chain.snapshotId);
    expect(s?.contracts.length).toBeGreaterThan(0);
    expect(s?.gex.callWalls.length).toBeGreaterThan(0);
    const res = await request(app.getHttpServer())
      .get('/gex/SPY')
      .set('authorization', `Bearer ${OPERATOR_TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(s?.gex.total);
  });

  it('a busy symbol analyses the newest waiting chain and keeps the events of the skipped ones', async () => {
    const feed = app.get(MarketDataFeed);
    const before = feed.coalesced;
    const chains = [0, 1, 2].map((i) =>
      syntheticChain({
        symbol: 'XLF',
        spot: 40 + i,
        asOf: `2026-03-02T15:0${i}:00Z`,
        strikeStep: 1,
      }),
    );
    const tick = (i: number) => ({
      kind: 'tick' as const,
      symbol: 'XLF',
      at: Date.UTC(2026, 2, 2, 14, 59, i),
      price: 40,
      size: 100,
    });
    feed.offer(chains[0], [tick(1)]);
    feed.offer(chains[1], [tick(2)]);
    feed.offer(chains[2], [tick(3)]);
    await feed.idle();
    expect(feed.coalesced - before).toBe(1);
    const s = await app.get(AnalyticsService).latest('XLF');
    expect(s?.snapshotId).toBe(chains[2].snapshotId);
    expect(s?.spot).toBe(42);
  });
});
