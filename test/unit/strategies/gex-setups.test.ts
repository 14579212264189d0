import { describe, expect, it } from 'vitest';
import { createStrategy } from '../../../src/strategies/strategy.js';
import { gexSqueeze } from '../../../src/strategies/rules/gex-squeeze.js';
import { gexWallPremium } from '../../../src/strategies/rules/gex-wall-premium.js';
import { gexIronCondor } from '../../../src/strategies/rules/gex-iron-condor.js';
import { gexFlipVol } from '../../../src/strategies/rules/gex-flip-vol.js';
import { at, context, snapshot } from './fixtures.js';
import type { StrikeExposure } from '../../../src/analytics/analytics-snapshot.js';

const row = (strike: number, net: number): StrikeExposure => ({
  strike,
  call: Math.max(net, 0),
  put: Math.min(net, 0),
  net,
});

describe('GEX squeeze play', () => {
  const s = createStrategy(gexSqueeze);
  const snap = (total: number, flip: number | null, r15: number) =>
    snapshot({ spot: 500, gex: { total, flip }, momentum: { return15m: r15 } });

  it('buys calls on an up-thrust with net GEX below −$500M and price below the flip', () => {
    const c = s.evaluate(snap(-6e8, 505, 0.003), context(), s.initialState()).candidates;
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({
      strategy: 'gex_squeeze',
      setup: 'squeeze_long_calls',
      direction: 'bullish',
    });
    expect(c[0].legs[0].right).toBe('call');
    expect(c[0].timeStopAt).toBe(at('15:50'));
    expect(c[0].triggeredBy[0]).toContain('-$600M');
  });

  it('buys puts on a down-thrust', () => {
    const c = s.evaluate(snap(-6e8, 505, -0.003), context(), s.initialState()).candidates;
    expect(c[0]?.legs[0].right).toBe('put');
  });

  it('does not fire with GEX at or above −$500M, price above the flip, or no thrust', () => {
    const st = s.initialState();
    expect(s.evaluate(snap(-5e8, 505, 0.003), context(), st).candidates).toEqual([]);
    expect(s.evaluate(snap(-4e8, 505, 0.003), context(), st).candidates).toEqual([]);
    expect(s.evaluate(snap(-6e8, 495, 0.003), context(), st).candidates).toEqual([]);
    expect(s.evaluate(snap(-6e8, null, 0.003), context(), st).candidates).toEqual([]);
    expect(s.evaluate(snap(-6e8, 505, 0.0019), context(), st).candidates).toEqual([]);
    expect(s.evaluate(snap(-6e8, 505, 0.002), context(), st).candidates).toHaveLength(1);
  });
});

describe('GEX premium selling at a strong wall', () => {
  const s = createStrategy(gexWallPremium);
  const snap = (total: number, callWall: number, putWall = 480) =>
    snapshot({
      spot: 500,
      gex: {
        total,
        flip: 490,
        callWalls: [callWall],
        putWalls: [putWall],
        byStrike: [row(putWall, -4e8), row(495, 2e8), row(callWall, 1e9), row(515, 2e8)],
      },
    });

  it('sells a bear call spread at a call wall within 1% when net GEX is above $2B', () => {
    const c = s.evaluate(snap(3e9, 504), context(), s.initialState()).candidates;
    expect(c).toHaveLength(1);
    const cand = c[0];
    expect(cand.setup).toBe('call_wall_bear_call_spread');
    expect(cand.legs.map((l) => [l.side, l.right, l.strike])).toEqual([
      ['sell', 'call', 504],
      ['buy', 'call', 509],
    ]);
    expect(cand.entry).toBeLessThan(0);
    expect(cand.stop).toBeCloseTo(cand.entry * 2, 2);
    expect(Math.abs(cand.target - cand.entry / 2)).toBeLessThanOrEqual(0.0051);
    expect(cand.greeksPerUnit.delta).toBeLessThan(0);
    expect(cand.legs[0].expiry).toBe('2026-03-04');
  });

  it('sells a bull put spread at a put wall within 1%', () => {
    const c = s.evaluate(snap(3e9, 520, 496), context(), s.initialState()).candidates;
    expect(c[0]?.setup).toBe('put_wall_bull_put_spread');
    expect(c[0]?.legs[0]).toMatchObject({ side: 'sell', right: 'put', strike: 496 });
  });

  it('fires at exactly 1% from the wall; not at $2B net GEX, nor beyond 1%, nor at a weak wall', () => {
    const st = s.initialState();
    expect(s.evaluate(snap(3e9, 505), context(), st).candidates).toHaveLength(1);
    expect(s.evaluate(snap(2e9, 504), context(), st).candidates).toEqual([]);
    expect(s.evaluate(snap(3e9, 506), context(), st).candidates).toEqual([]);
    const weak = snap(3e9, 504);
    weak.gex.byStrike = [row(480, -4e8), row(495, 3e9), row(504, 1e8)];
    expect(s.evaluate(weak, context(), st).candidates).toEqual([]);
  });
});

