import { describe, expect, it } from 'vitest';
import { createStrategy } from '../../../src/strategies/strategy.js';
import { swing, trancheSize } from '../../../src/strategies/rules/swing.js';
import type { OpenPositionView } from '../../../src/strategies/strategy-context.js';
import { at, context, session, snapshot, trendCloses } from './fixtures.js';

const s = createStrategy(swing);
const rising = trendCloses(495, 30, 0.002);
const flat = trendCloses(500, 30, 0);

function snap(date = '2026-03-03', o: { grade?: 'A' | 'C'; label?: 'trending' | 'volatile' } = {}) {
  return snapshot({
    now: at('11:00', date),
    spot: 500,
    expiries: ['2026-04-17', '2026-05-15'],
    liquidity: { grade: o.grade ?? 'A', score: 80 },
    regime: { label: o.label ?? 'trending', confidence: 0.7 },
    momentum: { return15m: 0.001 },
  });
}
function ctx(date = '2026-03-03', o: Parameters<typeof context>[0] = {}) {
  return context({
    now: at('11:00', date),
    session: session(date),
    equity: 1_000_000,
    history: { dailyCloses: rising },
    ...o,
  });
}
const swingPos = (symbol: string, riskDollars = 0): OpenPositionView => ({
  symbol,
  strategy: 'swing',
  contracts: 3,
  greeks: { delta: 0, gamma: 0, theta: 0, vega: 0 },
  riskDollars,
});

describe('swing', () => {
  it('splits 25/50/25 so the tranches add up', () => {
    expect([0, 1, 2].map((i) => trancheSize([0.25, 0.5, 0.25], i, 10))).toEqual([3, 5, 2]);
    expect([0, 1, 2].map((i) => trancheSize([0.25, 0.5, 0.25], i, 4))).toEqual([1, 2, 1]);
  });

  it('ladders 25/50/25 over two sessions on the same contract, with a 7-trading-day time exit', () => {
    const day1 = s.evaluate(snap('2026-03-03'), ctx('2026-03-03'), s.initialState());
    expect(day1.candidates).toHaveLength(1);
    const t1 = day1.candidates[0];
    expect(t1).toMatchObject({
      strategy: 'swing',
      setup: 'swing_trend_calls',
      direction: 'bullish',
    });
    expect(t1.legs[0].expiry).toBe('2026-04-17');
    expect(t1.inputs.plannedContracts).toBe(10);
    expect(t1.maxContracts).toBe(3);
    expect(t1.timeStopAt).toBe(at('15:45', '2026-03-12'));

    // Same day again: nothing (tranche 2 is due tomorrow).
    const again = s.evaluate(
      snap('2026-03-03'),
      ctx('2026-03-03', { now: at('14:00') }),
      day1.state,
    );
    expect(again.candidates).toEqual([]);

    const held = { openPositions: [swingPos('SPY')] };
    const day2 = s.evaluate(snap('2026-03-04'), ctx('2026-03-04', held), day1.state);
    expect(day2.candidates).toHaveLength(1);
    expect(day2.candidates[0].maxContracts).toBe(5);
    expect(day2.candidates[0].legs[0].occSymbol).toBe(t1.legs[0].occSymbol);
    expect(day2.candidates[0].timeStopAt).toBe(t1.timeStopAt);

    const day3 = s.evaluate(snap('2026-03-05'), ctx('2026-03-05', held), day2.state);
    expect(day3.candidates[0]?.maxContracts).toBe(2);
    const day4 = s.evaluate(snap('2026-03-06'), ctx('2026-03-06', held), day3.state);
    expect(day4.candidates).toEqual([]);
    // Position closed: the ladder is forgotten and a new swing may start later.
    const gone = s.evaluate(snap('2026-03-09'), ctx('2026-03-09'), day4.state);
    expect(gone.state.ladders.SPY).toBeUndefined();
  });

  it('cancels the rest of the ladder when the trend breaks', () => {
    const day1 = s.evaluate(snap('2026-03-03'), ctx('2026-03-03'), s.initialState());
    const broken = s.evaluate(
      snap('2026-03-04'),
      ctx('2026-03-04', { history: { dailyCloses: flat } }),
      day1.state,
    );
    expect(broken.candidates).toEqual([]);
    expect(broken.state.ladders.SPY).toBeUndefined();
  });

  it('does not start without a daily trend, with weak liquidity, against the regime, or at the limits', () => {
    const st = s.initialState();
    expect(
      s.evaluate(snap(), ctx('2026-03-03', { history: { dailyCloses: flat } }), st).candidates,
    ).toEqual([]);
    expect(
      s.evaluate(snap(), ctx('2026-03-03', { history: { dailyCloses: rising.slice(-10) } }), st)
        .candidates,
    ).toEqual([]);
    expect(s.evaluate(snap('2026-03-03', { grade: 'C' }), ctx(), st).candidates).toEqual([]);
    expect(s.evaluate(snap('2026-03-03', { label: 'volatile' }), ctx(), st).candidates).toEqual([]);
    const three = { openPositions: [swingPos('QQQ'), swingPos('IWM'), swingPos('AAPL')] };
    expect(s.evaluate(snap(), ctx('2026-03-03', three), st).candidates).toEqual([]);
    const two = { openPositions: [swingPos('QQQ'), swingPos('IWM')] };
    expect(s.evaluate(snap(), ctx('2026-03-03', two), st).candidates).toHaveLength(1);
    const hot = { openPositions: [swingPos('QQQ', 200_000)] };
    expect(s.evaluate(snap(), ctx('2026-03-03', hot), st).candidates).toEqual([]);
  });

  it('caps the planned position by the heat left', () => {
    const warm = { openPositions: [swingPos('QQQ', 198_000)] };
    const c = s.evaluate(snap(), ctx('2026-03-03', warm), s.initialState()).candidates[0];
    const lossPerContract = (c.entry - c.stop) * 100;
    expect(Number(c.inputs.plannedContracts) * lossPerContract).toBeLessThanOrEqual(2_000 + 1e-6);
  });

  it('rejects knobs outside the documented ranges', () => {
    expect(() => createStrategy(swing, { timeExitTradingDays: 11 })).toThrow(/timeExitTradingDays/);
    expect(() => createStrategy(swing, { ladderWeights: [0.5, 0.6] })).toThrow(/sum to 1/);
    expect(() => createStrategy(swing, { ladderWeights: [0.5, 0.5] })).toThrow(/same length/);
    expect(() => createStrategy(swing, { nope: 1 })).toThrow(/nope/);
  });
});
