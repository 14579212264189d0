/**
 * Accuracy of the BSM price and Greeks against a 50-digit reference (decimal.js), and against
 * published values (Hull; Haug) to their printed precision.
 */
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  bsmGreeks,
  type BsmInput,
  type Greeks,
} from '../../../../src/analytics/math/black-scholes.js';
import { erfc, inverseNormCdf, normCdf } from '../../../../src/analytics/math/normal.js';

// Working precision well above 50 digits: the N(x) series cancels ~x²/2·log10(e) digits.
const D = Decimal.clone({ precision: 80 });
const ONE = new D(1);
const HALF = new D(0.5);
const SQRT_2PI = D.sqrt(D.acos(-1).times(2));

function pdfD(x: Decimal): Decimal {
  return D.exp(x.times(x).times(-0.5)).div(SQRT_2PI);
}

/**
 * Φ(x) = ½ + φ(x)·Σ x^{2n+1}/(2n+1)!! for |x| ≤ 10 (the series cancels about 22 of the 80 digits
 * there, leaving more than 50); beyond, Φ(x) < 1e-23 and is taken as 0 or 1, which moves no price
 * by 1e-12 nor any Greek by the 1e-13 floor used below.
 */
function cdfD(x: Decimal): Decimal {
  if (x.abs().gt(10)) return x.isNeg() ? new D(0) : ONE;
  let term = x;
  let sum = x;
  const x2 = x.times(x);
  for (let n = 1; n < 5000; n++) {
    term = term.times(x2).div(2 * n + 1);
    sum = sum.plus(term);
    if (term.abs().lt(sum.abs().times('1e-75'))) break;
  }
  return HALF.plus(pdfD(x).times(sum));
}

type Ref = Record<keyof Greeks, Decimal>;

/** Lower tail Φ(x), x < −5, by Laplace's continued fraction φ(x)/(t + 1/(t + 2/(t + …))), t = −x. */
function tailCdfD(x: Decimal): Decimal {
  const t = x.neg();
  let f = t;
  for (let n = 4000; n >= 1; n--) f = t.plus(new D(n).div(f));
  return pdfD(x).div(f);
}

/** BSM price and Greeks at 120-digit working precision (DESIGN.md units). */
function referenceGreeks(i: BsmInput): Ref {
  const S = new D(i.S);
  const K = new D(i.K);
  const T = new D(i.T);
  const r = new D(i.r);
  const q = new D(i.q);
  const v = new D(i.sigma);
  const sqrtT = T.sqrt();
  const sd = v.times(sqrtT);
  const d1 = D.ln(S.div(K))
    .plus(r.minus(q).plus(v.times(v).div(2)).times(T))
    .div(sd);
  const d2 = d1.minus(sd);
  const dfq = D.exp(q.neg().times(T));
  const dfr = D.exp(r.neg().times(T));
  const sign = i.type === 'call' ? 1 : -1;
  const Nd1 = cdfD(d1.times(sign));
  const Nd2 = cdfD(d2.times(sign));
  const pdf = pdfD(d1);
  const price = S.times(dfq).times(Nd1).minus(K.times(dfr).times(Nd2)).times(sign);
  const gamma = dfq.times(pdf).div(S.times(sd));
  const vegaRaw = S.times(dfq).times(pdf).times(sqrtT);
  const theta = S.times(dfq)
    .times(pdf)
    .times(v)
    .div(sqrtT.times(2))
    .neg()
    .minus(r.times(K).times(dfr).times(Nd2).times(sign))
    .plus(q.times(S).times(dfq).times(Nd1).times(sign));
  const charm = q
    .times(dfq)
    .times(Nd1)
    .times(sign)
    .minus(
      dfq
        .times(pdf)
        .times(r.minus(q).times(T).times(2).minus(d2.times(sd)))
        .div(T.times(sd).times(2)),
    );
  return {
    price,
    delta: dfq.times(Nd1).times(sign),
    gamma,
    theta: theta.div(365),
    vega: vegaRaw.div(100),
    rho: K.times(T).times(dfr).times(Nd2).times(sign).div(100),
    vanna: dfq.times(pdf).times(d2).div(v).neg().div(100),
    charm: charm.div(365),
    vomma: vegaRaw.times(d1).times(d2).div(v).div(10000),
    speed: gamma.div(S).neg().times(d1.div(sd).plus(1)),
  };
}

