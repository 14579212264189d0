import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import { Heartbeats } from '../../../src/common/heartbeats.js';
import { normalizeChain } from '../../../src/market-data/normalize/chain-normalizer.js';
import { AnomalyLog } from '../../../src/market-data/storage/anomaly-log.js';
import { FeedHeartbeatStore } from '../../../src/market-data/storage/feed-heartbeat-store.js';
import { LatestSnapshotStore } from '../../../src/market-data/storage/latest-snapshot-store.js';
import { RawPayloadArchive } from '../../../src/market-data/storage/raw-payload-archive.js';
import { createDataSource } from '../../../src/database/data-source.js';
import {
  openTestDatabase,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
  uniqueRedisPrefix,
} from '../../support/database.js';

const AT = Date.UTC(2026, 2, 2, 15, 0, 0);

function snapshot(asOfMs: number, bid: number) {
  return normalizeChain(
    [
      {
        contractId: 'SPY260306C00600000',
        expiry: '2026-03-06',
        strike: 600,
        right: 'call',
        bid,
        ask: bid + 0.1,
        last: null,
        volume: 1,
        openInterest: 2,
        iv: null,
        delta: null,
        gamma: null,
        theta: null,
        vega: null,
      },
    ],
    { source: 'test', underlying: 'SPY', spot: 601, asOfMs, staleAfterMs: 60_000 },
  );
}

describe('market-data storage on real PostgreSQL and Redis', () => {
  let ctx: Awaited<ReturnType<typeof openTestDatabase>>;
  let redis: Redis;
  const prefix = `${uniqueRedisPrefix('market-data')}:`;

  beforeAll(async () => {
    ctx = await openTestDatabase();
    redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    await ctx?.drop();
  });

  it('archives raw payloads gzip-compressed with their sha256, and reads them back', async () => {
    const archive = new RawPayloadArchive(ctx.db.dataSource);
    const body = JSON.stringify({
      data: Array.from({ length: 500 }, (_, i) => ({ strike: String(i) })),
    });
    archive.record({ source: 'alphavantage', symbol: 'SPY', kind: 'chain', fetchedAtMs: AT, body });
    archive.record({
      source: 'alphavantage',
      symbol: 'SPY',
      kind: 'chain',
      fetchedAtMs: AT + 5_000,
      body: '{"Information":"limit"}',
    });
    await archive.flush();
    expect(archive.written).toBe(2);
    const rows: { bytes: number; stored: number; sha256: string }[] = await ctx.db.dataSource.query(
      `SELECT bytes, octet_length(body_gzip) AS stored, sha256 FROM raw_payload ORDER BY fetched_at`,
    );
    expect(rows[0].bytes).toBe(body.length);
    expect(rows[0].stored).toBeLessThan(body.length / 3);
    const latest = await archive.latest('SPY');
    expect(latest[0].body).toBe('{"Information":"limit"}');
    expect(latest[1].body).toBe(body);
    expect(latest[1].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(latest[1].fetchedAt.toISOString()).toBe('2026-03-02T15:00:00.000Z');
  });

  it('records anomalies with reason and path, and keeps going when the database fails', async () => {
    const log = new AnomalyLog(ctx.db.dataSource);
    log.record({
      source: 'massive',
      symbol: 'SPY',
      atMs: AT,
      reason: 'schema',
      path: 'results.0.details',
      detail: { message: 'renamed' },
    });
    await log.flush();
    const rows: { reason: string; path: string; detail: { message: string } }[] =
      await ctx.db.dataSource.query(`SELECT reason, path, detail FROM ingest_anomaly`);
    expect(rows).toEqual([
      { reason: 'schema', path: 'results.0.details', detail: { message: 'renamed' } },
    ]);
    // a real DataSource that is not connected: every query fails
    const down = createDataSource({ url: TEST_DATABASE_URL, poolSize: 1 });
    const broken = new AnomalyLog(down);
    broken.record({
      source: 'massive',
      symbol: null,
      atMs: AT,
      reason: 'malformed',
      path: null,
      detail: {},
    });
    await broken.flush();
    expect(broken.failures).toBe(1);
    expect(broken.recent()).toHaveLength(1);
  });

  it('keeps heartbeats per feed in memory and in feed_heartbeat', async () => {
    const clock = new FakeClock(AT);
    const heartbeats = new Heartbeats(clock);
    const feeds = new FeedHeartbeatStore(heartbeats, ctx.db.dataSource);
    feeds.beat('market-data:chain:SPY', AT, { contracts: 1 });
    feeds.beat('market-data:chain:SPY', AT + 5_000, { contracts: 2 });
    feeds.beat('market-data:chain:QQQ', AT + 1_000);
    await feeds.flush();
    clock.advance(10_000);
    expect(heartbeats.ageMs('market-data:chain:SPY')).toBe(5_000);
    const stored = await feeds.stored();
    expect(stored.map((s) => [s.feed, s.lastBeatAt.toISOString(), s.detail])).toEqual([
      ['market-data:chain:QQQ', '2026-03-02T15:00:01.000Z', {}],
      ['market-data:chain:SPY', '2026-03-02T15:00:05.000Z', { contracts: 2 }],
    ]);
  });

  it('keeps the latest snapshot per symbol in memory and in Redis with a TTL, never older over newer', async () => {
    const store = new LatestSnapshotStore(redis, { ttlSeconds: 180, keyPrefix: prefix });
    const newer = snapshot(AT + 5_000, 1.2);
    await store.put(newer);
    await store.put(snapshot(AT, 1.1));
    expect((await store.get('SPY'))?.snapshotId).toBe(newer.snapshotId);
    const key = LatestSnapshotStore.key(prefix, 'SPY');
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(170);
    expect(ttl).toBeLessThanOrEqual(180);
    // another process (fresh store, empty memory) reads it from Redis
    const reader = new LatestSnapshotStore(redis, { ttlSeconds: 180, keyPrefix: prefix });
    expect(await reader.get('spy')).toEqual(newer);
    const memoryOnly = new LatestSnapshotStore(null, { ttlSeconds: 180 });
    await memoryOnly.put(newer);
    expect(await memoryOnly.get('SPY')).toBe(newer);
    expect(await memoryOnly.get('QQQ')).toBeNull();
  });
});
