/**
 * Two API processes on one Redis count the same rate limits (Redis storage of the throttler).
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../../src/bootstrap.js';
import { loadConfig } from '../../../src/config/config.js';
import { createLogger } from '../../../src/observability/logger.js';
import {
  openTestDatabase,
  reopenTestDatabase,
  TEST_REDIS_URL,
  uniqueRedisPrefix,
} from '../../support/database.js';

describe('rate limits shared through Redis', () => {
  const apps: RunningApp[] = [];
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const ctx = await openTestDatabase();
    drop = ctx.drop;
    const env = {
      ROLE: 'api',
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: uniqueRedisPrefix('doors'),
    };
    apps.push(
      await startApp(loadConfig(env), {
        database: ctx.db,
        port: 0,
        logger: createLogger('silent'),
      }),
    );
    const second = await reopenTestDatabase(ctx.schema);
    apps.push(
      await startApp(loadConfig(env), {
        database: second,
        port: 0,
        logger: createLogger('silent'),
      }),
    );
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await drop?.();
  });

  it('sign-ups to one address across two processes: the fourth is refused with Retry-After', async () => {
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 5; i++) {
      const res = await request(apps[i % 2].url!)
        .post('/subscribers')
        .send({ email: 'Shared.Target@example.com' });
      statuses.push(res.status);
      retryAfter ??= res.headers['retry-after'];
    }
    expect(statuses).toEqual([202, 202, 202, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(3000);
  });
});
