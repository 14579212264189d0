/**
 * The analytics service and HTTP API over a Nest app built from CoreModule (real PostgreSQL in a
 * schema of its own, real Redis under a unique prefix) + AnalyticsModule, fed with the four real
 * CBOE chains in test/fixtures/chains.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalyticsModule } from '../../../src/analytics/analytics.module.js';
import {
  atmGreeksResponse,
  deltaResponse,
  gexResponse,
  maxPainBiasResponse,
  maxPainResponse,
  portfolioResponse,
  symbolsResponse,
} from '../../../src/analytics/api/response-schemas.js';
import {
  AnalyticsService,
  InvalidChainSnapshotError,
} from '../../../src/analytics/analytics.service.js';
import type { AnalyticsSnapshot } from '../../../src/analytics/analytics-snapshot.js';
import {
  analyzeChain,
  toChainAnalysisOutput,
} from '../../../src/analytics/chain-analysis/index.js';
import type { DailySummary } from '../../../src/analytics/engine/engine-types.js';
import { bsmGreeks } from '../../../src/analytics/math/black-scholes.js';
import { setupOpenApi } from '../../../src/analytics/openapi.js';
import { DailySummaryStore } from '../../../src/analytics/persistence/daily-summary-store.js';
import { SnapshotCache } from '../../../src/analytics/persistence/snapshot-cache.js';
import { FakeClock } from '../../../src/common/clock.js';
import { Heartbeats } from '../../../src/common/heartbeats.js';
import { loadConfig } from '../../../src/config/config.js';
import type { AppConfig } from '../../../src/config/schema.js';
import { CoreModule } from '../../../src/core/core.module.js';
import { parseCboeQuoteCsv } from '../../../src/market-data/adapters/cboe-csv.js';
import type { ChainSnapshot } from '../../../src/market-data/chain-snapshot.js';
import type { MarketEvent } from '../../../src/market-data/market-events.js';
import { syntheticChain } from '../../unit/analytics/synthetic-chain.js';
import { openTestDatabase, TEST_REDIS_URL, uniqueRedisPrefix } from '../../support/database.js';
import { CHAINS_DIR } from '../../support/chains.js';

const CHAINS = CHAINS_DIR;
const FILES = [
  'spy_2025-09-25_quotedata.csv',
  'spx_2025-01-06_quotedata.csv',
  'nvda_2025-01-06_quotedata.csv',
  'spx_2022-02-05_quotedata.csv',
];
const load = (f: string): ChainSnapshot =>
  parseCboeQuoteCsv(readFileSync(join(CHAINS, f), 'utf8'), f);

/** The API is behind credentials (test/integration/security covers who gets what): the operator's. */
const OPERATOR_TOKEN = 'analytics-operator-token-0123456789';

