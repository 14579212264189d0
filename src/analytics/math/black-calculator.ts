/**
 * Black–Scholes–Merton in the QuantLib manner: formula functions (one home per Greek), and a
 * calculator that computes an option's discount factors, forward, d1, d2 and normal terms once and
 * feeds the price and every Greek from them. Units as DESIGN.md says (see black-scholes.ts).
 *
 * A calculator can be re-set to another option, so the batch and hot paths reuse one instance
 * and allocate nothing per option.
 */
import { black } from './lets-be-rational.js';
import { ONE_OVER_SQRT_TWO_PI, normCdfFast as cdf } from './normal.js';
import type { OptionInput } from './option-input.js';

const DAYS_PER_YEAR = 365;

// ——— formula functions ———

/**
 * Undiscounted price of the out-of-the-money side from its tail probabilities c1 = N(±d1),
 * c2 = N(±d2), accurate without cancellation; when the two terms cancel to under 1% of the leading
 * one, digits are lost, and Jäckel's region-by-region normalised Black function is used instead.
 */
export function otmForwardPrice(
  otmIsCall: boolean,
  F: number,
  K: number,
  sigma: number,
  T: number,
  c1: number,
  c2: number,
): number {
  let otm: number;
  let lead: number;
  if (otmIsCall) {
    lead = F * c1;
    otm = lead - K * c2;
  } else {
    lead = K * c2;
    otm = lead - F * c1;
  }
  if (!(otm > 0.01 * lead)) otm = black(F, K, sigma, T, otmIsCall ? 1 : -1);
  return otm;
}

/** The option's undiscounted price from the out-of-the-money side's, by put-call parity. */
export function forwardPriceByParity(
  isCall: boolean,
  otmIsCall: boolean,
  otm: number,
  F: number,
  K: number,
): number {
  return otmIsCall === isCall ? otm : otm + (isCall ? F - K : K - F);
}

/** Discounted forward intrinsic value: the price in the σ → 0 (or T ≤ 0) limit. */
export function intrinsicLimit(isCall: boolean, F: number, K: number, dfR: number): number {
  return dfR * Math.max(isCall ? F - K : K - F, 0);
}

/** Delta in the σ → 0 (or T ≤ 0) limit: ±e^{−qT} in the money on the forward, else 0. */
export function intrinsicLimitDelta(isCall: boolean, F: number, K: number, dfQ: number): number {
  const itm = isCall ? F > K : F < K;
  return itm ? (isCall ? dfQ : -dfQ) : 0;
}

/** Gamma per $1 per $1 from e^{−qT}φ(d1). */
export function gammaOf(dfQpdf: number, S: number, sd: number): number {
  return dfQpdf / (S * sd);
}

/** ∂price/∂σ per unit of vol. */
export function vegaPerUnit(S: number, dfQpdf: number, sqrtT: number): number {
  return S * dfQpdf * sqrtT;
}

/** ∂price/∂t per year (sign +1 for a call, −1 for a put; Nd1, Nd2 = N(sign·d1), N(sign·d2)). */
export function thetaAnnual(
  sign: number,
  S: number,
  K: number,
  r: number,
  q: number,
  sigma: number,
  sqrtT: number,
  dfQ: number,
  dfR: number,
  dfQpdf: number,
  Nd1: number,
  Nd2: number,
): number {
  return (-S * dfQpdf * sigma) / (2 * sqrtT) - sign * r * K * dfR * Nd2 + sign * q * S * dfQ * Nd1;
}

/** ∂delta/∂t per year. */
export function charmAnnual(
  sign: number,
  r: number,
  q: number,
  T: number,
  dfQ: number,
  Nd1: number,
  dfQpdf: number,
  d2: number,
  sd: number,
): number {
  return sign * q * dfQ * Nd1 - (dfQpdf * (2 * (r - q) * T - d2 * sd)) / (2 * T * sd);
}

/** ∂delta/∂σ per vol point. */
export function vannaPerVolPoint(dfQpdf: number, d2: number, sigma: number): number {
  return (-dfQpdf * d2) / sigma / 100;
}

/** ∂price/∂r per rate point. */
export function rhoPerRatePoint(
  sign: number,
  K: number,
  T: number,
  dfR: number,
  Nd2: number,
): number {
  return (sign * K * T * dfR * Nd2) / 100;
}

/** ∂vega/∂σ with vega per vol point, per vol point. */
export function vommaPerVolPoint(vegaRaw: number, d1: number, d2: number, sigma: number): number {
  return (vegaRaw * d1 * d2) / sigma / 10000;
}

/** ∂gamma/∂S. */
export function speedOf(gamma: number, S: number, d1: number, sd: number): number {
  return (-gamma / S) * (d1 / sd + 1);
}

// ——— the calculator ———

/**
 * One option's BSM terms, computed once by `set`. With T ≤ 0 or σ ≤ 0 (`live` false) the price is
 * the discounted forward intrinsic value, delta ±e^{−qT} in the money (else 0), other Greeks 0.
 */
