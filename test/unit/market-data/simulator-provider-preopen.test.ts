/**
 * Before the open the simulator provider serves the previous session's closing chain, as a live
 * provider does pre-market: never a chain stamped after the clock, and the same chain a pull on
 * the previous evening gets.
 */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import { nyInstant } from '../../../src/common/market-calendar.js';
import { SimulatorProvider } from '../../../src/market-data/adapters/simulator.js';

describe('the simulator provider before the open', () => {
  it("serves the previous session's close until 09:30, then the day's own chains", async () => {
    const clock = new FakeClock(nyInstant('2026-03-10', '08:25'));
    const provider = new SimulatorProvider({ clock, seed: 42, symbols: ['SPY', 'QQQ'] });
    const before = await provider.fetchChain('SPY');
    expect(before.asOf).toBe(new Date(nyInstant('2026-03-09', '15:59:55')).toISOString());
    expect(Date.parse(before.asOf)).toBeLessThanOrEqual(clock.now());

    const evening = new SimulatorProvider({
      clock: new FakeClock(nyInstant('2026-03-09', '18:00')),
      seed: 42,
      symbols: ['SPY', 'QQQ'],
    });
    expect((await evening.fetchChain('SPY')).spot).toBe(before.spot);

    clock.set(nyInstant('2026-03-10', '09:29:59'));
    expect((await provider.fetchChain('QQQ')).asOf).toBe(
      new Date(nyInstant('2026-03-09', '15:59:55')).toISOString(),
    );
    clock.set(nyInstant('2026-03-10', '09:30'));
    expect((await provider.fetchChain('SPY')).asOf).toBe(
      new Date(nyInstant('2026-03-10', '09:30')).toISOString(),
    );
  });
});
