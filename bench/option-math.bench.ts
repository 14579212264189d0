/**
 * Option math throughput, side by side with the npm packages `black-scholes`, `greeks`,
 * `implied-volatility` and `@uqee/black-scholes` (CommonJS, loaded with createRequire).
 * Figures (per CPU second of this process, i.e. one core, robust to a shared machine): full Greeks
 * in M options/s; IV in M solves/s on the generated hard set
 * (iv-hard-set.ts) with convergence (|σ̂ − σ| ≤ 1e-10·σ, and ≤ 1e-6·σ for context). The npm
 * packages take no dividend yield: they get the yield-adjusted spot S·e^{−qT}, the same option.
 */
import { createRequire } from 'node:module';
import {
  allocateGreeksColumns,
  bsmGreeksBatch,
  bsmPriceRaw,
  impliedVolatilityBatch,
} from '../src/analytics/math/index.js';
import { generateIvHardSet } from './support/iv-hard-set.js';

const require = createRequire(import.meta.url);
type CallPut = 'call' | 'put';
const bsPkg = require('black-scholes') as {
  blackScholes: (s: number, k: number, t: number, v: number, r: number, cp: CallPut) => number;
};
const greeksPkg = require('greeks') as {
  getDelta: (s: number, k: number, t: number, v: number, r: number, cp: CallPut) => number;
  getGamma: (s: number, k: number, t: number, v: number, r: number) => number;
  getVega: (s: number, k: number, t: number, v: number, r: number) => number;
  getTheta: (s: number, k: number, t: number, v: number, r: number, cp: CallPut) => number;
  getRho: (s: number, k: number, t: number, v: number, r: number, cp: CallPut) => number;
};
const ivPkg = require('implied-volatility') as {
  getImpliedVolatility: (
    price: number,
    s: number,
    k: number,
    t: number,
    r: number,
    cp: CallPut,
  ) => number;
};
interface UqeeOption {
  price: number;
  delta: number;
  gamma: number;
  theta: number;
  vega: number;
  rho: number;
}
const uqeePkg = require('@uqee/black-scholes') as {
  BlackScholes: new (args?: Record<string, unknown>) => {
    option(a: {
      rate: number;
      sigma: number;
      strike: number;
      time: number;
      type: CallPut;
      underlying: number;
    }): UqeeOption;
    sigma(a: {
      price: number;
      rate: number;
      strike: number;
      time: number;
      type: CallPut;
      underlying: number;
    }): number;
  };
};

/** CPU seconds used by this process so far (user + system): immune to other processes' load. */
function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * Runs fn over batches until `minMs` of CPU time has passed (after one warm-up pass); returns
 * items per CPU second, i.e. throughput on one core even when the machine is shared.
 */
function rate(fn: () => number, minMs = 1500): number {
  fn();
  let items = 0;
  const c0 = cpuSeconds();
  let c1 = c0;
  while ((c1 - c0) * 1000 < minMs) {
    items += fn();
    c1 = cpuSeconds();
  }
  return items / (c1 - c0);
}

const fmt = (perSec: number): string => `${(perSec / 1e6).toFixed(2)} M/s`;
let sink = 0;

