import { describe, expect, it } from 'vitest';
import {
  MarketSimulator,
  SCENARIOS,
  resolveScenarios,
  scenarioHistory,
  typicalOptionsVolume,
  type Scenario,
} from '../../../../src/market-data/simulator/index.js';

const named = (name: string): Scenario => resolveScenarios([name])[0];

function simulate(s: Scenario, dayIndex = 0, seed = 11): MarketSimulator {
  const d = s.days[dayIndex];
  return new MarketSimulator({
    seed,
    symbols: s.symbols,
    date: d.date,
    recordEvents: false,
    dayShapes: d.shapes,
  });
}

describe('scenario library', () => {
  it('nine named scenarios with increasing, distinct trading days', () => {
    expect(SCENARIOS.map((s) => s.name)).toEqual([
      'trend_day',
      'pinned_wall',
      'gamma_squeeze',
      'vol_crush',
      'closing_imbalance',
      'overnight_gap',
      'range_day',
      'block_day',
      'swing_trend',
    ]);
    const dates = SCENARIOS.flatMap((s) => s.days.map((d) => d.date));
    expect([...dates].sort()).toEqual(dates);
    expect(new Set(dates).size).toBe(dates.length);
    expect(resolveScenarios(['all'])).toHaveLength(9);
    expect(() => resolveScenarios(['nope'])).toThrow(/unknown scenario/);
  });

  it('a shaped day is reproducible and differs from the plain day', () => {
    const s = named('trend_day');
    const a = simulate(s);
    const b = simulate(s);
    a.advanceTo(a.session.openAt + 3_600_000);
    b.advanceTo(b.session.openAt + 3_600_000);
    expect(JSON.stringify(a.chainSnapshot('NVDA'))).toBe(JSON.stringify(b.chainSnapshot('NVDA')));
    const plain = new MarketSimulator({ seed: 11, symbols: s.symbols, date: s.days[0].date });
    expect(plain.dayPlan('NVDA').targetClose).not.toBeCloseTo(a.dayPlan('NVDA').targetClose, 2);
  });

  it('shapes what they say: trend, gap, walls, closing pressure, bursts', () => {
    const trend = simulate(named('trend_day'));
    const nvda = trend.dayPlan('NVDA');
    expect(Math.log(nvda.targetClose / nvda.open)).toBeCloseTo(0.06, 9);
    expect(trend.burstsOf('NVDA').some((b) => b.size === 0.07 && b.direction === 1)).toBe(true);
    const gap = simulate(named('overnight_gap'), 1).dayPlan('SPY');
    expect(Math.log(gap.open / gap.prevClose)).toBeCloseTo(0.008, 9);
    const pinned = simulate(named('pinned_wall'));
    const chain = pinned.chainSnapshot('SPY');
    const zeroDte = chain.contracts.filter((c) => c.expiry === chain.contracts[0].expiry);
    const calls = zeroDte.filter((c) => c.right === 'call');
    const biggest = calls.reduce((m, c) => (c.openInterest > m.openInterest ? c : m));
    const open = pinned.dayPlan('SPY').open;
    expect(biggest.strike).toBeGreaterThan(open);
    expect(biggest.strike / open - 1).toBeLessThan(0.015);
  });

  it('brings a history before the first day: a year of rows ending the day before, with drift and IV', () => {
    const swing = named('swing_trend');
    const h = scenarioHistory(11, swing, 'SPY');
    expect(h).toHaveLength(252);
    expect(h[h.length - 1].date < swing.days[0].date).toBe(true);
    const sim = simulate(swing);
    expect(h[h.length - 1].close).toBeCloseTo(sim.dayPlan('SPY').prevClose, 1);
    expect(h[h.length - 1].close).toBeGreaterThan(h[0].close);
    const crush = scenarioHistory(11, named('vol_crush'), 'QQQ');
    const plainIv = scenarioHistory(11, named('range_day'), 'QQQ');
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(crush.map((d) => d.atmIv))).toBeGreaterThan(
      1.4 * mean(plainIv.map((d) => d.atmIv)),
    );
    expect(h[0].optionsVolume).toBeGreaterThan(0.3 * typicalOptionsVolume('SPY'));
  });
});
