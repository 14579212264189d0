/**
 * A live AlphaVantage feed's slower series reach analytics (against the local fake AlphaVantage):
 * its 1-minute bars come with the next chain as `bar` events (each bar once), the analytics
 * snapshot reads the provider's RSI / MACD / Bollinger while its own bars are too few, and the Fed
 * funds rate becomes the pricing rate.
 */
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalyticsService } from '../../../src/analytics/analytics.service.js';
import { MarketDataFeed } from '../../../src/analytics/market-data-feed.js';
import { FakeClock } from '../../../src/common/clock.js';
import { nyInstant } from '../../../src/common/market-calendar.js';
import { IngestService, type SnapshotExtras } from '../../../src/market-data/ingest.service.js';
import type { PullTask } from '../../../src/market-data/quota/quota-scheduler.js';
import { FakeAlphaVantage } from '../../../src/sandbox/providers/alphavantage.js';
import { openTestDatabase } from '../../support/database.js';
import { startMarketDataApp } from '../../support/market-data-app.js';

const DATE = '2026-03-02';

describe('AlphaVantage bars, indicators and macro in live mode', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let av: FakeAlphaVantage;
  let app: INestApplication;
  const clock = new FakeClock(nyInstant(DATE, '09:36'));

  beforeAll(async () => {
    db = await openTestDatabase();
    av = await new FakeAlphaVantage({
      apiKey: 'k',
      chains: { SPY: { symbol: 'SPY', spot: 601.25, date: DATE, contracts: 120 } },
    }).listen();
    app = await startMarketDataApp({
      db,
      clock,
      env: {
        MARKET_DATA_PROVIDER: 'alphavantage',
        ALPHAVANTAGE_API_KEY: 'k',
        ALPHAVANTAGE_BASE_URL: av.baseUrl,
        MARKET_DATA_SYMBOLS: 'SPY',
        ANALYTICS_RISK_FREE_RATE: '0.01',
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    await av?.close();
    await db?.drop();
  });

  it('bars come once as events, indicators fill the snapshot, the Fed funds rate prices', async () => {
    const ingest = app.get(IngestService);
    const analytics = app.get(AnalyticsService);
    const extras: SnapshotExtras[] = [];
    ingest.onSnapshot((_c, e) => void extras.push(e));
    const task = (t: Omit<PullTask, 'key' | 'dueAt'>): PullTask => ({
      ...t,
      key: `${t.kind}:${t.symbol ?? t.macro}`,
      dueAt: clock.now(),
    });
    expect(analytics.engine.riskFreeRate).toBe(0.01);
    await ingest.runTask(task({ kind: 'intraday', symbol: 'SPY' }));
    for (const indicator of ['RSI', 'MACD', 'BBANDS'] as const)
      await ingest.runTask(task({ kind: 'indicator', symbol: 'SPY', indicator }));
    await ingest.runTask(task({ kind: 'macro', macro: 'FEDERAL_FUNDS_RATE' }));

    await ingest.pullChain('SPY');
    await app.get(MarketDataFeed).idle();
    const bars = extras[0].events.filter((e) => e.kind === 'bar');
    // The fake's bars are 09:30–09:34: all five closed by 09:36.
    expect(bars.map((b) => b.start)).toEqual(
      ['09:30', '09:31', '09:32', '09:33', '09:34'].map((t) => nyInstant(DATE, t)),
    );
    expect(extras[0].series).toEqual({
      indicators: {
        rsi14: 52,
        macd: { macd: 1.2, signal: 1.1, histogram: 0.1 },
        bollinger: { upper: 610, middle: 600, lower: 590 },
      },
      riskFreeRate: 0.0433,
    });
    const s = await analytics.latest('SPY');
    expect(s?.indicators.rsi14).toBe(52);
    expect(s?.indicators.macd).toEqual({ macd: 1.2, signal: 1.1, histogram: 0.1 });
    expect(analytics.engine.riskFreeRate).toBe(0.0433);

    // The same bars pulled again are not handed on a second time.
    await ingest.runTask(task({ kind: 'intraday', symbol: 'SPY' }));
    clock.advance(60_000);
    await ingest.pullChain('SPY');
    expect(extras[1].events.filter((e) => e.kind === 'bar')).toEqual([]);
  });
});
