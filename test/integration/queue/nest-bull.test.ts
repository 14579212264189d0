import { getQueueToken } from '@nestjs/bull';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../../src/bootstrap.js';
import { loadConfig } from '../../../src/config/config.js';
import { Database } from '../../../src/database/database.js';
import { DistributionService } from '../../../src/distribution/distribution.service.js';
import { createLogger } from '../../../src/observability/logger.js';
import { BullDelayQueue } from '../../../src/queue/bull-delay-queue.js';
import {
  openTestDatabase,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
  uniqueRedisPrefix,
} from '../../support/database.js';
import { sampleSignal } from '../../unit/distribution/signal-fixtures.js';
import { sleep, waitFor } from '../distribution/harness.js';

/**
 * With REDIS_URL the app's delivery queue is @nestjs/bull's (BullModule.forRootAsync +
 * registerQueue) behind the DelayQueue port, consumed by the processor provider only where the
 * ROLE consumes queues: an api process plans and queues, a worker process delivers.
 */
describe('delivery queue through @nestjs/bull', () => {
  const prefix = uniqueRedisPrefix('nestbull');
  const apps: RunningApp[] = [];
  let drop: (() => Promise<void>) | null = null;
  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await drop?.();
    const redis = new Redis(TEST_REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('api queues, only the worker role processes, both on the Nest-managed Bull queue', async () => {
    const ctx = await openTestDatabase();
    drop = ctx.drop;
    const env = {
      LOG_LEVEL: 'silent',
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: prefix,
      DISTRIBUTION_DELAY_BASIC_S: '1',
      DISTRIBUTION_DELAY_FREE_S: '2',
    };
    const start = async (role: string, database: Database) => {
      const app = await startApp(loadConfig({ ...env, ROLE: role }), {
        database,
        logger: createLogger('silent'),
      });
      apps.push(app);
      return app;
    };
    const api = await start('api', ctx.db);
    const apiEngine = api.app.get(DistributionService).engine;
    const nestQueue: unknown = api.app.get(getQueueToken('deliveries'), { strict: false });
    expect(apiEngine.queue).toBeInstanceOf(BullDelayQueue);
    expect((apiEngine.queue as BullDelayQueue<unknown>).queue).toBe(nestQueue);

    const signal = sampleSignal({ publishedAt: api.clock.now(), dataAsOf: api.clock.now() });
    await apiEngine.planSignal(signal);
    await sleep(1_000);
    const rows = () => apiEngine.store.list({ signalId: signal.id });
    // Nobody consumes in the api role: every row still waits, its job in Redis.
    expect((await rows()).every((r) => r.status === 'scheduled')).toBe(true);
    expect(await apiEngine.queue.count()).toBeGreaterThan(0);

    const workerDb = await Database.open(
      {
        DATABASE_URL: TEST_DATABASE_URL,
        DATA_DIR: '.data',
        EMBEDDED_DB_IN_MEMORY: true,
        EMBEDDED_DB_PORT: 0,
      },
      { schema: ctx.schema },
    );
    const worker = await start('worker', workerDb);
    await waitFor(
      async () => (await rows()).every((r) => r.status === 'sent'),
      'the worker delivers every row',
      20_000,
    );
    const all = await rows();
    expect(all.every((r) => r.sentAt! >= r.promisedAt && r.attempts === 1)).toBe(true);
    expect(worker.app.get(DistributionService).engine.queue).toBeInstanceOf(BullDelayQueue);
  });
});
