import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { busiestWindow } from '../../support/windows.js';
import { redisRateLimits, type RateLimits } from '../../../src/distribution/rate-limits.js';
import { LimiterStoppedError } from '../../../src/distribution/window-limiter.js';
import { TEST_REDIS_URL, uniqueRedisPrefix } from '../../support/database.js';

const LIMIT = 5;
const WINDOW_MS = 300;
/**
 * Redis counts a start when the script runs, a job stamps it when the answer is back: the way back
 * varies with the loop, so windows are counted a little short of the limit's window.
 */
const ANSWER_SLACK_MS = 40;

/** Two workers (two RateLimits on one prefix) each run `jobs` jobs through the limiter `key`. */
function twoWorkers(
  workers: RateLimits[],
  key: string,
  jobs: number,
): { stamps: number[]; done: Promise<number[][]> } {
  const stamps: number[] = [];
  const done = Promise.all(
    workers.map((w) => {
      const limiter = w.limiter(key, { limit: LIMIT, windowMs: WINDOW_MS });
      return Promise.all(
        Array.from({ length: jobs }, (_, i) =>
          limiter.schedule(async () => {
            stamps.push(performance.now());
            return i;
          }),
        ),
      );
    }),
  );
  return { stamps, done };
}

describe('limiters shared by every worker through Redis (a sliding window)', () => {
  const redis = new Redis(TEST_REDIS_URL);
  afterAll(() => {
    redis.disconnect();
  });

  it('two workers together start at most `limit` jobs in any window', async () => {
    const prefix = uniqueRedisPrefix('window');
    const workers = [
      redisRateLimits(TEST_REDIS_URL, prefix),
      redisRateLimits(TEST_REDIS_URL, prefix),
    ];
    const { stamps, done } = twoWorkers(workers, 'discord:webhook:1', 6);
    expect(await done).toEqual([
      [0, 1, 2, 3, 4, 5],
      [0, 1, 2, 3, 4, 5],
    ]);
    expect(stamps).toHaveLength(12);
    expect(busiestWindow(stamps, WINDOW_MS - ANSWER_SLACK_MS)).toBe(LIMIT);
    // The window lives in Redis, not in either process.
    expect(await redis.exists(`${prefix}:window:discord:webhook:1`)).toBe(1);
    for (const w of workers) await w.close();
  });

  it('keeps working, and limiting, after its key is flushed mid-way', async () => {
    const prefix = uniqueRedisPrefix('window-flush');
    const key = `${prefix}:window:telegram:group:-1001`;
    const workers = [
      redisRateLimits(TEST_REDIS_URL, prefix),
      redisRateLimits(TEST_REDIS_URL, prefix),
    ];
    const { stamps, done } = twoWorkers(workers, 'telegram:group:-1001', 6);
    while (stamps.length < LIMIT) await new Promise((resolve) => setImmediate(resolve));
    // The window is full: every other job waits for it. Redis loses it.
    expect(await redis.del(key)).toBe(1);
    const before = stamps.length;
    expect(await done).toEqual([
      [0, 1, 2, 3, 4, 5],
      [0, 1, 2, 3, 4, 5],
    ]);
    expect(before).toBe(LIMIT);
    // The starts after the flush begin a fresh window, held like the first.
    expect(busiestWindow(stamps.slice(before), WINDOW_MS - ANSWER_SLACK_MS)).toBe(LIMIT);
    expect(await redis.exists(key)).toBe(1);
    for (const w of workers) await w.close();
  });

  it('close() drops the jobs waiting for the shared window', async () => {
    const limits = redisRateLimits(TEST_REDIS_URL, uniqueRedisPrefix('window-close'));
    const limiter = limits.limiter('reddit:posts', { limit: 1, windowMs: 60_000 });
    const first = limiter.schedule(async () => 'sent');
    const waiting = [limiter.schedule(async () => 'b'), limiter.schedule(async () => 'c')].map(
      (w) => w.catch((err: unknown) => err),
    );
    expect(await first).toBe('sent');
    await limits.close();
    for (const w of waiting) expect(await w).toBeInstanceOf(LimiterStoppedError);
  });

  it('without Redis, each process keeps the window itself', async () => {
    const limits = redisRateLimits('redis://127.0.0.1:1', uniqueRedisPrefix('window-down'));
    const windowMs = 2_000;
    const limiter = limits.limiter('twitter:posts', { limit: 2, windowMs });
    const stamps: number[] = [];
    const results = await Promise.all(
      Array.from({ length: 3 }, (_, i) =>
        limiter.schedule(async () => {
          stamps.push(performance.now());
          return i;
        }),
      ),
    );
    expect(results).toEqual([0, 1, 2]);
    expect(stamps[2] - stamps[0]).toBeGreaterThanOrEqual(windowMs - 1);
    await limits.close();
  });
});