function cases(): BsmInput[] {
  const out: BsmInput[] = [];
  for (const K of [50, 80, 95, 100, 105, 120, 200])
    for (const T of [1 / (365 * 24), 1 / 365, 30 / 365, 1, 5])
      for (const sigma of [0.05, 0.2, 0.8, 2])
        for (const [r, q] of [
          [0, 0],
          [0.05, 0.02],
          [-0.01, 0.03],
        ])
          for (const type of ['call', 'put'] as const)
            out.push({ type, S: 100, K, T, r, q, sigma });
  return out;
}

describe('BSM against a 50-digit reference', () => {
  const table = cases();
  const keys: (keyof Greeks)[] = [
    'delta',
    'gamma',
    'theta',
    'vega',
    'rho',
    'vanna',
    'charm',
    'vomma',
    'speed',
  ];

  const refs = new Map<BsmInput, Ref>();
  const ref = (c: BsmInput): Ref => {
    let v = refs.get(c);
    if (!v) {
      v = referenceGreeks(c);
      refs.set(c, v);
    }
    return v;
  };

  it(
    `prices within 1e-9 relative or 1e-12 absolute on ${table.length} cases`,
    { timeout: 120_000 },
    () => {
      let worstRel = 0;
      for (const c of table) {
        const ours = bsmGreeks(c).price;
        const refPrice = ref(c).price;
        const abs = Math.abs(new D(ours).minus(refPrice).toNumber());
        const rel = abs / Math.abs(refPrice.toNumber());
        const ok = abs <= 1e-12 || rel <= 1e-9;
        if (!ok)
          throw new Error(
            `price ${JSON.stringify(c)}: ours ${ours}, ref ${refPrice.toPrecision(20)}`,
          );
        if (abs > 1e-12) worstRel = Math.max(worstRel, rel);
      }
      expect(worstRel).toBeLessThan(1e-9);
    },
  );

  it('Greeks within 1e-8 (relative, with a 1e-13 absolute floor)', { timeout: 120_000 }, () => {
    for (const c of table) {
      const ours = bsmGreeks(c);
      const rc = ref(c);
      for (const k of keys) {
        const r = rc[k].toNumber();
        const err = Math.abs(ours[k] - r);
        if (!(err <= 1e-8 * Math.abs(r) + 1e-13))
          throw new Error(
            `${k} ${JSON.stringify(c)}: ours ${ours[k]}, ref ${rc[k].toPrecision(20)}`,
          );
      }
    }
    expect(table.length).toBe(840);
  });

  it('Φ is accurate in the far tail and Φ⁻¹ inverts it', () => {
    // Φ's own condition number at x is |x·φ(x)/Φ(x)| ≈ x² in the lower tail: representing x alone
    // costs x²·ε relative, so that (plus a few ulps) is the honest bound.
    for (const x of [-37, -20, -10.5, -8, -3, -0.3, 0, 0.7, 2.5, 6]) {
      const ref = (x < -5 ? tailCdfD(new D(x)) : cdfD(new D(x))).toNumber();
      expect(Math.abs(normCdf(x) - ref)).toBeLessThanOrEqual((4 + x * x) * Number.EPSILON * ref);
    }
    for (const p of [1e-300, 1e-20, 1e-5, 0.02, 0.3, 0.5, 0.9, 0.999999]) {
      const x = inverseNormCdf(p);
      expect(Math.abs(normCdf(x) - p)).toBeLessThanOrEqual(4 * (16 + x * x) * Number.EPSILON * p);
    }
    expect(erfc(0)).toBe(1);
    expect(erfc(30)).toBe(0);
  });
});

