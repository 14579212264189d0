import { describe, expect, it } from 'vitest';
import {
  americanGreeks,
  americanImpliedVolatility,
  americanPrice,
} from '../../../../src/analytics/math/american.js';
import { bivariateNormalCdf } from '../../../../src/analytics/math/bivariate-normal.js';
import { bsmPrice } from '../../../../src/analytics/math/black-scholes.js';
import {
  calibrateHeston,
  hestonCharacteristic,
  hestonPrice,
  lewisPrice,
  mertonCharacteristic,
  mertonJumpDiffusionPrice,
} from '../../../../src/analytics/math/models.js';
import { brentRoot } from '../../../../src/analytics/math/roots.js';

describe('bivariate normal (Genz)', () => {
  it('M(0, 0; ρ) = 1/4 + asin(ρ)/(2π) across all three ρ regimes', () => {
    for (const rho of [-0.999, -0.95, -0.5, 0, 0.2, 0.6, 0.8, 0.95, 0.999])
      expect(
        Math.abs(bivariateNormalCdf(0, 0, rho) - (0.25 + Math.asin(rho) / (2 * Math.PI))),
      ).toBeLessThan(1e-15);
  });
  it('ρ = 0 factorises and the margins are right', () => {
    expect(bivariateNormalCdf(1, -0.5, 0)).toBeCloseTo(0.8413447460685429 * 0.3085375387259869, 15);
    expect(bivariateNormalCdf(1.3, 40, 0.7)).toBeCloseTo(0.9031995154143897, 14);
  });
});

describe('Bjerksund–Stensland 2002', () => {
  // Haug, "The Complete Guide to Option Pricing Formulas", 2nd ed. (McGraw-Hill 2007), §3.3.2,
  // table of Bjerksund–Stensland (2002) values for X = 100, r = 10%, b = 0, printed to 4 decimals.
  const table: [number, number, number, number, number][] = [
    // [T, σ, call at S = 90, 100, 110]
    [0.1, 0.15, 0.0205, 1.8757, 10.0],
    [0.1, 0.25, 0.3151, 3.1256, 10.3725],
    [0.1, 0.35, 0.9479, 4.3746, 11.1578],
    [0.5, 0.15, 0.8099, 4.0628, 10.7898],
    [0.5, 0.25, 2.718, 6.7661, 12.9814],
    [0.5, 0.35, 4.9665, 9.4608, 15.5137],
  ];
  it('reproduces Haug’s call table to the printed precision', () => {
    for (const [T, sigma, c90, c100, c110] of table) {
      const calls = [90, 100, 110].map((S) =>
        americanPrice({ type: 'call', S, K: 100, T, r: 0.1, q: 0.1, sigma }),
      );
      expect(calls.map((c) => c.toFixed(4))).toEqual([c90, c100, c110].map((c) => c.toFixed(4)));
    }
  });
  it('strike-varied calls (S = 100, X = 90 / 110, T = 0.5) and puts by the put-call transformation', () => {
    const c90 = americanPrice({ type: 'call', S: 100, K: 90, T: 0.5, r: 0.1, q: 0.1, sigma: 0.15 });
    const c110 = americanPrice({
      type: 'call',
      S: 100,
      K: 110,
      T: 0.5,
      r: 0.1,
      q: 0.1,
      sigma: 0.35,
    });
    expect(c90.toFixed(4)).toBe('10.5400');
    expect(c110.toFixed(4)).toBe('5.8374');
    // With b = 0 the transformation gives P(S, X) = C(X, S): the put at S = 90, X = 100 is c90.
    expect(
      americanPrice({ type: 'put', S: 90, K: 100, T: 0.5, r: 0.1, q: 0.1, sigma: 0.15 }),
    ).toBeCloseTo(c90, 12);
    expect(
      americanPrice({ type: 'put', S: 110, K: 100, T: 0.5, r: 0.1, q: 0.1, sigma: 0.35 }),
    ).toBeCloseTo(c110, 12);
  });
  it('is at least the European value and intrinsic; calls without dividends are European', () => {
    const base = { S: 100, K: 110, T: 1, r: 0.05, q: 0, sigma: 0.3 };
    expect(americanPrice({ type: 'put', ...base })).toBeGreaterThan(
      bsmPrice({ type: 'put', ...base }),
    );
    expect(americanPrice({ type: 'call', ...base })).toBeCloseTo(
      bsmPrice({ type: 'call', ...base }),
      12,
    );
    expect(americanPrice({ type: 'put', ...base, S: 50 })).toBeGreaterThanOrEqual(60);
  });
  it('IV inverts the price; Greeks are finite differences of it', () => {
    const base = { type: 'put' as const, S: 100, K: 110, T: 0.75, r: 0.05, q: 0.01 };
    const price = americanPrice({ ...base, sigma: 0.42 });
    const res = americanImpliedVolatility({ ...base, price });
    expect(Math.abs((res.iv as number) - 0.42)).toBeLessThan(1e-10);
    expect(americanImpliedVolatility({ ...base, price: 5 })).toEqual({
      iv: null,
      error: 'below_intrinsic',
    });
    expect(americanImpliedVolatility({ ...base, price: 200 })).toEqual({
      iv: null,
      error: 'above_upper_bound',
    });
    const g = americanGreeks({ ...base, sigma: 0.42 });
    expect(g.delta).toBeLessThan(0);
    expect(g.delta).toBeGreaterThan(-1);
    expect(g.gamma).toBeGreaterThan(0);
    expect(g.vega).toBeGreaterThan(0);
    const h = 0.01;
    const slope =
      (americanPrice({ ...base, S: 100 + h, sigma: 0.42 }) -
        americanPrice({ ...base, S: 100 - h, sigma: 0.42 })) /
      (2 * h);
    expect(g.delta).toBeCloseTo(slope, 5);
  });
});

