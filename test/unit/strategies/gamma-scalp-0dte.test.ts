import { describe, expect, it } from 'vitest';
import { createStrategy } from '../../../src/strategies/strategy.js';
import { gammaScalp0dte } from '../../../src/strategies/rules/gamma-scalp-0dte.js';
import { DAY, at, context, snapshot } from './fixtures.js';
import type { OpenPositionView } from '../../../src/strategies/strategy-context.js';

const strategy = createStrategy(gammaScalp0dte);

function setup(
  o: { strikeNet?: number; return5m?: number; gammaStrike?: number; grade?: 'A' | 'C' } = {},
) {
  const strike = o.gammaStrike ?? 502;
  return snapshot({
    spot: 500,
    liquidity: { grade: o.grade ?? 'A', score: 80 },
    momentum: { return1m: 0.001, return5m: o.return5m ?? 0.002, return15m: 0.003 },
    gex: {
      total: 5e8,
      byStrike: [
        { strike: 495, call: 0, put: -1e8, net: -1e8 },
        { strike, call: o.strikeNet ?? 3e8, put: 0, net: o.strikeNet ?? 3e8 },
        { strike: 510, call: 1e8, put: 0, net: 1e8 },
      ],
    },
  });
}

describe('0DTE gamma scalp', () => {
  it('buys the same-day call when price approaches a heavy gamma strike above with momentum', () => {
    const { candidates, state } = strategy.evaluate(setup(), context(), strategy.initialState());
    expect(candidates).toHaveLength(1);
    const c = candidates[0];
    expect(c.strategy).toBe('gamma_scalp_0dte');
    expect(c.direction).toBe('bullish');
    expect(c.legs).toHaveLength(1);
    expect(c.legs[0]).toMatchObject({ right: 'call', expiry: DAY, side: 'buy' });
    expect(c.maxContracts).toBe(6);
    expect(c.stop).toBeLessThan(c.entry);
    expect(c.target).toBeGreaterThan(c.entry);
    expect(c.timeStopAt).toBe(at('15:45'));
    expect(c.triggeredBy.join(' ')).toContain('strike 502');
    expect(c.inputs.gexShare).toBeCloseTo(0.6, 5);
    expect(c.greeksPerUnit.delta).toBeGreaterThan(0.3);
    expect(c.greeksPerUnit.delta).toBeLessThan(0.7);
    expect(state.lastFiredAt['SPY|gamma_strike_calls']).toBe(at('11:00'));
  });

  it('buys puts toward a gamma strike below', () => {
    const snap = setup({ gammaStrike: 498, return5m: -0.002 });
    const { candidates } = strategy.evaluate(snap, context(), strategy.initialState());
    expect(candidates[0]?.legs[0].right).toBe('put');
    expect(candidates[0]?.direction).toBe('bearish');
  });

  it('does not fire without momentum toward the strike', () => {
    expect(
      strategy.evaluate(setup({ return5m: 0.0009 }), context(), strategy.initialState()).candidates,
    ).toEqual([]);
    expect(
      strategy.evaluate(setup({ return5m: -0.002 }), context(), strategy.initialState()).candidates,
    ).toEqual([]);
  });

  it('fires at exactly the momentum and share thresholds and not just below them', () => {
    expect(
      strategy.evaluate(setup({ return5m: 0.001 }), context(), strategy.initialState()).candidates,
    ).toHaveLength(1);
    // 495: 1e8, 510: 1e8 → share = x / (x + 2e8); x = 5e7 gives exactly 0.2.
    expect(
      strategy.evaluate(setup({ strikeNet: 5e7 }), context(), strategy.initialState()).candidates,
    ).toHaveLength(1);
    expect(
      strategy.evaluate(setup({ strikeNet: 4.9e7 }), context(), strategy.initialState()).candidates,
    ).toEqual([]);
  });

  it('ignores a strike farther than the approach distance', () => {
    expect(
      strategy.evaluate(setup({ gammaStrike: 503 }), context(), strategy.initialState()).candidates,
    ).toEqual([]);
  });

  it('respects liquidity, the per-ticker cap, the daily loss budget, the cooldown and session times', () => {
    const s0 = strategy.initialState();
    expect(strategy.evaluate(setup({ grade: 'C' }), context(), s0).candidates).toEqual([]);
    const held = (contracts: number): OpenPositionView => ({
      symbol: 'SPY',
      strategy: 'gamma_scalp_0dte',
      contracts,
      greeks: { delta: 0, gamma: 0, theta: 0, vega: 0 },
    });
    expect(
      strategy.evaluate(setup(), context({ openPositions: [held(6)] }), s0).candidates,
    ).toEqual([]);
    expect(
      strategy.evaluate(setup(), context({ openPositions: [held(4)] }), s0).candidates[0]
        .maxContracts,
    ).toBe(2);
    expect(strategy.evaluate(setup(), context({ dayPnl: -6_000 }), s0).candidates).toEqual([]);
    const fired = strategy.evaluate(setup(), context(), s0).state;
    expect(strategy.evaluate(setup(), context({ now: at('11:05') }), fired).candidates).toEqual([]);
    expect(
      strategy.evaluate(setup(), context({ now: at('11:11') }), fired).candidates,
    ).toHaveLength(1);
    expect(strategy.evaluate(setup(), context({ now: at('15:31') }), s0).candidates).toEqual([]);
    expect(strategy.evaluate(setup(), context({ now: at('09:32') }), s0).candidates).toEqual([]);
  });
});

describe('shared strategy behaviour', () => {
  it('refuses a snapshot stamped after the clock (look-ahead guard)', () => {
    const future = setup();
    future.asOf = at('11:00') + 1;
    const r = strategy.evaluate(future, context(), strategy.initialState());
    expect(r.candidates).toEqual([]);
  });

  it('blends a known setup hit rate into the confidence', () => {
    const base = strategy.evaluate(setup(), context(), strategy.initialState()).candidates[0];
    const ctx = context({ history: { dailyCloses: [], setupHitRates: { gamma_strike_calls: 0 } } });
    const low = strategy.evaluate(setup(), ctx, strategy.initialState()).candidates[0];
    expect(low.confidence).toBeCloseTo(Math.max(0.05, 0.7 * base.confidence), 1);
    expect(low.inputs.setupHitRate).toBe(0);
    expect(base.inputs.setupHitRate).toBeNull();
  });
});