export class BlackCalculator {
  isCall = true;
  S = 0;
  K = 0;
  T = 0;
  r = 0;
  q = 0;
  sigma = 0;
  /** False in the σ → 0 / T ≤ 0 limit. */
  live = false;
  /** +1 for a call, −1 for a put. */
  sign = 1;
  sqrtT = 0;
  /** Total volatility σ√T. */
  sd = 0;
  dfQ = 1;
  dfR = 1;
  /** Forward S·e^{(r−q)T}. */
  F = 0;
  /** Log-moneyness ln(S/K) + (r − q)T = ln(F/K). */
  x = 0;
  d1 = 0;
  d2 = 0;
  private otmIsCall = true;
  /** N(±d1), N(±d2) of the out-of-the-money side. */
  private c1 = 0;
  private c2 = 0;
  /** e^{−qT}·φ(d1), computed on first use (a price alone does not need it). */
  private density = NaN;

  static of(input: OptionInput): BlackCalculator {
    return new BlackCalculator().set(
      input.type === 'call',
      input.S,
      input.K,
      input.T,
      input.r,
      input.q,
      input.sigma,
    );
  }

  set(isCall: boolean, S: number, K: number, T: number, r: number, q: number, sigma: number): this {
    this.isCall = isCall;
    this.S = S;
    this.K = K;
    this.T = T;
    this.r = r;
    this.q = q;
    this.sigma = sigma;
    this.sign = isCall ? 1 : -1;
    this.live = T > 0 && sigma > 0;
    if (!this.live) {
      const Tp = T > 0 ? T : 0;
      this.F = S * Math.exp((r - q) * Tp);
      this.dfQ = Math.exp(-q * Tp);
      this.dfR = Math.exp(-r * Tp);
      return this;
    }
    const sqrtT = Math.sqrt(T);
    const sd = sigma * sqrtT;
    const dfQ = Math.exp(-q * T);
    const dfR = Math.exp(-r * T);
    const x = Math.log(S / K) + (r - q) * T;
    const d1 = x / sd + 0.5 * sd;
    const d2 = d1 - sd;
    // Tail probabilities of the out-of-the-money side, accurate to full relative precision.
    const otmIsCall = x <= 0;
    const c1 = otmIsCall ? cdf(d1) : cdf(-d1);
    const c2 = otmIsCall ? cdf(d2) : cdf(-d2);
    this.sqrtT = sqrtT;
    this.sd = sd;
    this.dfQ = dfQ;
    this.dfR = dfR;
    this.F = (S * dfQ) / dfR;
    this.x = x;
    this.d1 = d1;
    this.d2 = d2;
    this.otmIsCall = otmIsCall;
    this.c1 = c1;
    this.c2 = c2;
    this.density = NaN;
    return this;
  }

  /** N(sign·d1): this option's (not the out-of-the-money side's) probability. */
  get Nd1(): number {
    return this.otmIsCall === this.isCall ? this.c1 : 1 - this.c1;
  }

  /** N(sign·d2). */
  get Nd2(): number {
    return this.otmIsCall === this.isCall ? this.c2 : 1 - this.c2;
  }

  /** e^{−qT}·φ(d1). */
  get dfQpdf(): number {
    if (Number.isNaN(this.density))
      this.density = this.dfQ * (ONE_OVER_SQRT_TWO_PI * Math.exp(-0.5 * this.d1 * this.d1));
    return this.density;
  }

  /** Discounted price. */
  price(): number {
    if (!this.live) return intrinsicLimit(this.isCall, this.F, this.K, this.dfR);
    const { otmIsCall, F, K } = this;
    const otm = otmForwardPrice(otmIsCall, F, K, this.sigma, this.T, this.c1, this.c2);
    return this.dfR * forwardPriceByParity(this.isCall, otmIsCall, otm, F, K);
  }

  delta(): number {
    if (!this.live) return intrinsicLimitDelta(this.isCall, this.F, this.K, this.dfQ);
    return this.sign * this.dfQ * this.Nd1;
  }

  gamma(): number {
    return this.live ? gammaOf(this.dfQpdf, this.S, this.sd) : 0;
  }

  /** Per calendar day. */
  theta(): number {
    if (!this.live) return 0;
    const { sign, S, K, r, q, sigma, sqrtT, dfQ, dfR, dfQpdf, Nd1, Nd2 } = this;
    return thetaAnnual(sign, S, K, r, q, sigma, sqrtT, dfQ, dfR, dfQpdf, Nd1, Nd2) / DAYS_PER_YEAR;
  }

  /** Per vol point. */
  vega(): number {
    return this.live ? vegaPerUnit(this.S, this.dfQpdf, this.sqrtT) / 100 : 0;
  }

  /** Per rate point. */
  rho(): number {
    return this.live ? rhoPerRatePoint(this.sign, this.K, this.T, this.dfR, this.Nd2) : 0;
  }

  vanna(): number {
    return this.live ? vannaPerVolPoint(this.dfQpdf, this.d2, this.sigma) : 0;
  }

  /** Per calendar day. */
  charm(): number {
    if (!this.live) return 0;
    const { sign, r, q, T, dfQ, Nd1, dfQpdf, d2, sd } = this;
    return charmAnnual(sign, r, q, T, dfQ, Nd1, dfQpdf, d2, sd) / DAYS_PER_YEAR;
  }

  vomma(): number {
    if (!this.live) return 0;
    const vegaRaw = vegaPerUnit(this.S, this.dfQpdf, this.sqrtT);
    return vommaPerVolPoint(vegaRaw, this.d1, this.d2, this.sigma);
  }

  speed(): number {
    return this.live ? speedOf(this.gamma(), this.S, this.d1, this.sd) : 0;
  }
}