describe('Merton jump-diffusion', () => {
  it('the Poisson series equals the Fourier (Lewis) price from its characteristic function', () => {
    for (const [K, type] of [
      [80, 'put'],
      [100, 'call'],
      [125, 'call'],
    ] as const) {
      const series = mertonJumpDiffusionPrice({
        type,
        S: 100,
        K,
        T: 0.5,
        r: 0.03,
        q: 0.01,
        sigma: 0.2,
        lambda: 0.5,
        muJ: -0.1,
        deltaJ: 0.15,
      });
      const fourier = lewisPrice(type, 100, K, 0.5, 0.03, 0.01, (u) =>
        mertonCharacteristic(u, 0.5, 0.2, 0.5, -0.1, 0.15),
      );
      expect(Math.abs(series - fourier)).toBeLessThan(1e-10);
    }
  });
  it('λ = 0 is Black–Scholes', () => {
    const base = { type: 'call' as const, S: 100, K: 95, T: 1, r: 0.02, q: 0, sigma: 0.25 };
    expect(mertonJumpDiffusionPrice({ ...base, lambda: 0, muJ: 0, deltaJ: 0.1 })).toBe(
      bsmPrice(base),
    );
  });
});

describe('Heston', () => {
  it('Lewis integral reproduces Black–Scholes from its characteristic function to 1e-13', () => {
    const bsPsi = (u: { re: number; im: number }) => {
      const s2 = 0.04 * 0.5;
      const re = -0.5 * s2 * (u.re * u.re - u.im * u.im - u.im);
      const im = -0.5 * s2 * (2 * u.re * u.im + u.re);
      return { re: Math.exp(re) * Math.cos(im), im: Math.exp(re) * Math.sin(im) };
    };
    expect(
      Math.abs(
        lewisPrice('put', 100, 110, 0.5, 0.03, 0.01, bsPsi) -
          bsmPrice({ type: 'put', S: 100, K: 110, T: 0.5, r: 0.03, q: 0.01, sigma: 0.2 }),
      ),
    ).toBeLessThan(1e-13);
  });
  it('matches the published benchmark (κ 1.5768, θ 0.0398, σ 0.5751, ρ −0.5711, v0 0.0175, S = K = 100, T = 1)', () => {
    // Value 5.7852 as printed in Crisostomo, "An Analysis of the Heston Stochastic Volatility Model:
    // Implementation and Calibration using Matlab" (2014), Table 1 (to the printed precision).
    expect(
      hestonPrice({
        type: 'call',
        S: 100,
        K: 100,
        T: 1,
        r: 0,
        q: 0,
        kappa: 1.5768,
        theta: 0.0398,
        sigma: 0.5751,
        rho: -0.5711,
        v0: 0.0175,
      }).toFixed(4),
    ).toBe('5.7852');
  });
  it('the characteristic function is a characteristic function: ψ(0) = 1 and ψ(−i) = 1 (martingale)', () => {
    const p = { kappa: 2, theta: 0.05, sigma: 0.8, rho: -0.8, v0: 0.03 };
    const at0 = hestonCharacteristic({ re: 0, im: 0 }, 30, p);
    const atI = hestonCharacteristic({ re: 0, im: -1 }, 30, p);
    expect(at0.re).toBeCloseTo(1, 14);
    expect(atI.re).toBeCloseTo(1, 12);
    expect(Math.abs(atI.im)).toBeLessThan(1e-12);
  });
  it('put-call parity holds', () => {
    const p = {
      S: 100,
      K: 105,
      T: 2,
      r: 0.03,
      q: 0.01,
      kappa: 1.2,
      theta: 0.06,
      sigma: 0.7,
      rho: -0.6,
      v0: 0.05,
    };
    const c = hestonPrice({ type: 'call', ...p });
    const put = hestonPrice({ type: 'put', ...p });
    expect(c - put).toBeCloseTo(100 * Math.exp(-0.01 * 2) - 105 * Math.exp(-0.03 * 2), 10);
  });
  it('calibration recovers the parameters of a smile it generated', () => {
    const truth = { kappa: 1.8, theta: 0.05, sigma: 0.6, rho: -0.7, v0: 0.03 };
    const quotes = [];
    for (const T of [0.25, 1])
      for (const K of [85, 95, 100, 105, 115]) {
        const type = K < 100 ? ('put' as const) : ('call' as const);
        quotes.push({
          type,
          K,
          T,
          price: hestonPrice({ ...truth, type, S: 100, K, T, r: 0.02, q: 0 }),
        });
      }
    const cal = calibrateHeston({ S: 100, r: 0.02, q: 0, quotes });
    expect(cal.rmseIv).toBeLessThan(1e-8);
    expect(cal.params.kappa).toBeCloseTo(truth.kappa, 3);
    expect(cal.params.rho).toBeCloseTo(truth.rho, 4);
    expect(cal.params.v0).toBeCloseTo(truth.v0, 5);
  });
});

describe('Brent', () => {
  it('finds roots to tolerance and rejects a bad bracket', () => {
    expect(brentRoot((x) => x * x - 2, 0, 2, { xTol: 1e-15 })).toBeCloseTo(Math.SQRT2, 14);
    expect(brentRoot((x) => Math.cos(x) - x, 0, 1)).toBeCloseTo(0.7390851332151607, 12);
    expect(brentRoot((x) => x * x + 1, -1, 1)).toBeNaN();
  });
});
