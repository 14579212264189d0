import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import { nyInstant } from '../../../src/common/market-calendar.js';
import { LeakyBucket } from '../../../src/market-data/quota/leaky-bucket.js';
import { QuotaRunner } from '../../../src/market-data/quota/quota-runner.js';
import {
  buildPullStreams,
  QuotaScheduler,
  type PullTask,
  type TickResult,
} from '../../../src/market-data/quota/quota-scheduler.js';

const UNIVERSE = [
  'SPX',
  'SPY',
  'QQQ',
  'IWM',
  'AAPL',
  'MSFT',
  'GOOGL',
  'AMZN',
  'NVDA',
  'META',
  'TSLA',
];
const DAY = '2026-03-02'; // a Monday, a full NYSE session

function streams() {
  return buildPullStreams({
    fastChainSymbols: ['SPX', 'SPY', 'QQQ', 'IWM'],
    universe: UNIVERSE,
    fastChainMs: 5_000,
    chainMs: 30_000,
    intradayMs: 15_000,
    indicatorMs: 60_000,
    macroMs: 300_000,
  });
}

interface Run {
  at: number;
  task: PullTask;
}

/** Drives the scheduler with a FakeClock from `from` to `to`, one tick every `stepMs`. */
function simulate(scheduler: QuotaScheduler, from: number, to: number, stepMs = 250) {
  const clock = new FakeClock(from);
  const runs: Run[] = [];
  const ticks: { at: number; result: TickResult }[] = [];
  while (clock.now() < to) {
    const result = scheduler.tick(clock.now());
    for (const task of result.run) runs.push({ at: clock.now(), task });
    if (result.run.length || result.dropped.length || result.deferred.length) {
      ticks.push({ at: clock.now(), result });
    }
    clock.advance(stepMs);
  }
  return { runs, ticks };
}