export default async function (): Promise<void> {
  // ——— full Greeks on a realistic chain-like set ———
  const n = 100_000;
  const isCall = new Uint8Array(n);
  const K = new Float64Array(n);
  const T = new Float64Array(n);
  const sigma = new Float64Array(n);
  let seed = 7;
  const rnd = (): number => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  for (let i = 0; i < n; i++) {
    isCall[i] = rnd() < 0.5 ? 1 : 0;
    K[i] = 100 * Math.exp((rnd() - 0.5) * 0.6);
    T[i] = 1 / 365 + rnd();
    sigma[i] = 0.1 + 0.6 * rnd();
  }
  const out = allocateGreeksColumns(n, true);
  const outBasic = allocateGreeksColumns(n, false);
  const ours = rate(() => {
    bsmGreeksBatch({ isCall, S: 100, K, T, r: 0.03, q: 0.01, sigma }, out);
    return n;
  });
  const oursBasic = rate(() => {
    bsmGreeksBatch({ isCall, S: 100, K, T, r: 0.03, q: 0.01, sigma }, outBasic);
    return n;
  });
  const m = 20_000; // the npm packages are slower: smaller slices keep the bench short
  const mSlow = 1_000; // black-scholes + greeks sum 100-term series per Φ
  const bsGreeks = rate(() => {
    for (let i = 0; i < mSlow; i++) {
      const cp: CallPut = isCall[i] === 1 ? 'call' : 'put';
      const s = 100 * Math.exp(-0.01 * T[i]);
      sink +=
        bsPkg.blackScholes(s, K[i], T[i], sigma[i], 0.03, cp) +
        greeksPkg.getDelta(s, K[i], T[i], sigma[i], 0.03, cp) +
        greeksPkg.getGamma(s, K[i], T[i], sigma[i], 0.03) +
        greeksPkg.getVega(s, K[i], T[i], sigma[i], 0.03) +
        greeksPkg.getTheta(s, K[i], T[i], sigma[i], 0.03, cp) +
        greeksPkg.getRho(s, K[i], T[i], sigma[i], 0.03, cp);
    }
    return mSlow;
  }, 500);
  const uqee = new uqeePkg.BlackScholes({ sigmaToPricePrecision: 'double' });
  const uqeeGreeks = rate(() => {
    for (let i = 0; i < m; i++) {
      const o = uqee.option({
        rate: 0.03,
        sigma: sigma[i],
        strike: K[i],
        time: T[i],
        type: isCall[i] === 1 ? 'call' : 'put',
        underlying: 100 * Math.exp(-0.01 * T[i]),
      });
      sink += o.price + o.delta + o.gamma + o.theta + o.vega + o.rho;
    }
    return m;
  });
  console.log('full Greeks (one core; goal ≥ 5 M options/s):');
  console.log(`  gammadesk batch, price+Δ+Γ+Θ+vega+ρ+vanna+charm+vomma+speed  ${fmt(ours)}`);
  console.log(`  gammadesk batch, price+Δ+Γ+Θ+vega+ρ                          ${fmt(oursBasic)}`);
  console.log(
    `  black-scholes + greeks (price, Δ, Γ, vega, Θ, ρ)               ${fmt(bsGreeks)}  → gammadesk ×${(oursBasic / bsGreeks).toFixed(1)}`,
  );
  console.log(
    `  @uqee/black-scholes option() (price, Δ, Γ, Θ, vega, ρ)         ${fmt(uqeeGreeks)}  → gammadesk ×${(oursBasic / uqeeGreeks).toFixed(1)}`,
  );

  // ——— implied volatility on the hard set ———
  const hard = generateIvHardSet(200_000);
  const cases = hard.cases;
  const h = cases.length;
  const cols = {
    isCall: Uint8Array.from(cases, (c) => (c.type === 'call' ? 1 : 0)),
    S: Float64Array.from(cases, (c) => c.S),
    K: Float64Array.from(cases, (c) => c.K),
    T: Float64Array.from(cases, (c) => c.T),
    r: Float64Array.from(cases, (c) => c.r),
    q: Float64Array.from(cases, (c) => c.q),
    price: Float64Array.from(cases, (c) => c.price),
  };
  const iv = new Float64Array(h);
  const ivRate = rate(() => {
    impliedVolatilityBatch(cols, iv);
    return h;
  });
  const converged = (got: number, want: number, tol: number): boolean =>
    Number.isFinite(got) && Math.abs(got - want) <= tol * want;
  let ours10 = 0;
  let ours6 = 0;
  for (let i = 0; i < h; i++) {
    if (converged(iv[i], cases[i].sigma, 1e-10)) ours10++;
    if (converged(iv[i], cases[i].sigma, 1e-6)) ours6++;
  }
  // npm solvers on slices of the same cases in the same order: 20,000 for @uqee, 500 for
  // implied-volatility (bisection over the 100-term-series Black–Scholes of black-scholes).
  const slice = Math.min(20_000, h);
  const sliceSlow = Math.min(500, h);
  const npmIv = new Float64Array(sliceSlow);
  const ivPkgRate = rate(() => {
    for (let i = 0; i < sliceSlow; i++) {
      const c = cases[i];
      npmIv[i] = ivPkg.getImpliedVolatility(
        c.price,
        c.S * Math.exp(-c.q * c.T),
        c.K,
        c.T,
        c.r,
        c.type,
      );
    }
    return sliceSlow;
  }, 300);
  let ivPkg10 = 0;
  let ivPkg6 = 0;
  for (let i = 0; i < sliceSlow; i++) {
    if (converged(npmIv[i], cases[i].sigma, 1e-10)) ivPkg10++;
    if (converged(npmIv[i], cases[i].sigma, 1e-6)) ivPkg6++;
  }
  const uqeeNr = new uqeePkg.BlackScholes({
    priceToSigmaMethod: 'newton-raphson',
    sigmaToPricePrecision: 'double',
  });
  const uqeeIv = new Float64Array(slice);
  const uqeeRate = rate(() => {
    for (let i = 0; i < slice; i++) {
      const c = cases[i];
      try {
        uqeeIv[i] = uqeeNr.sigma({
          price: c.price,
          rate: c.r,
          strike: c.K,
          time: c.T,
          type: c.type,
          underlying: c.S * Math.exp(-c.q * c.T),
        });
      } catch {
        uqeeIv[i] = NaN;
      }
    }
    return slice;
  }, 1000);
  let uqee10 = 0;
  let uqee6 = 0;
  for (let i = 0; i < slice; i++) {
    if (converged(uqeeIv[i], cases[i].sigma, 1e-10)) uqee10++;
    if (converged(uqeeIv[i], cases[i].sigma, 1e-6)) uqee6++;
  }
  const pct = (a: number, b: number): string => `${((100 * a) / b).toFixed(1)}%`;
  console.log(
    `\nimplied volatility on the hard set (${h.toLocaleString('en-US')} identifying cases of 200,000 generated; ` +
      `${hard.unidentified.toLocaleString('en-US')} unidentified, ${hard.degenerate.toLocaleString('en-US')} degenerate; goal ≥ 1.5 M/s, 100%):`,
  );
  console.log(
    `  gammadesk Let's Be Rational batch   ${fmt(ivRate)}  within 1e-10: ${pct(ours10, h)}  within 1e-6: ${pct(ours6, h)}`,
  );
  console.log(
    `  implied-volatility                  ${fmt(ivPkgRate)}  within 1e-10: ${pct(ivPkg10, sliceSlow)}  within 1e-6: ${pct(ivPkg6, sliceSlow)}  → gammadesk ×${(ivRate / ivPkgRate).toFixed(1)}`,
  );
  console.log(
    `  @uqee/black-scholes sigma() (NR)    ${fmt(uqeeRate)}  within 1e-10: ${pct(uqee10, slice)}  within 1e-6: ${pct(uqee6, slice)}  → gammadesk ×${(ivRate / uqeeRate).toFixed(1)}`,
  );
  if (sink === 42) console.log(bsmPriceRaw(true, 1, 1, 1, 0, 0, 1));
}
