import { describe, expect, it } from 'vitest';
import type { ContractAnalytics } from '../../../../src/analytics/analytics-snapshot.js';
import {
  GexShiftDetector,
  impossibleGreeksFlag,
  impossibleGreeksReason,
  missingGreeksFlags,
  vendorDisagreementFlag,
} from '../../../../src/analytics/anomalies/anomalies.js';
import { VolSpreadForecaster } from '../../../../src/analytics/forecast/vol-forecast.js';
import {
  classifyRegime,
  gammaSignSignal,
  maSlopeSignal,
} from '../../../../src/analytics/regime/regime.js';
import type { OptionContract } from '../../../../src/market-data/chain-snapshot.js';

const sig = (value: number, confidence = 1) => ({ value, confidence });

describe('regime', () => {
  it('labels by the documented rules', () => {
    const base = {
      volPercentile: sig(0.5),
      maSlope: sig(0),
      liquidity: sig(70),
      gammaSign: sig(0.3),
    };
    expect(classifyRegime(base).label).toBe('mean_reverting');
    expect(classifyRegime({ ...base, volPercentile: sig(0.85) }).label).toBe('volatile');
    expect(classifyRegime({ ...base, liquidity: sig(20) }).label).toBe('volatile');
    expect(classifyRegime({ ...base, volPercentile: sig(0.65), gammaSign: sig(-0.2) }).label).toBe(
      'volatile',
    );
    expect(classifyRegime({ ...base, maSlope: sig(-0.2) }).label).toBe('trending');
    expect(classifyRegime({ ...base, volPercentile: sig(0.2) }).label).toBe('calm');
    expect(classifyRegime({ ...base, volPercentile: sig(0.2), gammaSign: sig(-0.3) }).label).toBe(
      'mean_reverting',
    );
  });

  it('confidence is the weakest input confidence; a missing input counts as 0', () => {
    const r = classifyRegime({
      volPercentile: sig(0.5, 0.9),
      maSlope: sig(0, 0.4),
      liquidity: sig(70, 0.7),
      gammaSign: sig(0.3, 1),
    });
    expect(r.confidence).toBe(0.4);
    expect(r.inputs.maSlopeConfidence).toBe(0.4);
    expect(
      classifyRegime({
        volPercentile: sig(0.5),
        maSlope: null,
        liquidity: sig(70),
        gammaSign: sig(0.3),
      }).confidence,
    ).toBe(0);
  });

  it('slope and gamma inputs', () => {
    const closes = Array.from({ length: 45 }, (_, i) => 100 + i);
    // SMA20 rises 1 per bar: over 5 bars, 5 / 5 / ATR 2 = 0.5 ATR per bar.
    const s = maSlopeSignal(closes, 2);
    expect(s?.value).toBeCloseTo(0.5, 12);
    expect(s?.confidence).toBe(1);
    expect(maSlopeSignal(closes.slice(0, 24), 2)).toBeNull();
    const g = gammaSignSignal(-1, 100);
    expect(g?.value).toBeCloseTo(-0.01, 15);
    expect(g?.confidence).toBeCloseTo(0.2, 12);
    expect(gammaSignSignal(1, 0)).toBeNull();
  });
});

describe('vol forecast', () => {
  it('EWMA of IV − RV with an RMSE of one-step-ahead errors', () => {
    const f = new VolSpreadForecaster(0.9);
    expect(f.update(0.2, 0.15)).toEqual({
      impliedMinusRealised: 0.2 - 0.15,
      ewma: 0.2 - 0.15,
      error: null,
    });
    const s1 = 0.2 - 0.15;
    const s2 = 0.25 - 0.15;
    const second = f.update(0.25, 0.15);
    expect(second?.ewma).toBeCloseTo(0.9 * s1 + 0.1 * s2, 15);
    expect(second?.error).toBeCloseTo(Math.abs(s2 - s1), 15);
    const s3 = 0.18 - 0.16;
    const e3 = s3 - (0.9 * s1 + 0.1 * s2);
    const third = f.update(0.18, 0.16);
    expect(third?.error).toBeCloseTo(Math.sqrt(0.9 * (s2 - s1) ** 2 + 0.1 * e3 * e3), 15);
    expect(f.snapshot().observations).toBe(3);
  });
  it('preview does not change the state; restores from a stored state', () => {
    const f = new VolSpreadForecaster(0.94, { ewma: 0.03, mse: 0.0001, observations: 10 });
    const p = f.preview(0.25, 0.2);
    expect(p?.ewma).toBeCloseTo(0.94 * 0.03 + 0.06 * 0.05, 15);
    expect(f.snapshot()).toEqual({ ewma: 0.03, mse: 0.0001, observations: 10 });
    expect(f.update(Number.NaN, 0.2)).toBeNull();
    expect(() => new VolSpreadForecaster(1)).toThrow();
  });
});

