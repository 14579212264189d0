/**
 * The generated "hard set" of implied-volatility cases the tests and the bench share: minutes to
 * expiry, deep wings (up to ±8 standard deviations), vol from 0.5% to 500%, calls and puts, rates and
 * yields. Deterministic (seeded). A case is kept only when its price identifies σ to 1e-10:
 *
 *   the inputs are known to one rounding: the price to ε·price, and the forward S·e^{(r−q)T} to
 *   ε·S, which moves the price by |delta|·ε·S. Together they move σ by ε·(price + |delta|·S)/vega;
 *   requiring that to be at most 1e-11·σ (ten times under the 1e-10 target) gives
 *
 *     vega·σ ≥ 1e11 · ε · (price + |delta|·S),
 *
 * with vega = ∂price/∂σ per unit vol; subnormal prices (below 2.2e-308) round to an absolute
 * Number.MIN_VALUE, not ε relative, and the bound uses that. (In the money the forward's rounding dominates: the time value
 * is a small difference of large numbers.) Cases failing it are counted as `unidentified`: their price
 * holds less information than the target accuracy (e.g. σ = 0.5% five minutes from expiry, deep
 * in the money), and no solver can recover σ to 1e-10 from them.
 */
import { bsmGreeks } from '../../src/analytics/math/black-scholes.js';
import type { OptionInput, OptionType } from '../../src/analytics/math/option-input.js';

/** An option input and its price. */
export interface IvHardCase extends OptionInput {
  price: number;
}

export interface IvHardSet {
  cases: IvHardCase[];
  /** Generated cases dropped because the price does not identify σ to 1e-10 (see above). */
  unidentified: number;
  /** Generated cases dropped because the price is 0 or not below its upper bound in doubles. */
  degenerate: number;
}

const MINUTE = 1 / (365 * 24 * 60);
const MATURITIES = [
  1 * MINUTE,
  5 * MINUTE,
  30 * MINUTE,
  60 * MINUTE,
  1 / 365,
  7 / 365,
  30 / 365,
  1,
  5,
];

/** Park–Miller minimal standard generator: deterministic across platforms. */
function rng(seed: number): () => number {
  let s = seed % 2147483647 || 1;
  return () => {
    s = (s * 16807) % 2147483647;
    return (s - 1) / 2147483646;
  };
}

/** Whether a price identifies σ to `target` relative accuracy (1e-10 by default; see above). */
export function identifiesSigma(
  price: number,
  sigma: number,
  vegaPerUnit: number,
  delta: number,
  S: number,
  target = 1e-10,
): boolean {
  // A subnormal price carries only an absolute precision of Number.MIN_VALUE.
  const rounding = Math.max(Number.EPSILON * (price + Math.abs(delta) * S), 64 * Number.MIN_VALUE);
  return price > 0 && vegaPerUnit * sigma >= (10 / target) * rounding;
}

/** Generates `count` candidates and keeps the identifying ones. */
export function generateIvHardSet(count: number, seed = 20260302): IvHardSet {
  const next = rng(seed);
  const cases: IvHardCase[] = [];
  let unidentified = 0;
  let degenerate = 0;
  for (let i = 0; i < count; i++) {
    const T = MATURITIES[Math.floor(next() * MATURITIES.length)];
    const sigma = 0.005 * Math.pow(1000, next());
    const z = (next() * 2 - 1) * 8;
    const r = -0.01 + 0.09 * next();
    const q = 0.05 * next();
    const S = 100;
    const F = S * Math.exp((r - q) * T);
    const K = F * Math.exp(z * sigma * Math.sqrt(T));
    const type: OptionType = next() < 0.5 ? 'call' : 'put';
    const g = bsmGreeks({ type, S, K, T, r, q, sigma });
    const upper = type === 'call' ? S * Math.exp(-q * T) : K * Math.exp(-r * T);
    if (!(g.price > 0) || !(g.price < upper)) {
      degenerate++;
      continue;
    }
    if (!identifiesSigma(g.price, sigma, g.vega * 100, g.delta, S)) {
      unidentified++;
      continue;
    }
    cases.push({ type, S, K, T, r, q, sigma, price: g.price });
  }
  return { cases, unidentified, degenerate };
}
