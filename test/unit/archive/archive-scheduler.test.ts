import { describe, expect, it } from 'vitest';
import { ArchiveScheduler } from '../../../src/archive/archive-scheduler.js';
import { FakeClock } from '../../../src/common/clock.js';
import { nyInstant } from '../../../src/common/market-calendar.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

function scheduler(clock: FakeClock, runs: string[]): ArchiveScheduler {
  return new ArchiveScheduler({
    clock,
    runAt: '16:45',
    sliceMs: 60_000,
    run: async (date) => {
      runs.push(date);
    },
  });
}

describe('archive scheduler (engine clock)', () => {
  it('runs the day once when the clock passes 16:45 New York on a trading day', async () => {
    const clock = new FakeClock(nyInstant('2026-03-02', '16:00'));
    const runs: string[] = [];
    const s = scheduler(clock, runs);
    s.start();
    for (let m = 0; m < 44; m++) {
      clock.advance(60_000);
      await tick();
    }
    expect(runs).toEqual([]);
    for (let m = 0; m < 10; m++) {
      clock.advance(60_000);
      await tick();
    }
    expect(runs).toEqual(['2026-03-02']);
    // Saturday and Sunday are not trading days; Monday runs.
    clock.set(nyInstant('2026-03-07', '17:00'));
    await tick();
    clock.set(nyInstant('2026-03-09', '16:50'));
    await tick();
    await tick();
    expect(runs).toEqual(['2026-03-02', '2026-03-09']);
    await s.stop();
  });

  it('does not run a day whose time had passed when the process started', async () => {
    const clock = new FakeClock(nyInstant('2026-03-02', '17:00'));
    const runs: string[] = [];
    const s = scheduler(clock, runs);
    s.start();
    for (let m = 0; m < 30; m++) {
      clock.advance(60_000);
      await tick();
    }
    expect(runs).toEqual([]);
    await s.stop();
  });
});
