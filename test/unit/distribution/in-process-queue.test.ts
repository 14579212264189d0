import { describe, expect, it } from 'vitest';
import { FakeClock, ScaledClock } from '../../../src/common/clock.js';
import { engineToWallMs } from '../../../src/queue/delay-queue.js';
import { InProcessDelayQueue } from '../../../src/queue/in-process-delay-queue.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('InProcessDelayQueue', () => {
  it('runs a job only once the engine clock passes its delay', async () => {
    const clock = new FakeClock();
    const q = new InProcessDelayQueue<{ n: number }>('t', clock);
    const ran: number[] = [];
    q.process(2, async (job) => {
      ran.push(job.data.n);
    });
    await q.add('a', { n: 1 }, { delayMs: 60_000 });
    await q.add('b', { n: 2 });
    await tick();
    expect(ran).toEqual([2]);
    expect(await q.getState('a')).toBe('delayed');
    clock.advance(59_999);
    await tick();
    expect(ran).toEqual([2]);
    clock.advance(1);
    await tick();
    expect(ran).toEqual([2, 1]);
    expect(await q.getState('a')).toBe('missing');
    await q.close();
  });

  it('ignores a duplicate id while pending and accepts it again once finished', async () => {
    const clock = new FakeClock();
    const q = new InProcessDelayQueue<string>('t', clock);
    const ran: string[] = [];
    await q.add('x', 'first', { delayMs: 10 });
    await q.add('x', 'second', { delayMs: 10 });
    expect(await q.pendingIds()).toEqual(['x']);
    q.process(1, async (job) => {
      ran.push(job.data);
    });
    clock.advance(10);
    await tick();
    await q.add('x', 'third');
    await tick();
    expect(ran).toEqual(['first', 'third']);
    await q.close();
  });

  it('removes delayed jobs and respects concurrency', async () => {
    const clock = new FakeClock();
    const q = new InProcessDelayQueue<number>('t', clock);
    let active = 0;
    let maxActive = 0;
    const done: number[] = [];
    q.process(3, async (job) => {
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setTimeout(r, 5));
      active--;
      done.push(job.data);
    });
    await q.add('gone', -1, { delayMs: 100 });
    expect(await q.remove('gone')).toBe(true);
    for (let i = 0; i < 10; i++) await q.add(`j${i}`, i);
    clock.advance(1_000);
    while (done.length < 10) await tick();
    expect(maxActive).toBe(3);
    expect(done).not.toContain(-1);
    expect(await q.count()).toBe(0);
    await q.close();
  });

  it('a failing handler fails the job and frees the id', async () => {
    const q = new InProcessDelayQueue<number>('t', new FakeClock());
    let calls = 0;
    q.process(1, async () => {
      calls++;
      throw new Error('boom');
    });
    await q.add('f', 1);
    await tick();
    expect(await q.getState('f')).toBe('missing');
    await q.add('f', 1);
    await tick();
    expect(calls).toBe(2);
    await q.close();
  });

  it('wall delay of an engine delay divides by the clock speed', () => {
    expect(engineToWallMs(new ScaledClock(0, 100), 60_000)).toBe(600);
    expect(engineToWallMs(new FakeClock(), 60_000)).toBe(60_000);
    expect(engineToWallMs(new ScaledClock(0, 1), -5)).toBe(0);
  });
});
