import { describe, expect, it } from 'vitest';
import { createStrategy } from '../../../src/strategies/strategy.js';
import { scalp } from '../../../src/strategies/rules/scalp.js';
import { momentumBreakout } from '../../../src/strategies/rules/momentum-breakout.js';
import { volumeSpike } from '../../../src/strategies/rules/volume-spike.js';
import { DAY, at, chain, context, snapshot } from './fixtures.js';

const EXPIRIES = [DAY, '2026-03-04', '2026-03-06'];

describe('scalp', () => {
  const s = createStrategy(scalp);
  const snap = (spot: number, now: number, o: { rsi?: number; r5?: number } = {}) =>
    snapshot({
      spot,
      now,
      contracts: chain({ spot, now, expiries: EXPIRIES, width: 0.03 }),
      indicators: { rsi14: o.rsi ?? 60 },
      momentum: { return1m: 0.001, return5m: o.r5 ?? 0.004 },
    });

  it('buys a liquid call whose premium rose 3% within 1–5 minutes with the underlying up', () => {
    const first = s.evaluate(
      snap(500, at('11:00')),
      context({ now: at('11:00') }),
      s.initialState(),
    );
    expect(first.candidates).toEqual([]);
    const second = s.evaluate(snap(502, at('11:03')), context({ now: at('11:03') }), first.state);
    expect(second.candidates).toHaveLength(1);
    const c = second.candidates[0];
    expect(c.direction).toBe('bullish');
    expect(c.legs[0].right).toBe('call');
    expect(Number(c.inputs.move)).toBeGreaterThanOrEqual(0.03);
    expect(Math.abs(Number(c.inputs.delta))).toBeGreaterThanOrEqual(0.4);
    expect(Math.abs(Number(c.inputs.delta))).toBeLessThanOrEqual(0.7);
    expect(Number(c.inputs.spread)).toBeLessThan(0.1);
    expect(c.timeStopAt).toBe(at('11:33'));
  });

  it('does not fire on a small move, outside the RSI band, too soon, or against the underlying', () => {
    const first = s.evaluate(
      snap(500, at('11:00')),
      context({ now: at('11:00') }),
      s.initialState(),
    ).state;
    const ctx = context({ now: at('11:03') });
    expect(s.evaluate(snap(500.01, at('11:03')), ctx, first).candidates).toEqual([]);
    expect(s.evaluate(snap(502, at('11:03'), { rsi: 71 }), ctx, first).candidates).toEqual([]);
    expect(s.evaluate(snap(502, at('11:03'), { r5: -0.001 }), ctx, first).candidates).toEqual([]);
    const tooSoon = context({ now: at('11:00') + 30_000 });
    expect(s.evaluate(snap(502, at('11:00') + 30_000), tooSoon, first).candidates).toEqual([]);
    const tooLate = context({ now: at('11:06') });
    expect(s.evaluate(snap(502, at('11:06')), tooLate, first).candidates).toEqual([]);
  });

  it('drops contracts with a spread of $0.10 or more', () => {
    const wide = (spot: number, now: number) =>
      snapshot({
        spot,
        now,
        contracts: chain({ spot, now, expiries: EXPIRIES, width: 0.03, halfSpread: 0.05 }),
        indicators: { rsi14: 60 },
        momentum: { return5m: 0.004 },
      });
    const first = s.evaluate(
      wide(500, at('11:00')),
      context({ now: at('11:00') }),
      s.initialState(),
    );
    expect(
      s.evaluate(wide(502, at('11:03')), context({ now: at('11:03') }), first.state).candidates,
    ).toEqual([]);
  });

  it('reads the underlying when moveBasis is "underlying"', () => {
    const u = createStrategy(scalp, { moveBasis: 'underlying' });
    const hot = snapshot({
      spot: 500,
      indicators: { rsi14: 35 },
      momentum: { return1m: -0.031, return5m: -0.02 },
    });
    const c = u.evaluate(hot, context(), u.initialState()).candidates;
    expect(c[0]?.legs[0].right).toBe('put');
    const cold = snapshot({
      spot: 500,
      indicators: { rsi14: 35 },
      momentum: { return1m: -0.029, return5m: -0.02 },
    });
    expect(u.evaluate(cold, context(), u.initialState()).candidates).toEqual([]);
  });
});

