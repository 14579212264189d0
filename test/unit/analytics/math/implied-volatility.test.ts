import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bsmGreeks,
  bsmPrice,
  type BsmInput,
} from '../../../../src/analytics/math/black-scholes.js';
import {
  impliedVolatility,
  impliedVolatilityBatch,
} from '../../../../src/analytics/math/implied-volatility.js';
import { generateIvHardSet, identifiesSigma } from '../../../../bench/support/iv-hard-set.js';

describe('IV hard set (minutes to expiry, ±8σ wings, σ 0.5%–500%)', () => {
  const set = generateIvHardSet(40_000);

  it('keeps most of the generated cases and says why the rest are out', () => {
    expect(set.cases.length).toBeGreaterThan(20_000);
    expect(set.cases.length + set.unidentified + set.degenerate).toBe(40_000);
    expect(set.cases.some((c) => c.T < 2 / (365 * 24 * 60))).toBe(true);
    expect(set.cases.some((c) => c.sigma < 0.006)).toBe(true);
    expect(set.cases.some((c) => c.sigma > 4.5)).toBe(true);
  });

  it('recovers σ within 1e-10 (relative) on every identifying case, one by one and in batch', () => {
    let worst = 0;
    for (const c of set.cases) {
      const res = impliedVolatility(c);
      if (res.iv === null) throw new Error(`no solution (${res.error}) for ${JSON.stringify(c)}`);
      const err = Math.abs(res.iv - c.sigma) / c.sigma;
      if (err > 1e-10) throw new Error(`error ${err} for ${JSON.stringify(c)}`);
      worst = Math.max(worst, err);
    }
    expect(worst).toBeLessThan(1e-10);

    const n = set.cases.length;
    const iv = new Float64Array(n);
    const codes = new Uint8Array(n);
    const solved = impliedVolatilityBatch(
      {
        isCall: Uint8Array.from(set.cases, (c) => (c.type === 'call' ? 1 : 0)),
        S: Float64Array.from(set.cases, (c) => c.S),
        K: Float64Array.from(set.cases, (c) => c.K),
        T: Float64Array.from(set.cases, (c) => c.T),
        r: Float64Array.from(set.cases, (c) => c.r),
        q: Float64Array.from(set.cases, (c) => c.q),
        price: Float64Array.from(set.cases, (c) => c.price),
      },
      iv,
      codes,
    );
    expect(solved).toBe(n);
    for (let i = 0; i < n; i++)
      expect(Math.abs(iv[i] - set.cases[i].sigma) / set.cases[i].sigma).toBeLessThan(1e-10);
  });

  // A strike's call and put map to the same normalised moneyness, and the solver reuses the
  // initial-guess points of the previous solve when x repeats: the answer must not depend on it.
  it('solves a put the same after its call (same x, reused guess points) as on its own', () => {
    const unrelated = { type: 'call' as const, S: 100, K: 100, T: 0.5, r: 0, q: 0, price: 5 };
    for (const c of set.cases.slice(0, 8_000)) {
      const put = { ...c, type: 'put' as const };
      const call = { ...c, type: 'call' as const };
      put.price = bsmPrice({ ...put, sigma: c.sigma });
      call.price = bsmPrice({ ...call, sigma: c.sigma });
      impliedVolatility(unrelated);
      const alone = impliedVolatility(put);
      impliedVolatility(call);
      const afterCall = impliedVolatility(put);
      expect(afterCall).toEqual(alone);
    }
  });

  it('0DTE with one minute left, deep wings and extreme vols, by name', () => {
    const minute = 1 / (365 * 24 * 60);
    for (const [K, T, sigma, type] of [
      [100.05, minute, 0.15, 'call'],
      [99.9, minute, 0.3, 'put'],
      [30, 1, 0.5, 'put'],
      [400, 1, 0.8, 'call'],
      [100, 1, 0.005, 'call'],
      [100, 0.25, 5, 'put'],
      [105, 30 / 365, 0.005, 'call'],
    ] as const) {
      const price = bsmPrice({ type, S: 100, K, T, r: 0.03, q: 0.01, sigma });
      const res = impliedVolatility({ type, S: 100, K, T, r: 0.03, q: 0.01, price });
      expect(res.iv).not.toBeNull();
      expect(Math.abs((res.iv as number) - sigma) / sigma).toBeLessThan(1e-10);
    }
  });
});

