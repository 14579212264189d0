import { describe, expect, it } from 'vitest';
import {
  allocateGreeksColumns,
  bsmGreeks,
  bsmGreeksBatch,
  bsmPrice,
} from '../../../../src/analytics/math/black-scholes.js';
import { impliedVolatility } from '../../../../src/analytics/math/implied-volatility.js';

describe('BSM published values', () => {
  // Hull, "Options, Futures, and Other Derivatives", 8th ed., Example 15.6 (p. 323):
  // S0 = 42, K = 40, r = 10%, σ = 20%, T = 0.5 → c = 4.76, p = 0.81.
  it('Hull Example 15.6 call and put', () => {
    const base = { S: 42, K: 40, T: 0.5, r: 0.1, q: 0, sigma: 0.2 };
    expect(bsmPrice({ type: 'call', ...base }).toFixed(2)).toBe('4.76');
    expect(bsmPrice({ type: 'put', ...base }).toFixed(2)).toBe('0.81');
  });

  it('Greeks of the same option agree with their definitions in DESIGN units', () => {
    const g = bsmGreeks({ type: 'call', S: 42, K: 40, T: 0.5, r: 0.1, q: 0, sigma: 0.2 });
    expect(g.delta).toBeCloseTo(0.7791, 4);
    expect(g.vega * 100).toBeCloseTo(8.8134, 3);
  });
});

describe('implied volatility round trip', () => {
  it('recovers σ for an ATM option', () => {
    const p = bsmPrice({ type: 'call', S: 100, K: 100, T: 1, r: 0.03, q: 0.01, sigma: 0.2 });
    const res = impliedVolatility({
      type: 'call',
      S: 100,
      K: 100,
      T: 1,
      r: 0.03,
      q: 0.01,
      price: p,
    });
    expect(res.iv).not.toBeNull();
    expect(Math.abs((res.iv as number) - 0.2)).toBeLessThan(1e-13);
  });
  it('explains prices outside the bounds', () => {
    const base = { type: 'call' as const, S: 100, K: 90, T: 1, r: 0, q: 0 };
    expect(impliedVolatility({ ...base, price: 5 })).toEqual({
      iv: null,
      error: 'below_intrinsic',
    });
    expect(impliedVolatility({ ...base, price: 100 })).toEqual({
      iv: null,
      error: 'above_upper_bound',
    });
    expect(impliedVolatility({ ...base, price: 0 })).toEqual({
      iv: null,
      error: 'non_positive_price',
    });
    expect(impliedVolatility({ ...base, T: 0, price: 12 })).toEqual({
      iv: null,
      error: 'non_positive_time',
    });
    expect(impliedVolatility({ ...base, S: NaN, price: 12 })).toEqual({
      iv: null,
      error: 'invalid_input',
    });
  });
});

describe('batch Greeks', () => {
  it('match the one-by-one Greeks, and a NaN volatility gives NaN Greeks, not intrinsic ones', () => {
    const K = Float64Array.from([90, 100, 110]);
    const sigma = Float64Array.from([0.25, Number.NaN, 0.3]);
    const out = allocateGreeksColumns(3);
    bsmGreeksBatch(
      {
        isCall: Uint8Array.from([1, 0, 1]),
        S: 100,
        K,
        T: Float64Array.from([0.5, 0.5, 1]),
        r: 0.03,
        q: 0.01,
        sigma,
      },
      out,
    );
    const first = bsmGreeks({ type: 'call', S: 100, K: 90, T: 0.5, r: 0.03, q: 0.01, sigma: 0.25 });
    expect(out.price[0]).toBe(first.price);
    expect(out.delta[0]).toBe(first.delta);
    expect(out.vanna?.[0]).toBe(first.vanna);
    for (const col of [out.price, out.delta, out.gamma, out.theta, out.vega, out.rho, out.speed!])
      expect(col[1]).toBeNaN();
    const third = bsmGreeks({ type: 'call', S: 100, K: 110, T: 1, r: 0.03, q: 0.01, sigma: 0.3 });
    expect(out.gamma[2]).toBe(third.gamma);
  });
});
