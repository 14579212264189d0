import { describe, expect, it } from 'vitest';
import { bsm, normCdf, Prng, hash32 } from '../../../../src/market-data/simulator/index.js';

describe('Prng (xoshiro128** seeded by splitmix32)', () => {
  it('replays the same stream for the same seed and differs for another', () => {
    const a = new Prng(7);
    const b = new Prng(7);
    const c = new Prng(8);
    const sa = Array.from({ length: 50 }, () => a.nextUint32());
    const sb = Array.from({ length: 50 }, () => b.nextUint32());
    const sc = Array.from({ length: 50 }, () => c.nextUint32());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
  });

  it('gives uniforms, normals and Poisson counts with the right moments', () => {
    const r = new Prng(hash32('moments'));
    const n = 40_000;
    let su = 0;
    let sn = 0;
    let sn2 = 0;
    let sp = 0;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      expect(u >= 0 && u < 1).toBe(true);
      su += u;
      const z = r.normal();
      sn += z;
      sn2 += z * z;
      sp += r.poisson(2.5);
    }
    expect(su / n).toBeCloseTo(0.5, 2);
    expect(sn / n).toBeCloseTo(0, 1);
    expect(sn2 / n).toBeGreaterThan(0.97);
    expect(sn2 / n).toBeLessThan(1.03);
    expect(sp / n).toBeGreaterThan(2.45);
    expect(sp / n).toBeLessThan(2.55);
  });
});

describe('Black–Scholes–Merton', () => {
  it('has a double-precision normal CDF', () => {
    expect(normCdf(0)).toBe(0.5);
    expect(normCdf(1)).toBeCloseTo(0.841344746068543, 13);
    expect(normCdf(-1.96)).toBeCloseTo(0.0249978951482204, 13);
    expect(Math.abs(normCdf(-8) / 6.22096057427178e-16 - 1)).toBeLessThan(1e-7);
  });

  it('matches the textbook values (S=K=100, T=1, σ=20%, r=5%)', () => {
    expect(bsm(true, 100, 100, 1, 0.2, 0.05, 0).price).toBeCloseTo(10.4506, 4);
    expect(bsm(false, 100, 100, 1, 0.2, 0.05, 0).price).toBeCloseTo(5.5735, 4);
  });

  it('satisfies put-call parity with dividends', () => {
    const [s, k, t, r, q] = [580, 590, 0.3, 0.043, 0.012];
    const c = bsm(true, s, k, t, 0.18, r, q).price;
    const p = bsm(false, s, k, t, 0.18, r, q).price;
    expect(c - p).toBeCloseTo(s * Math.exp(-q * t) - k * Math.exp(-r * t), 10);
  });

  it('gives Greeks in desk units that match finite differences', () => {
    const f = (s: number, t: number, v: number): number =>
      bsm(true, s, 100, t, v, 0.04, 0.01).price;
    const g = bsm(true, 100, 100, 0.25, 0.3, 0.04, 0.01);
    const h = 1e-3;
    expect(g.delta).toBeCloseTo((f(100 + h, 0.25, 0.3) - f(100 - h, 0.25, 0.3)) / (2 * h), 6);
    expect(g.gamma).toBeCloseTo(
      (f(100 + h, 0.25, 0.3) - 2 * f(100, 0.25, 0.3) + f(100 - h, 0.25, 0.3)) / (h * h),
      3,
    );
    // vega per vol point, theta per calendar day
    expect(g.vega).toBeCloseTo(
      (f(100, 0.25, 0.3 + 1e-4) - f(100, 0.25, 0.3 - 1e-4)) / 2e-4 / 100,
      6,
    );
    expect(g.theta).toBeCloseTo(
      -(f(100, 0.25 + 1e-5, 0.3) - f(100, 0.25 - 1e-5, 0.3)) / 2e-5 / 365,
      5,
    );
  });

  it('is intrinsic at expiry', () => {
    expect(bsm(true, 105, 100, 0, 0.2, 0.05, 0).price).toBe(5);
    expect(bsm(false, 105, 100, 0, 0.2, 0.05, 0).price).toBe(0);
  });
});