function vendor(
  p: Partial<OptionContract> & Pick<OptionContract, 'occSymbol' | 'right'>,
): OptionContract {
  return {
    root: 'SPY',
    expiry: '2026-03-20',
    expiresAt: '2026-03-20T20:00:00.000Z',
    settlement: 'PM',
    strike: 100,
    bid: 1,
    ask: 1.1,
    last: null,
    mark: 1.05,
    volume: 0,
    openInterest: 10,
    iv: 0.2,
    delta: 0.5,
    gamma: 0.02,
    theta: -0.01,
    vega: 0.1,
    ...p,
  };
}
function ours(
  p: Partial<ContractAnalytics> & Pick<ContractAnalytics, 'occSymbol' | 'right'>,
): ContractAnalytics {
  return {
    root: 'SPY',
    expiry: '2026-03-20',
    expiresAt: 0,
    strike: 100,
    bid: 1,
    ask: 1.1,
    mid: 1.05,
    volume: 0,
    openInterest: 10,
    t: 0.1,
    iv: 0.2,
    delta: 0.5,
    gamma: 0.02,
    theta: -0.01,
    vega: 0.1,
    ...p,
  };
}

describe('anomalies', () => {
  it('gex_shift when |net GEX| moves more than 20 % within 5 minutes', () => {
    const d = new GexShiftDetector('SPY', { threshold: 0.2, windowMs: 300_000 });
    expect(d.record(0, 1e9)).toBeNull();
    expect(d.record(60_000, 1.15e9)).toBeNull();
    const flag = d.record(240_000, 1.25e9);
    expect(flag?.kind).toBe('gex_shift');
    expect(flag?.context.changePct).toBeCloseTo(25, 10);
    expect(flag?.context.netGexBefore).toBe(1e9);
    // 0 is now out of the window; against 1.15e9 the move to 1.3e9 is 13 %.
    expect(d.record(330_000, 1.3e9)).toBeNull();
    expect(d.record(340_000, -1.3e9)?.context.signFlipped ?? null).toBeNull();
    expect(d.record(350_000, 0.5e9)?.context.changePct).toBeCloseTo((0.5 / 1.3 - 1) * 100, 10);
  });

  it('impossible Greeks', () => {
    expect(
      impossibleGreeksReason({ right: 'call', iv: 0.2, delta: 1.2, gamma: 0.01, vega: 0.1 }),
    ).toMatch(/call delta/);
    expect(
      impossibleGreeksReason({ right: 'put', iv: 0.2, delta: 0.3, gamma: 0.01, vega: 0.1 }),
    ).toMatch(/put delta/);
    expect(
      impossibleGreeksReason({ right: 'put', iv: 0.2, delta: -0.3, gamma: -0.01, vega: 0.1 }),
    ).toMatch(/gamma/);
    expect(
      impossibleGreeksReason({ right: 'call', iv: null, delta: null, gamma: null, vega: null }),
    ).toBeNull();
    const flag = impossibleGreeksFlag('SPY', 5, [
      vendor({ occSymbol: 'A', right: 'call' }),
      vendor({ occSymbol: 'B', right: 'call', delta: -0.4 }),
      vendor({ occSymbol: 'C', right: 'put', delta: -0.4, vega: -1 }),
    ]);
    expect(flag).toMatchObject({
      kind: 'impossible_greeks',
      at: 5,
      context: { count: 2, occSymbol: 'B' },
    });
    expect(impossibleGreeksFlag('SPY', 5, [vendor({ occSymbol: 'A', right: 'call' })])).toBeNull();
  });

  it('missing Greeks above the allowed share, from the vendor and from us', () => {
    const v = [
      vendor({ occSymbol: 'A', right: 'call' }),
      vendor({ occSymbol: 'B', right: 'call', delta: null }),
    ];
    const o = [ours({ occSymbol: 'A', right: 'call' }), ours({ occSymbol: 'B', right: 'call' })];
    const flags = missingGreeksFlags('SPY', 1, v, o, 0.05);
    expect(flags).toHaveLength(1);
    expect(flags[0].context).toMatchObject({ source: 'vendor', count: 1, total: 2, share: 0.5 });
    expect(missingGreeksFlags('SPY', 1, v, o, 0.5)).toHaveLength(0);
    const noOi = [vendor({ occSymbol: 'B', right: 'call', delta: null, openInterest: 0 })];
    expect(missingGreeksFlags('SPY', 1, noOi, [], 0)).toHaveLength(0);
  });

  it('vendor Greeks disagreeing with ours beyond the tolerance', () => {
    const v = [
      vendor({ occSymbol: 'A', right: 'call', delta: 0.5 }),
      vendor({ occSymbol: 'B', right: 'call', delta: 0.3 }),
    ];
    const o = [
      ours({ occSymbol: 'A', right: 'call', delta: 0.52 }),
      ours({ occSymbol: 'B', right: 'call', delta: 0.4 }),
    ];
    const flag = vendorDisagreementFlag('SPY', 1, v, o, 0.05);
    expect(flag?.context).toMatchObject({
      count: 1,
      compared: 2,
      occSymbol: 'B',
      vendorDelta: 0.3,
      ourDelta: 0.4,
    });
    expect(vendorDisagreementFlag('SPY', 1, v, o, 0.2)).toBeNull();
  });
});
