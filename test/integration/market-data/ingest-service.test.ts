import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import { Heartbeats } from '../../../src/common/heartbeats.js';
import { nyInstant } from '../../../src/common/market-calendar.js';
import { loadConfig } from '../../../src/config/config.js';
import { CoreModule } from '../../../src/core/core.module.js';
import type { ChainSnapshot } from '../../../src/market-data/chain-snapshot.js';
import { IngestService } from '../../../src/market-data/ingest.service.js';
import { MarketDataModule } from '../../../src/market-data/market-data.module.js';
import { LatestSnapshotStore } from '../../../src/market-data/storage/latest-snapshot-store.js';
import { openTestDatabase, TEST_REDIS_URL, uniqueRedisPrefix } from '../../support/database.js';
import { FakeAlphaVantage } from '../../../src/sandbox/providers/alphavantage.js';

const DATE = '2026-03-02';

/** Moves the fake clock in small steps, letting real I/O (HTTP, PostgreSQL) run in between. */
async function run(clock: FakeClock, ms: number, until?: () => boolean): Promise<void> {
  for (let t = 0; t < ms; t += 250) {
    clock.advance(250);
    await new Promise((r) => setTimeout(r, 5));
    if (until?.()) return;
  }
}

async function waitFor(check: () => boolean, clock: FakeClock, maxSimMs = 120_000): Promise<void> {
  await run(clock, maxSimMs, check);
  expect(check()).toBe(true);
}

describe('IngestService in a Nest app on real PostgreSQL and Redis', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let redis: Redis;
  let av: FakeAlphaVantage;
  let app: INestApplication | null = null;
  const prefix = `${uniqueRedisPrefix('ingest')}:`;

  beforeAll(async () => {
    db = await openTestDatabase();
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 2 });
    av = await new FakeAlphaVantage({
      apiKey: 'k',
      chains: { SPY: { symbol: 'SPY', spot: 601.25, date: DATE, contracts: 200 } },
    }).listen();
  });
  afterEach(async () => {
    await app?.close();
    app = null;
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    await av.close();
    await db?.drop();
  });

  async function boot(env: Record<string, string>, clock: FakeClock) {
    const config = loadConfig({
      NODE_ENV: 'test',
      MARKET_DATA_REDIS_PREFIX: prefix,
      MARKET_DATA_SYMBOLS: 'SPY,QQQ',
      MARKET_DATA_FAST_CHAIN_SYMBOLS: 'SPY',
      ...env,
    });
    const heartbeats = new Heartbeats(clock);
    const moduleRef = await Test.createTestingModule({
      imports: [
        CoreModule.forRoot({ config, clock, database: db.db, redis, heartbeats }),
        MarketDataModule,
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    return { service: app.get(IngestService), heartbeats };
  }

  it('ingests simulated chains on the plan’s cadence, stores the latest and hands each to subscribers', async () => {
    const clock = new FakeClock(nyInstant(DATE, '10:00') - 500);
    const { service, heartbeats } = await boot({ MARKET_DATA_PROVIDER: 'simulator' }, clock);
    expect(service.running).toBe(true);
    const seen: ChainSnapshot[] = [];
    const events: { symbol: string; kinds: Set<string>; symbols: Set<string> }[] = [];
    service.onSnapshot((s, extras) => {
      seen.push(s);
      events.push({
        symbol: s.underlying,
        kinds: new Set(extras.events.map((e) => e.kind)),
        symbols: new Set(
          extras.events.map((e) => (e.kind === 'option_trade' ? e.underlying : e.symbol)),
        ),
      });
    });
    await waitFor(() => seen.filter((s) => s.underlying === 'SPY').length >= 3, clock);
    // each chain comes with its own symbol's tape and book since its previous chain
    const later = events.filter((e) => e.symbol === 'SPY').slice(1);
    expect(later.every((e) => e.kinds.has('book'))).toBe(true);
    const kinds = new Set(events.flatMap((e) => [...e.kinds]));
    expect(kinds.has('tick') && kinds.has('option_trade')).toBe(true);
    expect(later.every((e) => [...e.symbols].every((x) => x === 'SPY'))).toBe(true);
    const spy = seen.filter((s) => s.underlying === 'SPY');
    // 0DTE cadence: one SPY chain per 5-second slot
    expect(Date.parse(spy[1].asOf) - Date.parse(spy[0].asOf)).toBe(5_000);
    expect(spy[0].source).toBe('simulator');
    await waitFor(() => seen.some((s) => s.underlying === 'QQQ'), clock);
    const stored = await redis.get(LatestSnapshotStore.key(prefix, 'SPY'));
    expect(stored).not.toBeNull();
    expect((JSON.parse(stored as string) as ChainSnapshot).underlying).toBe('SPY');
    expect(heartbeats.ageMs('market-data:chain:SPY')).toBeLessThan(6_000);
    await service.stop();
    const beats: { feed: string }[] = await db.db.dataSource.query(
      `SELECT feed FROM feed_heartbeat ORDER BY feed`,
    );
    expect(beats.map((b) => b.feed)).toEqual(['market-data:chain:QQQ', 'market-data:chain:SPY']);
  });

  it('records a changed AlphaVantage schema as an anomaly, archives the payload and keeps going', async () => {
    const clock = new FakeClock(nyInstant(DATE, '10:30') - 200);
    av.clear();
    av.fail({
      match: 'REALTIME_OPTIONS',
      status: 200,
      body: { endpoint: 'Realtime Options', message: 'success', options: [] },
    });
    const { service } = await boot(
      {
        MARKET_DATA_PROVIDER: 'alphavantage',
        ALPHAVANTAGE_API_KEY: 'k',
        ALPHAVANTAGE_BASE_URL: av.baseUrl,
        MARKET_DATA_SYMBOLS: 'SPY',
      },
      clock,
    );
    const seen: ChainSnapshot[] = [];
    service.onSnapshot((s) => void seen.push(s));
    await waitFor(() => seen.length >= 1, clock);
    await service.stop();
    const anomalies: { source: string; symbol: string; reason: string; path: string }[] =
      await db.db.dataSource.query(`SELECT source, symbol, reason, path FROM ingest_anomaly`);
    expect(anomalies).toContainEqual({
      source: 'alphavantage',
      symbol: 'SPY',
      reason: 'schema',
      path: 'data',
    });
    const archived: { n: string }[] = await db.db.dataSource.query(
      `SELECT count(*) AS n FROM raw_payload WHERE source = 'alphavantage' AND kind = 'chain'`,
    );
    expect(Number(archived[0].n)).toBeGreaterThanOrEqual(2);
    expect(seen[0].contracts.length).toBe(200);
    // the optional pulls ran too, against the same fake
    expect(av.requests.some((r) => r.query.function === 'TIME_SERIES_INTRADAY')).toBe(true);
  });

  it('on shutdown finishes the pull in flight, then stops', async () => {
    const clock = new FakeClock(nyInstant(DATE, '11:00') - 100);
    const { service } = await boot(
      { MARKET_DATA_PROVIDER: 'simulator', MARKET_DATA_SYMBOLS: 'SPY' },
      clock,
    );
    let release: () => void = () => {};
    let entered = 0;
    let finished = 0;
    service.onSnapshot(async () => {
      entered++;
      await new Promise<void>((r) => (release = r));
      finished++;
    });
    await waitFor(() => entered === 1, clock);
    const closing = app!.close();
    app = null;
    let closed = false;
    void closing.then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(closed).toBe(false);
    release();
    await closing;
    expect(finished).toBe(1);
    expect(service.running).toBe(false);
  });
});
