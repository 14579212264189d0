import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../../src/common/clock.js';
import { loadConfig } from '../../../src/config/config.js';
import { Database } from '../../../src/database/database.js';
import type { DistributionEngine } from '../../../src/distribution/distribution-engine.js';
import { queueBackendFromConfig } from '../../../src/queue/queue-factory.js';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../../support/database.js';
import { InMemoryRecipientDirectory, makeRecipients } from '../../support/recipients.js';
import { sampleSignal } from '../../unit/distribution/signal-fixtures.js';
import { buildEngine, sleep, waitFor } from '../distribution/harness.js';

/** This suite owns Redis db 6 (the two deployments share it with their default prefixes). */
const SHARED_REDIS_URL = `${TEST_REDIS_URL.replace(/\/\d*$/, '')}/6`;

/**
 * Two deployments (each its own database, so the same delivery ids and job keys) on one Redis
 * with nothing but their default settings: neither takes the other's jobs, each delivers its own.
 */
describe('two deployments sharing one Redis', () => {
  const clock = new ScaledClock(Date.UTC(2026, 2, 2, 15, 0), 20);
  const names = [0, 1].map(() => `gd_${randomBytes(4).toString('hex')}`);
  const urls = names.map((n) => TEST_DATABASE_URL.replace(/\/[^/]*$/, `/${n}`));
  const redis = new Redis(SHARED_REDIS_URL);
  const dbs: Database[] = [];
  const engines: DistributionEngine[] = [];
  const processed: string[][] = [[], []];

  const admin = async (sql: string) => {
    const c = new Client({ connectionString: TEST_DATABASE_URL });
    await c.connect();
    await c.query(sql);
    await c.end();
  };

  beforeAll(async () => {
    await redis.flushdb();
    for (const [i, name] of names.entries()) {
      await admin(`CREATE DATABASE ${name}`);
      const env = { DATABASE_URL: urls[i], REDIS_URL: SHARED_REDIS_URL };
      const db = await Database.open(loadConfig({ NODE_ENV: 'test', ...env }));
      dbs.push(db);
      const engine = buildEngine({
        db,
        clock,
        directory: new InMemoryRecipientDirectory(makeRecipients(5, 'premium')),
        outboxOnly: true,
        env: { DISTRIBUTION_DELAY_BASIC_S: '20', DISTRIBUTION_DELAY_FREE_S: '40' },
        queue: queueBackendFromConfig(loadConfig({ NODE_ENV: 'test', ...env })),
      });
      // Which job keys each deployment's worker ran.
      const run = engine.processJob.bind(engine);
      engine.processJob = async (key, given) => {
        processed[i].push(key);
        await run(key, given);
      };
      engines.push(engine);
    }
    // No reconciler: a job taken by the other deployment would stay lost.
    for (const e of engines) await e.start({ consume: true, reconcile: false });
  });
  afterAll(async () => {
    for (const e of engines) await e.stop();
    for (const db of dbs) await db.close();
    for (const name of names) await admin(`DROP DATABASE IF EXISTS ${name}`);
    await redis.flushdb();
    redis.disconnect();
  });

  it('each delivers its own rows and runs only its own jobs', async () => {
    const counts: number[] = [];
    for (const engine of engines) {
      for (let i = 0; i < 3; i++) {
        const s = sampleSignal({
          id: `SIG-20260302-7${i}0`,
          publishedAt: clock.now(),
          dataAsOf: clock.now(),
        });
        await engine.planSignal(s);
      }
      counts.push((await engine.store.list({})).length);
    }
    // The same plan in both databases: the same ids and job keys.
    expect(counts[0]).toBe(counts[1]);
    const allSent = async (e: DistributionEngine) =>
      (await e.store.list({})).every((r) => r.status === 'sent');
    await waitFor(
      async () => (await allSent(engines[0])) && (await allSent(engines[1])),
      'both deployments deliver everything',
      20_000,
    );
    await sleep(100);
    const keys = await Promise.all(
      engines.map(async (e) => new Set((await e.store.list({})).map((r) => r.jobKey))),
    );
    for (const i of [0, 1]) {
      expect(processed[i].every((k) => keys[i].has(k.split('~')[0]))).toBe(true);
      // Each of its own jobs ran in its own worker (none was swallowed by the other's queue).
      expect(new Set(processed[i].map((k) => k.split('~')[0]))).toEqual(keys[i]);
    }
    const prefixes = urls.map(
      (u) =>
        loadConfig({ NODE_ENV: 'test', DATABASE_URL: u, REDIS_URL: SHARED_REDIS_URL }).QUEUE_PREFIX,
    );
    expect(prefixes[0]).not.toBe(prefixes[1]);
    console.log(
      `shared Redis: ${counts.join(' + ')} rows expected; sent ${counts.join(' + ')}; ` +
        `jobs run by the wrong deployment: 0; prefixes ${prefixes.join(', ')}`,
    );
  });
});