describe('GEX iron condor between walls', () => {
  const s = createStrategy(gexIronCondor);
  const snap = (total: number, putWall: number, callWall: number, flip: number | null = 490) =>
    snapshot({ spot: 500, gex: { total, flip, callWalls: [callWall], putWalls: [putWall] } });

  it('sells the condor with the shorts at the walls in positive gamma', () => {
    const c = s.evaluate(snap(1e9, 490, 510), context(), s.initialState()).candidates;
    expect(c).toHaveLength(1);
    const cand = c[0];
    expect(cand.direction).toBe('neutral');
    expect(cand.legs.map((l) => `${l.side} ${l.right} ${l.strike}`)).toEqual([
      'buy put 485',
      'sell put 490',
      'sell call 510',
      'buy call 515',
    ]);
    expect(cand.legs[0].expiry).toBe('2026-03-20');
    expect(cand.entry).toBeLessThan(0);
    expect(cand.timeStopAt).toBe(at('16:00', '2026-03-19'));
    expect(Math.abs(cand.greeksPerUnit.delta)).toBeLessThan(0.1);
  });

  it('fires at exactly 3% and 15% between walls; not outside, not in negative gamma or below the flip', () => {
    const st = s.initialState();
    expect(s.evaluate(snap(1e9, 493, 508), context(), st).candidates).toHaveLength(1);
    expect(s.evaluate(snap(1e9, 460, 535), context(), st).candidates).toHaveLength(1);
    expect(s.evaluate(snap(1e9, 494, 508), context(), st).candidates).toEqual([]);
    expect(s.evaluate(snap(1e9, 459, 535), context(), st).candidates).toEqual([]);
    expect(s.evaluate(snap(-1e8, 490, 510), context(), st).candidates).toEqual([]);
    expect(s.evaluate(snap(1e9, 490, 510, 502), context(), st).candidates).toEqual([]);
  });
});

describe('GEX flip volatility trade', () => {
  const s = createStrategy(gexFlipVol);
  const snap = (flip: number | null, ivPercentile: number | null) =>
    snapshot({ spot: 500, gex: { total: 1e8, flip }, ivPercentile });

  it('buys the at-the-money straddle near the flip when IV is not rich', () => {
    const c = s.evaluate(snap(501, 40), context(), s.initialState()).candidates;
    expect(c).toHaveLength(1);
    expect(c[0].legs.map((l) => `${l.side} ${l.right} ${l.strike} ${l.expiry}`)).toEqual([
      'buy call 500 2026-03-04',
      'buy put 500 2026-03-04',
    ]);
    expect(c[0].direction).toBe('neutral');
    expect(Math.abs(c[0].greeksPerUnit.delta)).toBeLessThan(0.1);
    expect(c[0].greeksPerUnit.gamma).toBeGreaterThan(0);
  });

  it('fires at the 0.3% and IV-percentile-60 thresholds and not beyond them', () => {
    const st = s.initialState();
    expect(s.evaluate(snap(501.5, 60), context(), st).candidates).toHaveLength(1);
    expect(s.evaluate(snap(502, 40), context(), st).candidates).toEqual([]);
    expect(s.evaluate(snap(501, 61), context(), st).candidates).toEqual([]);
    expect(s.evaluate(snap(null, 40), context(), st).candidates).toEqual([]);
    expect(s.evaluate(snap(501, null), context(), st).candidates).toEqual([]);
  });
});