describe('analytics service and API', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let redis: Redis;
  let prefix: string;
  let config: AppConfig;
  let app: INestApplication;
  let service: AnalyticsService;
  let heartbeats: Heartbeats;
  const clock = new FakeClock(Date.UTC(2025, 8, 26, 1, 10));
  const spy = load(FILES[0]);
  const snapshots = new Map<string, AnalyticsSnapshot>();
  const byFile = new Map<string, AnalyticsSnapshot>();
  const api = () =>
    request.agent(app.getHttpServer()).set('authorization', `Bearer ${OPERATOR_TOKEN}`);

  beforeAll(async () => {
    db = await openTestDatabase();
    redis = new Redis(TEST_REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 2 });
    prefix = uniqueRedisPrefix('analytics');
    config = loadConfig({
      NODE_ENV: 'test',
      ANALYTICS_REDIS_PREFIX: prefix,
      ADMIN_API_TOKEN: OPERATOR_TOKEN,
    });
    heartbeats = new Heartbeats(clock);
    const moduleRef = await Test.createTestingModule({
      imports: [
        CoreModule.forRoot({ config, clock, database: db.db, redis, heartbeats }),
        AnalyticsModule,
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    setupOpenApi(app);
    await app.init();
    service = app.get(AnalyticsService);

    // 60 prior trading days of SPY summaries, as a previous run would have stored them.
    const store = new DailySummaryStore(db.db.dataSource);
    for (let i = 0; i < 60; i++) {
      const day = new Date(Date.UTC(2025, 6, 1) + i * 86_400_000).toISOString().slice(0, 10);
      const close = 600 + i;
      const row: DailySummary = {
        symbol: 'SPY',
        date: day,
        atmIv: 0.1 + 0.002 * i,
        open: close - 1,
        high: close + 2,
        low: close - 3,
        close,
        realizedVol: 0.12,
        netGex: 1e9,
        optionsVolume: 5_000_000,
        forecast: { ewma: 0.01, mse: 0.0004, observations: i + 1 },
        snapshotId: `seed-${i}`,
        asOf: Date.UTC(2025, 6, 1) + i * 86_400_000,
      };
      await store.upsert(row, clock.now());
    }

    for (const f of FILES) {
      const chain = load(f);
      const snapshot = await service.ingest(chain);
      snapshots.set(chain.underlying, snapshot);
      byFile.set(f, snapshot);
    }
  });

  afterAll(async () => {
    await app?.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await db?.drop();
  });

  it('answers on the four real chains with chain-analysis figures', async () => {
    expect([...snapshots.keys()].sort()).toEqual(['NVDA', 'SPX', 'SPY']);
    for (const f of FILES.slice(0, 3)) {
      const chain = load(f);
      const expected = toChainAnalysisOutput(analyzeChain(chain));
      const res = await api().get(`/gex/${chain.underlying.toLowerCase()}`);
      expect(res.status).toBe(200);
      if (chain.underlying === 'SPX') continue; // SPX: the 2022 file was ingested after this one
      expect(res.body.total).toBeCloseTo(expected.gex.total, 0);
      expect(res.body.flip).toBe(expected.flip);
      expect(res.body.callWalls).toEqual(expected.callWalls);
      expect(res.body.putWalls).toEqual(expected.putWalls);
    }
    for (const f of FILES) {
      const expected = toChainAnalysisOutput(analyzeChain(load(f)));
      const got = byFile.get(f) as AnalyticsSnapshot;
      expect(got.gex.total, f).toBe(expected.gex.total);
      expect(got.gex.byExpiry, f).toEqual(expected.gex.byExpiry);
      expect(got.maxPain, f).toEqual(expected.maxPain);
      expect(got.contracts.length, f).toBe(expected.contracts);
    }
    const spx2022 = toChainAnalysisOutput(analyzeChain(load(FILES[3])));
    const spx = await api().get('/gex/SPX');
    expect(spx.body.asOf).toBe(new Date(spx2022.asOf).toISOString());
    expect(spx.body.flip).toBe(spx2022.flip);
    expect(spx.body.callWalls).toEqual(spx2022.callWalls);
    const mp = await api().get('/max-pain/SPX');
    expect(mp.status).toBe(200);
    expect(mp.body.maxPain).toEqual(spx2022.maxPain);
  });

  it('GET /analytics/:symbol returns the whole snapshot, with IV rank from the stored history', async () => {
    const res = await api().get('/analytics/SPY');
    expect(res.status).toBe(200);
    const s = res.body as AnalyticsSnapshot;
    expect(s.symbol).toBe('SPY');
    expect(s.snapshotId).toBe(spy.snapshotId);
    expect(s.contracts.length).toBe(analyzeChain(spy).contracts);
    expect(s.expiredDropped).toBe(0); // this file lists no same-day expiry
    // The SPX 2025 quote is after the close and still lists that day's expiry: dropped, counted.
    const spx2025 = byFile.get(FILES[1]) as AnalyticsSnapshot;
    expect(spx2025.expiredDropped).toBe(analyzeChain(load(FILES[1])).expiredDropped);
    expect(spx2025.expiredDropped).toBeGreaterThan(0);
    expect(s.atmIv).toBeGreaterThan(0.05);
    expect(s.ivRank).not.toBeNull();
    expect(s.ivPercentile).not.toBeNull();
    expect(s.realizedVol.closeToClose).toBeGreaterThan(0);
    expect(s.volForecast?.error).not.toBeNull();
    expect(s.liquidity.grade).toMatch(/^[A-F]$/);
    const slim = await api().get('/analytics/SPY?contracts=false');
    expect(slim.body.contracts).toEqual([]);
    expect(slim.body.gex.total).toBe(s.gex.total);
    const list = await api().get('/analytics');
    expect(list.body.symbols).toEqual(['NVDA', 'SPX', 'SPY']);
  });

  it('GET /greeks/:symbol gives the ATM call and put; /delta the DEX', async () => {
    const res = await api().get('/greeks/SPY');
    expect(res.status).toBe(200);
    expect(Math.abs(res.body.strike - spy.spot)).toBeLessThanOrEqual(1);
    expect(res.body.call.delta).toBeGreaterThan(0.3);
    expect(res.body.put.delta).toBeLessThan(-0.3);
    expect(res.body.call.occSymbol).toMatch(/^SPY\d{6}C/);
    const later = await api().get(
      `/greeks/SPY?expiry=${snapshots.get('SPY')?.termStructure[3].expiry}`,
    );
    expect(later.status).toBe(200);
    expect((await api().get('/greeks/SPY?expiry=2099-01-01')).status).toBe(404);
    expect((await api().get('/greeks/SPY?expiry=soon')).status).toBe(400);
    const delta = await api().get('/greeks/SPY/delta');
    expect(delta.status).toBe(200);
    expect(delta.body.dex.total).toBeCloseTo(analyzeChain(spy).dex.total, 0);
  });

  it('GET /max-pain/:symbol/bias', async () => {
    const res = await api().get('/max-pain/NVDA/bias');
    expect(res.status).toBe(200);
    const nvda = snapshots.get('NVDA') as AnalyticsSnapshot;
    expect(res.body.bias).toEqual(nvda.maxPainBias);
    expect(['bullish', 'bearish', 'neutral']).toContain(res.body.bias.bias);
  });

  it('POST /greeks/portfolio nets snapshot and model positions; bad bodies get 400', async () => {
    const s = snapshots.get('SPY') as AnalyticsSnapshot;
    const c = s.contracts.find(
      (x) => x.delta !== null && x.openInterest > 0,
    ) as AnalyticsSnapshot['contracts'][number];
    const model = { type: 'put' as const, S: 100, K: 95, T: 0.25, r: 0.04, q: 0, sigma: 0.3 };
    const res = await api()
      .post('/greeks/portfolio')
      .send({
        positions: [
          { symbol: 'spy', occSymbol: c.occSymbol, quantity: 2 },
          { ...model, quantity: -3 },
        ],
      });
    expect(res.status).toBe(200);
    const g = bsmGreeks(model);
    expect(res.body.net.delta).toBeCloseTo((c.delta as number) * 200 + g.delta * -300, 9);
    expect(res.body.net.vega).toBeCloseTo((c.vega as number) * 200 + g.vega * -300, 9);
    expect(res.body.positions[1].source).toBe('model');
    portfolioResponse.strict().parse(res.body);

    const bad = await api()
      .post('/greeks/portfolio')
      .send({ positions: [{ type: 'call', S: -1, K: 1, T: 1, sigma: 0.2, quantity: 1 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('Invalid portfolio request');
    expect(bad.body.issues.length).toBeGreaterThan(0);
    expect((await api().post('/greeks/portfolio').send({ positions: [] })).status).toBe(400);
    const unknown = await api()
      .post('/greeks/portfolio')
      .send({ positions: [{ symbol: 'SPY', occSymbol: 'SPY000000C00000001', quantity: 1 }] });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(/not in the latest SPY chain/);
  });

  it('404 with a clear body for an unknown symbol; 400 for a malformed one', async () => {
    for (const path of [
      '/greeks/XYZ',
      '/greeks/XYZ/delta',
      '/gex/XYZ',
      '/max-pain/XYZ',
      '/max-pain/XYZ/bias',
      '/analytics/XYZ',
    ]) {
      const res = await api().get(path);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: 'No analytics for symbol XYZ',
      });
    }
    expect((await api().get('/gex/%24%24%24')).status).toBe(400);
  });

  it('answers match the response schemas in the OpenAPI document', async () => {
    const get = async (path: string) => (await api().get(path)).body as unknown;
    for (const sym of ['SPY', 'SPX', 'NVDA']) {
      atmGreeksResponse.strict().parse(await get(`/greeks/${sym}`));
      deltaResponse.strict().parse(await get(`/greeks/${sym}/delta`));
      gexResponse.strict().parse(await get(`/gex/${sym}`));
      maxPainResponse.strict().parse(await get(`/max-pain/${sym}`));
      maxPainBiasResponse.strict().parse(await get(`/max-pain/${sym}/bias`));
    }
    symbolsResponse.strict().parse(await get('/analytics'));
  });

  it('serves the OpenAPI document with every route', async () => {
    const res = await api().get('/docs-json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths).sort()).toEqual(
      [
        '/analytics',
        '/analytics/{symbol}',
        '/gex/{symbol}',
        '/greeks/portfolio',
        '/greeks/{symbol}',
        '/greeks/{symbol}/delta',
        '/max-pain/{symbol}',
        '/max-pain/{symbol}/bias',
      ].sort(),
    );
    expect((await api().get('/docs')).status).toBe(200);
    const gex =
      res.body.paths['/gex/{symbol}'].get.responses['200'].content['application/json'].schema;
    expect(gex.properties.flip).toBeDefined();
    expect(gex.required).toContain('callWalls');
    const body =
      res.body.paths['/greeks/portfolio'].post.requestBody.content['application/json'].schema;
    expect(JSON.stringify(body)).toContain('occSymbol');
  });

  it('stores the latest snapshot in Redis, the daily row in PostgreSQL, and beats heartbeats', async () => {
    const raw = await redis.get(`${prefix}:analytics:latest:SPY`);
    expect(JSON.parse(raw as string).snapshotId).toBe(spy.snapshotId);
    expect(await redis.ttl(`${prefix}:analytics:latest:SPY`)).toBeGreaterThan(0);
    const rows = (await db.db.dataSource.query(
      `SELECT symbol, to_char(trade_date, 'YYYY-MM-DD') AS d, close, net_gex, atm_iv FROM analytics_daily WHERE symbol = 'SPY' AND trade_date = '2025-09-25'`,
    )) as { symbol: string; d: string; close: number; net_gex: number; atm_iv: number }[];
    expect(rows).toHaveLength(1);
    expect(rows[0].close).toBe(spy.spot);
    expect(rows[0].net_gex).toBeCloseTo(snapshots.get('SPY')?.gex.total as number, 0);
    expect(rows[0].atm_iv).toBeCloseTo(snapshots.get('SPY')?.atmIv as number, 12);
    expect(heartbeats.ageMs('analytics:SPY')).toBe(0);
    expect(heartbeats.ageMs('analytics:NVDA')).toBe(0);
  });

  it('a second process (API role) reads the latest snapshot from Redis', async () => {
    const other = new AnalyticsService(
      config,
      clock,
      db.db.dataSource,
      redis,
      new Heartbeats(clock),
      new Registry(),
    );
    const s = await other.latest('spy');
    expect(s?.snapshotId).toBe(spy.snapshotId);
    expect(s?.gex.total).toBe(snapshots.get('SPY')?.gex.total);
    expect(await other.symbols()).toEqual(['NVDA', 'SPX', 'SPY']);

    // The large JSON is parsed again only after a new write.
    const cache = new SnapshotCache(redis, prefix, 60);
    const a = await cache.get('SPY');
    const b = await cache.get('SPY');
    expect(b).toBe(a);
    expect(cache.fullReads).toBe(1);
    await service.ingest(spy);
    const c = await cache.get('SPY');
    expect(c).not.toBe(a);
    expect(c?.snapshotId).toBe(spy.snapshotId);
    expect(cache.fullReads).toBe(2);
    expect(await cache.get('NOPE')).toBeNull();
  });

  it('works without Redis (memory only) and rejects a malformed snapshot without changing anything', async () => {
    const local = new AnalyticsService(
      config,
      clock,
      db.db.dataSource,
      null,
      new Heartbeats(clock),
      new Registry(),
    );
    expect(await local.latest('QQQ')).toBeNull();
    const chain = syntheticChain({ symbol: 'QQQ', spot: 400, asOf: '2026-03-02T15:00:00Z' });
    const first = await local.ingest(chain);
    await expect(local.ingest({ ...chain, spot: -1 })).rejects.toBeInstanceOf(
      InvalidChainSnapshotError,
    );
    await expect(local.ingest({ ...chain, underlying: '' })).rejects.toThrow(/underlying/);
    expect((await local.latest('QQQ'))?.snapshotId).toBe(first.snapshotId);
    expect(await redis.exists(`${prefix}:analytics:latest:QQQ`)).toBe(0);
  });

  it('takes market events since the last chain: ticks, book and option prints of its symbol', async () => {
    const local = new AnalyticsService(
      config,
      clock,
      db.db.dataSource,
      null,
      new Heartbeats(clock),
      new Registry(),
    );
    const chain = syntheticChain({ symbol: 'IWM', spot: 200, asOf: '2026-03-02T15:40:00Z' });
    const start = Date.UTC(2026, 2, 2, 14, 30);
    const events: MarketEvent[] = [];
    for (let i = 0; i < 40 * 6; i++) {
      const price = 200 + Math.sin(i / 9);
      events.push({ kind: 'tick', symbol: 'IWM', at: start + i * 10_000, price, size: 200 });
      events.push({ kind: 'tick', symbol: 'SPY', at: start + i * 10_000, price: 600, size: 1 });
    }
    events.push({
      kind: 'book',
      symbol: 'IWM',
      at: start,
      bids: [{ price: 199.99, size: 300 }],
      asks: [{ price: 200.01, size: 100 }],
    });
    const occ = chain.contracts[0].occSymbol;
    events.push({
      kind: 'option_trade',
      occSymbol: occ,
      underlying: 'IWM',
      at: start,
      price: 1.5,
      size: 250,
      side: 'buy',
      block: true,
      premium: 37_500,
    });
    const s = await local.ingestWithEvents(chain, events);
    expect(s.orderBookImbalance).toBeCloseTo(0.5, 12);
    expect(s.flow).toMatchObject({ blockTrades: 1, netPremium: 37_500 });
    expect(s.indicators.rsi14).not.toBeNull();
    expect(s.indicators.vwap).toBeGreaterThan(199);
    expect(s.indicators.vwap).toBeLessThan(201);
  });

  it('writes the daily row at most every ANALYTICS_DAILY_WRITE_MS and never loses a day’s last figures', async () => {
    const local = new AnalyticsService(
      config,
      clock,
      db.db.dataSource,
      null,
      new Heartbeats(clock),
      new Registry(),
    );
    const closeOf = async (date: string): Promise<number | null> => {
      const rows = (await db.db.dataSource.query(
        `SELECT close FROM analytics_daily WHERE symbol = 'DIA' AND trade_date = $1::date`,
        [date],
      )) as { close: number }[];
      return rows[0]?.close ?? null;
    };
    await local.ingest(syntheticChain({ symbol: 'DIA', spot: 400, asOf: '2026-03-02T15:00:00Z' }));
    expect(await closeOf('2026-03-02')).toBe(400);
    clock.advance(10_000);
    await local.ingest(syntheticChain({ symbol: 'DIA', spot: 401, asOf: '2026-03-02T15:00:10Z' }));
    expect(await closeOf('2026-03-02')).toBe(400); // held back: within the write interval
    clock.advance(10_000);
    await local.ingest(
      syntheticChain({
        symbol: 'DIA',
        spot: 402,
        asOf: '2026-03-03T15:00:00Z',
        expiries: ['2026-03-06'],
      }),
    );
    expect(await closeOf('2026-03-02')).toBe(401); // the held-back row, written as the next day starts
    expect(await closeOf('2026-03-03')).toBe(402);
    clock.advance(10_000);
    await local.ingest(
      syntheticChain({
        symbol: 'DIA',
        spot: 403,
        asOf: '2026-03-03T15:00:20Z',
        expiries: ['2026-03-06'],
      }),
    );
    expect(await closeOf('2026-03-03')).toBe(402);
    await local.onModuleDestroy();
    expect(await closeOf('2026-03-03')).toBe(403);
  });

  it('keeps producing analytics when PostgreSQL is unavailable', async () => {
    const gone = await openTestDatabase();
    const local = new AnalyticsService(
      config,
      clock,
      gone.db.dataSource,
      null,
      new Heartbeats(clock),
      new Registry(),
    );
    await gone.drop(); // closes the connection pool and drops the schema
    const s = await local.ingest(
      syntheticChain({ symbol: 'TLT', spot: 90, asOf: '2026-03-02T15:00:00Z' }),
    );
    expect(s.symbol).toBe('TLT');
    expect(s.gex.total).not.toBe(0);
    expect(s.ivRank).toBeNull();
    expect((await local.latest('TLT'))?.snapshotId).toBe(s.snapshotId);
  });

  it('a restarted service continues from the stored daily history', async () => {
    const restarted = new AnalyticsService(
      config,
      clock,
      db.db.dataSource,
      redis,
      new Heartbeats(clock),
      new Registry(),
    );
    const again = await restarted.ingest(spy);
    const before = snapshots.get('SPY') as AnalyticsSnapshot;
    expect(again.ivRank).toBeCloseTo(before.ivRank as number, 12);
    expect(again.ivPercentile).toBeCloseTo(before.ivPercentile as number, 12);
    const history = await restarted.dailyHistory('SPY', '2025-09-25');
    expect(history.at(-1)?.date).toBe('2025-09-25');
    expect(history).toHaveLength(61);
  });
});
