import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../../src/common/clock.js';
import type { Database } from '../../../src/database/database.js';
import type { DistributionEngine } from '../../../src/distribution/distribution-engine.js';
import type { BullDelayQueue } from '../../../src/queue/bull-delay-queue.js';
import { openTestDatabase, TEST_REDIS_URL, uniqueRedisPrefix } from '../../support/database.js';
import { InMemoryRecipientDirectory, makeRecipients } from '../../support/recipients.js';
import { sampleSignal } from '../../unit/distribution/signal-fixtures.js';
import { buildEngine, waitFor } from '../distribution/harness.js';

/**
 * Redis restarted without its data (as after a failover to an empty replica): the queue's jobs are
 * gone and its connection drops. The reconnect itself wakes the reconciler (its minute tick and
 * the flush marker check are both far off here), so the rows still go out on time.
 */
describe('Redis connection lost and back, with the queued jobs gone', () => {
  const clock = new ScaledClock(Date.UTC(2026, 2, 2, 15, 0), 2);
  const prefix = uniqueRedisPrefix('reconnect');
  const redis = new Redis(TEST_REDIS_URL);
  let db: Database;
  let drop: () => Promise<void>;
  let engine: DistributionEngine;

  beforeAll(async () => {
    ({ db, drop } = await openTestDatabase());
    engine = buildEngine({
      db,
      clock,
      directory: new InMemoryRecipientDirectory(makeRecipients(5, 'basic')),
      outboxOnly: true,
      env: { DISTRIBUTION_DELAY_BASIC_S: '8', DISTRIBUTION_DELAY_FREE_S: '12' },
      queue: { kind: 'bull', redisUrl: TEST_REDIS_URL, prefix, resetCheckMs: 3_600_000 },
    });
    await engine.start({ consume: true, reconcile: true });
  });
  afterAll(async () => {
    await engine.stop();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await drop();
  });

  it('re-queues at once on the reconnect: every row on time', async () => {
    const signal = sampleSignal({ publishedAt: clock.now(), dataAsOf: clock.now() });
    await engine.planSignal(signal);
    await waitFor(async () => (await engine.queue.count()) > 0, 'jobs queued');
    // The data is lost (only this suite's queue keys, not the marker) and the connection drops.
    const queueKeys = (await redis.keys(`${prefix}:deliveries:*`)).filter(
      (k) => !k.endsWith(':marker'),
    );
    await redis.del(...queueKeys);
    expect(await engine.queue.count()).toBe(0);
    const client = (engine.queue as BullDelayQueue<unknown>).queue.client;
    const id = Number(await client.client('ID'));
    await redis.client('KILL', 'ID', String(id));

    const rows = async () => engine.store.list({ signalId: signal.id });
    await waitFor(
      async () => (await rows()).every((r) => r.status === 'sent'),
      'every row after the reconnect',
      30_000,
    );
    const all = await rows();
    const lateness = all.filter((r) => r.tier !== 'premium').map((r) => r.sentAt! - r.promisedAt);
    expect(Math.min(...all.map((r) => r.sentAt! - r.promisedAt))).toBeGreaterThanOrEqual(0);
    expect(Math.max(...lateness)).toBeLessThan(2_000);
    console.log(
      `after a reconnect with the jobs gone: ${all.length} rows sent, max lateness ` +
        `${Math.max(...lateness)} ms engine (${Math.max(...lateness) / clock.speed} ms wall)`,
    );
  });
});
