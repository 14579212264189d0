import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SystemClock } from '../../../src/common/clock.js';
import { TelegramSender } from '../../../src/distribution/adapters/telegram.js';
import {
  localRateLimits,
  redisRateLimits,
  type RateLimits,
} from '../../../src/distribution/rate-limits.js';
import { FakeTelegramApi } from '../../../src/sandbox/platforms/telegram.js';
import { TEST_REDIS_URL, uniqueRedisPrefix } from '../../support/database.js';

/** Two delivery workers (two senders) DM 45 subscribers each as fast as their limiters allow. */
async function twoWorkersSend(
  api: FakeTelegramApi,
  limits: [RateLimits, RateLimits],
): Promise<{ busiestSecond: number; sent: number }> {
  const workers = limits.map(
    (l) =>
      new TelegramSender({
        botToken: '123456:fake-token',
        apiRoot: api.apiRoot,
        groups: {},
        perSecond: 30,
        limits: l,
      }),
  );
  const before = api.requests.length;
  await Promise.all(
    workers.flatMap((w, k) =>
      Array.from({ length: 45 }, (_, i) =>
        w.send({
          deliveryId: `${k}-${i}`,
          tier: 'premium',
          recipient: `sub-${k}-${i}`,
          address: String(700_000 + k * 100 + i),
          message: { channel: 'telegram', html: `<b>signal</b> ${k}-${i}` },
          text: 'signal',
          idempotencyKey: `gd-${k}-${i}`,
          unsubscribe: null,
        }),
      ),
    ),
  );
  const times = api.requests
    .slice(before)
    .filter((r) => r.path.endsWith('/sendMessage'))
    .map((r) => r.receivedAt)
    .sort((a, b) => a - b);
  let busiest = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= 1_000) j++;
    busiest = Math.max(busiest, i - j + 1);
  }
  for (const l of limits) await l.close();
  return { busiestSecond: busiest, sent: times.length };
}

describe('platform limits shared by every worker through Redis', () => {
  let api: FakeTelegramApi;
  beforeAll(async () => {
    api = await FakeTelegramApi.start({ clock: new SystemClock() });
  });
  afterAll(async () => {
    await api.close();
  });

  it('two workers together stay within Telegram’s 30 messages a second', async () => {
    const prefix = uniqueRedisPrefix('limits');
    const result = await twoWorkersSend(api, [
      redisRateLimits(TEST_REDIS_URL, prefix),
      redisRateLimits(TEST_REDIS_URL, prefix),
    ]);
    expect(result.sent).toBe(90);
    expect(result.busiestSecond).toBeLessThanOrEqual(30);
  });

  it('keep working after Redis loses their state (flush, restart, idle keys expired)', async () => {
    const url = `${TEST_REDIS_URL.replace(/\/\d*$/, '')}/7`;
    const limits = redisRateLimits(url, uniqueRedisPrefix('flush'));
    const limiter = limits.limiter('probe', { limit: 2, windowMs: 10 });
    expect(await limiter.schedule(async () => 'before')).toBe('before');
    const redis = new Redis(url);
    await redis.flushdb();
    const after = await Promise.all(
      Array.from({ length: 5 }, (_, i) => limiter.schedule(async () => i)),
    );
    expect(after).toEqual([0, 1, 2, 3, 4]);
    redis.disconnect();
    await limits.close();
  });

  it('whereas limiters of each process alone let twice the rate through', async () => {
    const result = await twoWorkersSend(api, [localRateLimits(), localRateLimits()]);
    expect(result.sent).toBe(90);
    expect(result.busiestSecond).toBeGreaterThan(36);
  });
});