describe('momentum breakout', () => {
  const s = createStrategy(momentumBreakout);
  const snap = (now: number, histogram: number, r15 = 0.031, volume = 300_000) =>
    snapshot({
      now,
      spot: 500,
      momentum: { return15m: r15 },
      indicators: { macd: { macd: histogram, signal: 0, histogram } },
      flow: { optionsVolume: volume, avgOptionsVolume30d: 100_000, blockTrades: 0, netPremium: 0 },
    });
  const primed = s.evaluate(
    snap(at('10:50'), -0.1),
    context({ now: at('10:50') }),
    s.initialState(),
  ).state;
  const ctx = context({ now: at('11:00') });

  it('buys calls on a 3% 15-minute move with 3× options volume and a fresh MACD cross', () => {
    const c = s.evaluate(snap(at('11:00'), 0.2), ctx, primed).candidates;
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({ setup: 'breakout_calls', direction: 'bullish' });
    expect(c[0].inputs.macdCrossedAt).toBe(at('11:00'));
    expect(c[0].timeStopAt).toBe(at('15:45', '2026-03-06'));
    expect(c[0].legs[0].expiry >= '2026-03-10').toBe(true);
  });

  it('fires at exactly 3% and 3× pace, not just below, not without a seen cross, not on a stale cross', () => {
    // At 11:00, 90 of 390 minutes have traded: 3× pace = 3 × 100,000 × 90/390 = 69,230.8 contracts.
    expect(s.evaluate(snap(at('11:00'), 0.2, 0.03, 69_231), ctx, primed).candidates).toHaveLength(
      1,
    );
    expect(s.evaluate(snap(at('11:00'), 0.2, 0.0299), ctx, primed).candidates).toEqual([]);
    expect(s.evaluate(snap(at('11:00'), 0.2, 0.031, 69_230), ctx, primed).candidates).toEqual([]);
    expect(s.evaluate(snap(at('11:00'), 0.2), ctx, s.initialState()).candidates).toEqual([]);
    const early = s.evaluate(
      snap(at('10:30'), -0.1),
      context({ now: at('10:30') }),
      s.initialState(),
    ).state;
    const crossAt1040 = s.evaluate(
      snap(at('10:40'), 0.1, 0.001),
      context({ now: at('10:40') }),
      early,
    ).state;
    expect(crossAt1040.macd.SPY.crossedAt).toBe(at('10:40'));
    expect(s.evaluate(snap(at('11:00'), 0.2), ctx, crossAt1040).candidates).toEqual([]);
  });

  it('buys puts on a breakdown with MACD crossing down', () => {
    const up = s.evaluate(
      snap(at('10:50'), 0.1),
      context({ now: at('10:50') }),
      s.initialState(),
    ).state;
    const c = s.evaluate(snap(at('11:00'), -0.2, -0.031), ctx, up).candidates;
    expect(c[0]?.legs[0].right).toBe('put');
  });
});

describe('volume spike', () => {
  const s = createStrategy(volumeSpike);
  const snap = (volume: number, blocks: number, netPremium: number) =>
    snapshot({
      flow: {
        optionsVolume: volume,
        avgOptionsVolume30d: 100_000,
        blockTrades: blocks,
        netPremium,
      },
    });

  it('follows $1M+ of net premium with 5× volume and 3 block trades', () => {
    const c = s.evaluate(snap(500_000, 3, 1_000_000), context(), s.initialState()).candidates;
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({ direction: 'bullish', setup: 'premium_follow_calls' });
    const p = s.evaluate(snap(600_000, 5, -2_000_000), context(), s.initialState()).candidates;
    expect(p[0]?.legs[0].right).toBe('put');
  });

  it('fires at exactly 5× pace and not just below any threshold', () => {
    const st = s.initialState();
    // 5 × 100,000 × 90/390 = 115,384.6 contracts due by 11:00.
    expect(s.evaluate(snap(115_385, 3, 1_000_000), context(), st).candidates).toHaveLength(1);
    expect(s.evaluate(snap(115_384, 3, 1_000_000), context(), st).candidates).toEqual([]);
    expect(s.evaluate(snap(500_000, 2, 1_000_000), context(), st).candidates).toEqual([]);
    expect(s.evaluate(snap(500_000, 3, 999_999), context(), st).candidates).toEqual([]);
  });

  it('prefers the 30-day average from the context history', () => {
    const st = s.initialState();
    expect(s.evaluate(snap(200_000, 3, 1_000_000), context(), st).candidates).toHaveLength(1);
    const c = s.evaluate(
      snap(200_000, 3, 1_000_000),
      context({ history: { dailyCloses: [], avgOptionsVolume30d: 200_000 } }),
      st,
    ).candidates;
    expect(c).toEqual([]);
  });

  it('compares with the whole-day average when volumeBasis is "day"', () => {
    const day = createStrategy(volumeSpike, { volumeBasis: 'day' });
    const st = day.initialState();
    expect(day.evaluate(snap(499_000, 3, 1_000_000), context(), st).candidates).toEqual([]);
    expect(day.evaluate(snap(500_000, 3, 1_000_000), context(), st).candidates).toHaveLength(1);
  });
});
