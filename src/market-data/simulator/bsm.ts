/**
 * Black–Scholes–Merton on forwards, for the simulator's own surface. Kept here (small and
 * self-contained) so the simulator does not depend on the analytics module.
 *
 * Units follow DESIGN.md: T in calendar years, rates and dividend yields continuous; delta per $1,
 * gamma per $1 per $1, theta per calendar day, vega per vol point (0.01).
 */

/**
 * Standard normal CDF, double precision (Hart 1968 as given by West, "Better approximations to
 * cumulative normal functions", 2005): absolute error below 1e-14, so call prices stay convex in
 * strike to the last cent.
 */
export function normCdf(x: number): number {
  const ax = Math.abs(x);
  let c: number;
  if (ax > 37) {
    c = 0;
  } else {
    const e = Math.exp((-ax * ax) / 2);
    if (ax < 7.07106781186547) {
      let n = 3.52624965998911e-2 * ax + 0.700383064443688;
      n = n * ax + 6.37396220353165;
      n = n * ax + 33.912866078383;
      n = n * ax + 112.079291497871;
      n = n * ax + 221.213596169931;
      n = n * ax + 220.206867912376;
      let d = 8.83883476483184e-2 * ax + 1.75566716318264;
      d = d * ax + 16.064177579207;
      d = d * ax + 86.7807322029461;
      d = d * ax + 296.564248779674;
      d = d * ax + 637.333633378831;
      d = d * ax + 793.826512519948;
      d = d * ax + 440.413735824752;
      c = (e * n) / d;
    } else {
      let b = ax + 0.65;
      b = ax + 4 / b;
      b = ax + 3 / b;
      b = ax + 2 / b;
      b = ax + 1 / b;
      c = e / b / 2.506628274631;
    }
  }
  return x > 0 ? 1 - c : c;
}

const INV_SQRT_2PI = 0.3989422804014327;

export function normPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp((-x * x) / 2);
}

export interface BsmResult {
  price: number;
  delta: number;
  gamma: number;
  /** Per calendar day. */
  theta: number;
  /** Per vol point. */
  vega: number;
}

/**
 * Price and Greeks of a European option. `out` is filled and returned so hot loops reuse one
 * object. T ≤ 0 gives intrinsic value and zero Greeks (except delta).
 */
export function bsm(
  isCall: boolean,
  spot: number,
  strike: number,
  t: number,
  vol: number,
  rate: number,
  dividend: number,
  out: BsmResult = { price: 0, delta: 0, gamma: 0, theta: 0, vega: 0 },
): BsmResult {
  if (!(t > 0) || !(vol > 0)) {
    const intrinsic = isCall ? Math.max(0, spot - strike) : Math.max(0, strike - spot);
    out.price = intrinsic;
    out.delta = intrinsic > 0 ? (isCall ? 1 : -1) : 0;
    out.gamma = 0;
    out.theta = 0;
    out.vega = 0;
    return out;
  }
  const sqrtT = Math.sqrt(t);
  const sd = vol * sqrtT;
  const d1 = (Math.log(spot / strike) + (rate - dividend + 0.5 * vol * vol) * t) / sd;
  const d2 = d1 - sd;
  const dfq = Math.exp(-dividend * t);
  const dfr = Math.exp(-rate * t);
  const pdf = normPdf(d1);
  out.gamma = (dfq * pdf) / (spot * sd);
  out.vega = (spot * dfq * pdf * sqrtT) / 100;
  const decay = (-spot * dfq * pdf * vol) / (2 * sqrtT);
  if (isCall) {
    const nd1 = normCdf(d1);
    const nd2 = normCdf(d2);
    out.price = spot * dfq * nd1 - strike * dfr * nd2;
    out.delta = dfq * nd1;
    out.theta = (decay - rate * strike * dfr * nd2 + dividend * spot * dfq * nd1) / 365;
  } else {
    const nmd1 = normCdf(-d1);
    const nmd2 = normCdf(-d2);
    out.price = strike * dfr * nmd2 - spot * dfq * nmd1;
    out.delta = -dfq * nmd1;
    out.theta = (decay + rate * strike * dfr * nmd2 - dividend * spot * dfq * nmd1) / 365;
  }
  if (out.price < 0) out.price = 0;
  return out;
}
