import { afterAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../../src/common/clock.js';
import { BullDelayQueue } from '../../../src/queue/bull-delay-queue.js';
import { TEST_REDIS_URL, uniqueRedisPrefix } from '../../support/database.js';

const until = async (cond: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('BullDelayQueue on real Redis', () => {
  const clock = new ScaledClock(Date.UTC(2026, 2, 2, 14, 30), 100);
  const q = new BullDelayQueue<{ n: number; due: number }>('bulltest', clock, {
    redisUrl: TEST_REDIS_URL,
    prefix: uniqueRedisPrefix('queue'),
  });
  afterAll(async () => {
    await q.queue.obliterate({ force: true });
    await q.close();
  });

  it('delays on the engine clock, dedupes pending ids, lists and removes jobs', async () => {
    await q.ping();
    const ran: { n: number; lateBy: number }[] = [];
    const due = clock.now() + 30_000; // 30 s engine = 300 ms wall at 100×
    await q.add('a', { n: 1, due }, { delayMs: 30_000 });
    await q.add('a', { n: 99, due }, { delayMs: 30_000 });
    await q.add('gone', { n: 2, due }, { delayMs: 30_000 });
    expect((await q.pendingIds()).sort()).toEqual(['a', 'gone']);
    expect(await q.getState('a')).toBe('delayed');
    expect(await q.remove('gone')).toBe(true);
    expect(await q.getState('gone')).toBe('missing');
    q.process(4, async (job) => {
      ran.push({ n: job.data.n, lateBy: clock.now() - job.data.due });
    });
    await until(() => ran.length === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(ran.map((r) => r.n)).toEqual([1]);
    expect(ran[0].lateBy).toBeGreaterThanOrEqual(-100); // ms-rounding of the wall delay only
    expect(await q.getState('a')).toBe('missing');
    await q.add('a', { n: 3, due: clock.now() });
    await until(() => ran.length === 2);
    expect(await q.count()).toBe(0);
  });
});