/** The most calls in any 60-second window. */
function maxPerMinute(times: number[]): number {
  let best = 0;
  let j = 0;
  for (let i = 0; i < times.length; i++) {
    while (times[i] - times[j] >= 60_000) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

const open = nyInstant(DAY, '09:30');
const close = nyInstant(DAY, '16:00');

describe('LeakyBucket', () => {
  it('lets a burst through, then the drain rate, never more than the plan per minute', () => {
    const bucket = LeakyBucket.forPlan(600);
    expect(bucket.capacity).toBe(10);
    const clock = new FakeClock(0);
    const times: number[] = [];
    while (clock.now() < 300_000) {
      while (bucket.canTake(clock.now())) {
        bucket.take(clock.now());
        times.push(clock.now());
      }
      clock.advance(10);
    }
    expect(maxPerMinute(times)).toBeLessThanOrEqual(600);
    expect(times.length).toBeGreaterThan(590 * 5 - 10);
  });
});

describe('QuotaScheduler over a simulated session', () => {
  it('on the premium plan (600/min) runs every pull on its cadence and drops nothing', () => {
    const scheduler = new QuotaScheduler({ plan: { callsPerMinute: 600 }, streams: streams() });
    const { runs, ticks } = simulate(scheduler, nyInstant(DAY, '09:00'), nyInstant(DAY, '17:00'));
    expect(maxPerMinute(runs.map((r) => r.at))).toBeLessThanOrEqual(600);
    expect(
      ticks.every((t) => t.result.dropped.length === 0 && t.result.deferred.length === 0),
    ).toBe(true);
    const spy = runs.filter((r) => r.task.key === 'chain:SPY');
    expect(spy).toHaveLength(4_680); // 6.5 h of 5-second slots
    expect(spy.every((r) => r.at >= open && r.at < close)).toBe(true);
    // staggered one second apart per symbol
    const firstOf = (key: string) => runs.find((r) => r.task.key === key)!.at - open;
    expect(['chain:SPX', 'chain:SPY', 'chain:QQQ', 'chain:IWM'].map(firstOf)).toEqual([
      0, 1_000, 2_000, 3_000,
    ]);
    expect(runs.filter((r) => r.task.key === 'intraday:NVDA')).toHaveLength(1_560);
    expect(runs.filter((r) => r.task.key === 'indicator:AAPL:RSI')).toHaveLength(390);
    // macro runs outside the session too: 8 hours of 5-minute slots
    expect(runs.filter((r) => r.task.key === 'macro:CPI')).toHaveLength(96);
  });

  it('over budget, drops optional pulls but never a chain, and never exceeds the limit', () => {
    const limit = 90;
    const scheduler = new QuotaScheduler({ plan: { callsPerMinute: limit }, streams: streams() });
    const { runs, ticks } = simulate(scheduler, nyInstant(DAY, '09:25'), nyInstant(DAY, '16:05'));
    expect(maxPerMinute(runs.map((r) => r.at))).toBeLessThanOrEqual(limit);
    const dropped = ticks.flatMap((t) => t.result.dropped);
    expect(dropped.length).toBeGreaterThan(1_000);
    expect(dropped.every((t) => t.kind !== 'chain')).toBe(true);
    // every chain slot of the session ran: 4,680 per 0DTE symbol, 780 per other symbol
    for (const s of ['SPX', 'SPY', 'QQQ', 'IWM']) {
      expect(runs.filter((r) => r.task.key === `chain:${s}`)).toHaveLength(4_680);
    }
    expect(runs.filter((r) => r.task.key === 'chain:TSLA')).toHaveLength(780);
    // optional pulls still used the spare budget
    expect(runs.filter((r) => r.task.kind !== 'chain').length).toBeGreaterThan(0);
    // no optional pull ever ran in a tick where a chain had to wait
    for (const t of ticks) {
      if (t.result.deferred.length > 0)
        expect(t.result.run.every((x) => x.kind === 'chain')).toBe(true);
    }
    expect(runs.every((r, i) => i === 0 || r.at >= runs[i - 1].at)).toBe(true);
  });

  it('when even chains do not fit, defers chains and starves every optional pull', () => {
    const limit = 40;
    const scheduler = new QuotaScheduler({ plan: { callsPerMinute: limit }, streams: streams() });
    const { runs, ticks } = simulate(scheduler, nyInstant(DAY, '10:00'), nyInstant(DAY, '11:00'));
    expect(maxPerMinute(runs.map((r) => r.at))).toBeLessThanOrEqual(limit);
    expect(ticks.some((t) => t.result.deferred.length > 0)).toBe(true);
    for (const t of ticks) {
      if (t.result.deferred.length > 0)
        expect(t.result.run.every((x) => x.kind === 'chain')).toBe(true);
    }
    const optional = runs.filter((r) => r.task.kind !== 'chain' && r.task.kind !== 'macro');
    expect(optional.length).toBeLessThan(5);
  });

  it('runs backfill only after 16:30 New York, at half the plan rate', () => {
    const scheduler = new QuotaScheduler({ plan: { callsPerMinute: 120 }, streams: streams() });
    const jobs = Array.from({ length: 400 }, (_, i) => ({
      symbol: UNIVERSE[i % 11],
      date: `2026-02-${String((i % 27) + 1).padStart(2, '0')}`,
    }));
    scheduler.enqueueBackfill(jobs);
    const { runs } = simulate(scheduler, nyInstant(DAY, '15:00'), nyInstant(DAY, '17:30'));
    const backfill = runs.filter((r) => r.task.kind === 'backfill');
    expect(backfill.length).toBeGreaterThan(50);
    expect(backfill.every((r) => r.at >= nyInstant(DAY, '16:30'))).toBe(true);
    expect(maxPerMinute(backfill.map((r) => r.at))).toBeLessThanOrEqual(61);
    expect(maxPerMinute(runs.map((r) => r.at))).toBeLessThanOrEqual(120);
    expect(backfill[0].task).toMatchObject({ symbol: 'SPX', date: '2026-02-01' });
  });

  it('queues month slices of bars with the chains, in order, under their own keys', () => {
    const scheduler = new QuotaScheduler({ plan: { callsPerMinute: 600 }, streams: [] });
    scheduler.enqueueBackfill([
      { symbol: 'SPY', date: '2026-02-13', what: 'bars-month' },
      { symbol: 'SPY', date: '2026-02-13' },
      { symbol: 'SPY', date: '2026-02-17', what: 'chain' },
    ]);
    // A trading day before 16:30: nothing yet.
    expect(scheduler.tick(nyInstant(DAY, '12:00')).run).toEqual([]);
    const { runs } = simulate(scheduler, nyInstant(DAY, '16:29'), nyInstant(DAY, '16:35'));
    expect(runs.map((r) => [r.task.key, r.task.what])).toEqual([
      ['backfill-bars:SPY:2026-02', 'bars-month'],
      ['backfill:SPY:2026-02-13', 'chain'],
      ['backfill:SPY:2026-02-17', 'chain'],
    ]);
    expect(runs.every((r) => r.at >= nyInstant(DAY, '16:30'))).toBe(true);
  });
});

describe('QuotaRunner', () => {
  it('starts due pulls on the clock, skips a busy stream, and stop() waits for in-flight pulls', async () => {
    const clock = new FakeClock(nyInstant(DAY, '10:00'));
    const scheduler = new QuotaScheduler({
      plan: { callsPerMinute: 600 },
      streams: buildPullStreams({
        fastChainSymbols: ['SPY'],
        universe: ['SPY'],
        fastChainMs: 5_000,
        chainMs: 30_000,
        intradayMs: 15_000,
        indicatorMs: 60_000,
        macroMs: 300_000,
        chainsOnly: true,
      }),
    });
    const started: number[] = [];
    let release: () => void = () => {};
    let finished = 0;
    const runner = new QuotaRunner(scheduler, clock, async () => {
      started.push(clock.now());
      await new Promise<void>((r) => (release = r));
      finished++;
    });
    runner.start();
    await new Promise((r) => setImmediate(r));
    expect(started).toHaveLength(1);
    for (let i = 0; i < 40; i++) {
      clock.advance(250); // 10 s: two more slots, but the first pull is still in flight
      await new Promise((r) => setImmediate(r));
    }
    expect(started).toHaveLength(1);
    release();
    for (let i = 0; i < 24; i++) {
      clock.advance(250);
      await new Promise((r) => setImmediate(r));
    }
    expect(started).toHaveLength(2);
    const stopping = runner.stop();
    let stopped = false;
    void stopping.then(() => (stopped = true));
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false); // the second pull is still running
    release();
    await stopping;
    expect(finished).toBe(2);
    expect(runner.isRunning).toBe(false);
  });
});
