import { describe, expect, it } from 'vitest';
import { redisRateLimits } from '../../../src/distribution/rate-limits.js';
import { TEST_REDIS_URL, uniqueRedisPrefix } from '../../support/database.js';

/** Keeps the event loop busy `busyMs` out of every `everyMs`, as an analytics pass would. */
function busyLoop(busyMs: number, everyMs: number): () => void {
  const timer = setInterval(() => {
    const end = performance.now() + busyMs;
    while (performance.now() < end) {
      /* spin */
    }
  }, everyMs);
  return () => clearInterval(timer);
}

describe('the shared Telegram pacer with the event loop busy', () => {
  it('keeps close to 30 sends a second without exceeding it, from batched reservations', async () => {
    const limits = redisRateLimits(TEST_REDIS_URL, uniqueRedisPrefix('busy'));
    const pacer = limits.pacer('telegram:overall', 35);
    const stopBusy = busyLoop(30, 60);
    const starts: number[] = [];
    try {
      await Promise.all(
        Array.from({ length: 120 }, () =>
          pacer.schedule(async () => {
            starts.push(performance.now());
          }),
        ),
      );
    } finally {
      stopBusy();
      await limits.close();
    }
    let busiest = 0;
    for (let i = 0, j = 0; i < starts.length; i++) {
      while (starts[i] - starts[j] >= 1_000) j++;
      busiest = Math.max(busiest, i - j + 1);
    }
    const rate = (starts.length - 1) / ((starts[starts.length - 1] - starts[0]) / 1000);
    expect(busiest).toBeLessThanOrEqual(30);
    // Half the loop's time goes to the spin; before, each send paid Redis round trips behind it.
    expect(rate).toBeGreaterThan(20);
  });
});
