import { describe, expect, it } from 'vitest';
import { busiestWindow } from '../../support/windows.js';
import { localRateLimits } from '../../../src/distribution/rate-limits.js';
import {
  LimiterStoppedError,
  WindowLimiter,
  localWindow,
  type TakeStart,
} from '../../../src/distribution/window-limiter.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('WindowLimiter (this process)', () => {
  it('starts an allowed job at once, inside schedule, and a burst within the limit before any timer or I/O turn', async () => {
    const limiter = new WindowLimiter(localWindow({ limit: 5, windowMs: 1_000 }));
    const ran: number[] = [];
    let ranBeforeImmediate: number[] = [];
    const immediate = new Promise<void>((resolve) =>
      setImmediate(() => {
        ranBeforeImmediate = [...ran];
        resolve();
      }),
    );
    const first = limiter.schedule(async () => {
      ran.push(0);
      return 'first';
    });
    // Started synchronously: no timer, no yield.
    expect(ran).toEqual([0]);
    const rest = [1, 2, 3, 4].map((i) =>
      limiter.schedule(async () => {
        ran.push(i);
        return i;
      }),
    );
    await immediate;
    expect(ranBeforeImmediate).toEqual([0, 1, 2, 3, 4]);
    expect(await first).toBe('first');
    expect(await Promise.all(rest)).toEqual([1, 2, 3, 4]);
    limiter.stop();
  });

  it('lets at most `limit` starts into any window, in the order scheduled', async () => {
    const windowMs = 200;
    const limiter = new WindowLimiter(localWindow({ limit: 5, windowMs }));
    const stamps: number[] = [];
    const order: number[] = [];
    const results = await Promise.all(
      Array.from({ length: 13 }, (_, i) =>
        limiter.schedule(async () => {
          stamps.push(performance.now());
          order.push(i);
          return i;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 13 }, (_, i) => i));
    expect(order).toEqual(results);
    // The job stamps its start a few µs after the limiter counted it.
    expect(busiestWindow(stamps, windowMs - 0.5)).toBe(5);
    for (let i = 5; i < stamps.length; i++)
      expect(stamps[i] - stamps[i - 5]).toBeGreaterThanOrEqual(windowMs - 0.5);
  });

  it('runs one job at a time, even when the window allows more', async () => {
    const limiter = new WindowLimiter(localWindow({ limit: 100, windowMs: 1_000 }));
    let running = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        limiter.schedule(async () => {
          running++;
          most = Math.max(most, running);
          await sleep(5);
          order.push(i);
          running--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    limiter.stop();
  });

  it('a failing job (thrown or rejected) fails alone; the next still runs', async () => {
    const limiter = new WindowLimiter(localWindow({ limit: 10, windowMs: 1_000 }));
    const thrown = limiter.schedule((): Promise<number> => {
      throw new Error('sync');
    });
    const rejected = limiter.schedule(async () => Promise.reject(new Error('async')));
    const fine = limiter.schedule(async () => 'ok');
    await expect(thrown).rejects.toThrow('sync');
    await expect(rejected).rejects.toThrow('async');
    expect(await fine).toBe('ok');
    limiter.stop();
  });

  it('stop drops the waiting jobs with LimiterStoppedError and lets the running one finish', async () => {
    const limiter = new WindowLimiter(localWindow({ limit: 1, windowMs: 60_000 }));
    let finish: () => void = () => undefined;
    const running = limiter.schedule(
      () => new Promise<string>((resolve) => (finish = () => resolve('finished'))),
    );
    const waiting = [limiter.schedule(async () => 'b'), limiter.schedule(async () => 'c')];
    limiter.stop();
    for (const w of waiting) await expect(w).rejects.toBeInstanceOf(LimiterStoppedError);
    await expect(limiter.schedule(async () => 'late')).rejects.toBeInstanceOf(LimiterStoppedError);
    finish();
    expect(await running).toBe('finished');
  });

  it('a job waiting for the window (on its timer) is dropped at once by close()', async () => {
    const limits = localRateLimits();
    const limiter = limits.limiter('platform', { limit: 1, windowMs: 60_000 });
    expect(limits.limiter('platform', { limit: 1, windowMs: 60_000 })).toBe(limiter);
    expect(await limiter.schedule(async () => 'a')).toBe('a');
    const waiting = limiter.schedule(async () => 'b');
    const settled = waiting.then(
      () => 'ran',
      (err: unknown) => (err instanceof LimiterStoppedError ? 'dropped' : 'other'),
    );
    await sleep(20);
    await limits.close();
    expect(await settled).toBe('dropped');
  });

  it('waits for a shared store’s answer, and asks again when it failed', async () => {
    const own = localWindow({ limit: 2, windowMs: 1_000 });
    let asks = 0;
    const take: TakeStart = async () => {
      asks++;
      if (asks === 1) throw new Error('store down');
      await sleep(1);
      return own();
    };
    const limiter = new WindowLimiter(take);
    expect(await Promise.all([1, 2].map((i) => limiter.schedule(async () => i)))).toEqual([1, 2]);
    expect(asks).toBe(3);
    limiter.stop();
  });
});