const optionArb = fc.record({
  type: fc.constantFrom('call' as const, 'put' as const),
  S: fc.double({ min: 10, max: 1000, noNaN: true }),
  m: fc.double({ min: -0.5, max: 0.5, noNaN: true }),
  T: fc.double({ min: 1 / 365, max: 3, noNaN: true }),
  r: fc.double({ min: -0.01, max: 0.08, noNaN: true }),
  q: fc.double({ min: 0, max: 0.05, noNaN: true }),
  sigma: fc.double({ min: 0.05, max: 1.5, noNaN: true }),
});
const toInput = (o: {
  type: 'call' | 'put';
  S: number;
  m: number;
  T: number;
  r: number;
  q: number;
  sigma: number;
}): BsmInput => ({
  type: o.type,
  S: o.S,
  K: o.S * Math.exp(o.m),
  T: o.T,
  r: o.r,
  q: o.q,
  sigma: o.sigma,
});

describe('properties (fast-check)', () => {
  it('put-call parity: c − p = S·e^{−qT} − K·e^{−rT}', () => {
    fc.assert(
      fc.property(optionArb, (o) => {
        const i = toInput(o);
        const c = bsmPrice({ ...i, type: 'call' });
        const p = bsmPrice({ ...i, type: 'put' });
        const rhs = i.S * Math.exp(-i.q * i.T) - i.K * Math.exp(-i.r * i.T);
        return Math.abs(c - p - rhs) <= 1e-12 * (i.S + i.K);
      }),
      { numRuns: 2000 },
    );
  });

  it('monotone: calls rise with S and fall with K; both rise with σ', () => {
    fc.assert(
      fc.property(optionArb, fc.double({ min: 1e-3, max: 0.2, noNaN: true }), (o, bump) => {
        const i = toInput(o);
        const base = bsmPrice(i);
        const upS = bsmPrice({ ...i, S: i.S * (1 + bump) });
        const upK = bsmPrice({ ...i, K: i.K * (1 + bump) });
        const upSigma = bsmPrice({ ...i, sigma: i.sigma * (1 + bump) });
        const tol = 1e-12 * (i.S + i.K);
        const sOk = i.type === 'call' ? upS >= base - tol : upS <= base + tol;
        const kOk = i.type === 'call' ? upK <= base + tol : upK >= base - tol;
        return sOk && kOk && upSigma >= base - tol;
      }),
      { numRuns: 2000 },
    );
  });

  it('IV(price(σ)) = σ', () => {
    fc.assert(
      fc.property(optionArb, (o) => {
        const i = toInput(o);
        const g = bsmGreeks(i);
        const res = impliedVolatility({ ...i, price: g.price });
        const roundoff = Math.max(
          8 * Number.EPSILON * (g.price + Math.abs(g.delta) * i.S),
          // Subnormal prices: N(d) carries an absolute precision of MIN_VALUE, scaled by S and K.
          4 * (i.S + i.K) * Number.MIN_VALUE,
        );
        if (g.price === 0) return res.iv === null && res.error === 'non_positive_price'; // underflow
        if (res.iv === null) {
          // Only a price indistinguishable from intrinsic value may have no solution.
          const F = i.S * Math.exp((i.r - i.q) * i.T);
          const intrinsic =
            Math.exp(-i.r * i.T) * Math.max(i.type === 'call' ? F - i.K : i.K - F, 0);
          return res.error === 'below_intrinsic' && Math.abs(g.price - intrinsic) <= roundoff;
        }
        // Where the price identifies σ to 1e-10 (iv-hard-set.ts), demand it; elsewhere the price
        // still has to come back: IV(σ̂) reprices to within one rounding of the inputs.
        const recovered = Math.abs(res.iv - i.sigma) <= 1e-10 * i.sigma;
        if (identifiesSigma(g.price, i.sigma, g.vega * 100, g.delta, i.S)) return recovered;
        // A price deep in the wings can be subnormal (below 2.2e-308) and moves in steps of about
        // S·MIN_VALUE: call, S 25.17, m 0.5, T 1/365, σ 0.2515 prices 6.927146e-318 for σ·(1 ± 1e-9)
        // alike, and σ̂ (3e-8 off) reprices one step (3.2e-322) away — within `roundoff`.
        const repriced = bsmPrice({ ...i, sigma: res.iv });
        return recovered || Math.abs(repriced - g.price) <= roundoff;
      }),
      // Fixed seed for a reproducible CI; 1.2 million unseeded cases passed with these bounds.
      { numRuns: 3000, seed: 20261205 },
    );
  });

  // Steps scale with the option's own width (S·σ√T in spot, σ in vol, T in time) so truncation
  // stays near 1e-8 relative even for one-day options; tolerances are relative with a floor.
  const near = (a: number, b: number, floor: number) =>
    Math.abs(a - b) <= 1e-5 * Math.abs(b) + floor;

  it('Greeks agree with central finite differences of the price', () => {
    fc.assert(
      fc.property(optionArb, (o) => {
        const i = toInput(o);
        const g = bsmGreeks(i);
        const p = (d: Partial<BsmInput>) => bsmPrice({ ...i, ...d });
        const width = i.S * i.sigma * Math.sqrt(i.T);
        const hS = width * 1e-3;
        const delta = (p({ S: i.S + hS }) - p({ S: i.S - hS })) / (2 * hS);
        const gamma = (p({ S: i.S + hS }) - 2 * g.price + p({ S: i.S - hS })) / (hS * hS);
        const hV = i.sigma * 1e-4;
        const vega = (p({ sigma: i.sigma + hV }) - p({ sigma: i.sigma - hV })) / (2 * hV) / 100;
        const hR = 1e-5;
        const rho = (p({ r: i.r + hR }) - p({ r: i.r - hR })) / (2 * hR) / 100;
        const hT = i.T * 1e-4;
        const theta = -(p({ T: i.T + hT }) - p({ T: i.T - hT })) / (2 * hT) / 365;
        const floor = 1e-9 * (i.S + i.K);
        return (
          near(g.delta, delta, 1e-7) &&
          near(g.gamma, gamma, 1e-5 / width) &&
          near(g.vega, vega, floor) &&
          near(g.rho, rho, floor) &&
          near(g.theta, theta, floor)
        );
      }),
      { numRuns: 1500 },
    );
  });

  it('higher orders: vanna, charm, vomma, speed against differences of delta, vega and gamma', () => {
    fc.assert(
      fc.property(optionArb, (o) => {
        const i = toInput(o);
        const g = bsmGreeks(i);
        const at = (d: Partial<BsmInput>) => bsmGreeks({ ...i, ...d });
        const width = i.S * i.sigma * Math.sqrt(i.T);
        const hV = i.sigma * 1e-4;
        const vanna =
          (at({ sigma: i.sigma + hV }).delta - at({ sigma: i.sigma - hV }).delta) / (2 * hV) / 100;
        const vomma =
          (at({ sigma: i.sigma + hV }).vega - at({ sigma: i.sigma - hV }).vega) / (2 * hV) / 100;
        const hT = i.T * 1e-4;
        const charm = -(at({ T: i.T + hT }).delta - at({ T: i.T - hT }).delta) / (2 * hT) / 365;
        const hS = width * 1e-3;
        const speed = (at({ S: i.S + hS }).gamma - at({ S: i.S - hS }).gamma) / (2 * hS);
        return (
          near(g.vanna, vanna, 1e-9) &&
          near(g.vomma, vomma, 1e-9 * i.S) &&
          near(g.charm, charm, 1e-9) &&
          near(g.speed, speed, 1e-5 / (width * width))
        );
      }),
      { numRuns: 1500 },
    );
  });
});