describe('published values', () => {
  // Hull, "Options, Futures, and Other Derivatives", 8th ed. (Pearson 2012), ch. 15, Example 15.6:
  // S = 42, K = 40, r = 10%, σ = 20%, T = 0.5 → c = 4.76, p = 0.81.
  it('Hull Example 15.6', () => {
    const base = { S: 42, K: 40, T: 0.5, r: 0.1, q: 0, sigma: 0.2 };
    expect(bsmGreeks({ type: 'call', ...base }).price.toFixed(2)).toBe('4.76');
    expect(bsmGreeks({ type: 'put', ...base }).price.toFixed(2)).toBe('0.81');
  });

  // Hull, 8th ed., ch. 18 "The Greek Letters" (Examples 18.1–18.7, Table 18.x): S = 49, K = 50,
  // r = 5%, σ = 20%, T = 20 weeks = 0.3846: call 2.40, Δ 0.522, Θ −4.31 per year, Γ 0.066,
  // vega 12.1 per unit vol, ρ 8.91 per unit rate.
  it('Hull’s Greek-letters example', () => {
    const g = bsmGreeks({ type: 'call', S: 49, K: 50, T: 0.3846, r: 0.05, q: 0, sigma: 0.2 });
    expect(g.price.toFixed(2)).toBe('2.40');
    expect(g.delta.toFixed(3)).toBe('0.522');
    expect((g.theta * 365).toFixed(2)).toBe('-4.31');
    expect(g.gamma.toFixed(3)).toBe('0.066');
    expect((g.vega * 100).toFixed(1)).toBe('12.1');
    expect((g.rho * 100).toFixed(2)).toBe('8.91');
  });

  // Haug, "The Complete Guide to Option Pricing Formulas", 2nd ed. (McGraw-Hill 2007), ch. 1–2
  // worked examples (generalised BSM with cost of carry b = r − q):
  it('Haug’s worked examples', () => {
    const g = (
      type: 'call' | 'put',
      S: number,
      K: number,
      T: number,
      r: number,
      b: number,
      sigma: number,
    ) => bsmGreeks({ type, S, K, T, r, q: r - b, sigma });
    // §1.1.1 Black–Scholes: S 60, X 65, T 0.25, r 8%, σ 30% → call 2.1334.
    expect(g('call', 60, 65, 0.25, 0.08, 0.08, 0.3).price.toFixed(4)).toBe('2.1334');
    // §1.1.2 Merton (1973): S 100, X 95, T 0.5, r 10%, q 5%, σ 20% → put 2.4648.
    expect(g('put', 100, 95, 0.5, 0.1, 0.05, 0.2).price.toFixed(4)).toBe('2.4648');
    // §2.1 delta: S 105, X 100, T 0.5, r 10%, b 0, σ 36% → call 0.5946, put −0.3566.
    expect(g('call', 105, 100, 0.5, 0.1, 0, 0.36).delta.toFixed(4)).toBe('0.5946');
    expect(g('put', 105, 100, 0.5, 0.1, 0, 0.36).delta.toFixed(4)).toBe('-0.3566');
    // §2.3 gamma: S 55, X 60, T 0.75, r 10%, b 10%, σ 30% → 0.0278.
    expect(g('call', 55, 60, 0.75, 0.1, 0.1, 0.3).gamma.toFixed(4)).toBe('0.0278');
    // §2.5 theta: S 430, X 405, T 0.0833, r 7%, b 2%, σ 20% → put −31.1924 per year.
    expect((g('put', 430, 405, 0.0833, 0.07, 0.02, 0.2).theta * 365).toFixed(4)).toBe('-31.1924');
    // §2.6 rho: S 72, X 75, T 1, r 9%, b 9%, σ 19% → call 38.7325 per unit rate.
    expect((g('call', 72, 75, 1, 0.09, 0.09, 0.19).rho * 100).toFixed(4)).toBe('38.7325');
  });
});
