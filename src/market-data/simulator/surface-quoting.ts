/**
 * The implied surface and the quotes on it: per-expiry forward and ATM variance from the symbol's
 * current variance (term structure), skew and smile in standardised moneyness, Black–Scholes
 * theo at the surface's vol, and bid/ask around it on the tick grid.
 */
import { greeksInto } from '../../analytics/math/black-scholes.js';
import { burstAt } from './bursts.js';
import { OVERNIGHT_VARIANCE } from './day-skeleton.js';
import { hashUniform } from './prng.js';
import { stepInstant, type SessionGrid } from './session-grid.js';
import { MIN_VARIANCE, type SymbolState } from './symbol-state.js';

const CALENDAR_YEAR_MS = 365 * 86_400_000;
/** Saturation of standardised moneyness in the smile (smooth, so the wings stay arbitrage-free). */
const Z_SATURATION = 4;

/** A quote's output: the theo is filled in as well when the caller asks for it. */
export interface QuoteOut {
  bid: number;
  ask: number;
  iv: number;
  theo?: number;
}

export class SurfaceQuoter {
  /** Price and Greeks of the last quote() call, in greeksInto's layout (reused, no allocation). */
  readonly greeks = new Float64Array(10);

  constructor(
    private readonly grid: SessionGrid,
    private readonly rate: number,
  ) {}

  /** Per-expiry time, ATM total variance and forward at step `index` (once per step). */
  priceExpiries(st: SymbolState, index: number): void {
    if (st.pricedStep === index) return;
    const now = stepInstant(this.grid, index);
    const { session } = this.grid;
    const p = st.profile;
    const v = st.variance;
    const kappa = p.kappa;
    const remToday = this.grid.remainingVariance[index];
    const r = this.rate;
    const exps = st.listing.expiries;
    for (let e = 0; e < exps.length; e++) {
      const ex = exps[e];
      const tCal = (ex.expiresAt - now) / CALENDAR_YEAR_MS;
      st.exT[e] = tCal;
      if (tCal <= 0) continue;
      const d = ex.tradingDaysAhead;
      // Trading-time variance to expiry: the rest of today, whole days between, the expiry day
      // itself when PM-settled, and the overnight gaps.
      const days =
        d === 0
          ? remToday
          : remToday + (d - 1) + (ex.settlement === 'PM' ? 1 : 0) + d * OVERNIGHT_VARIANCE;
      const tau = Math.max(days, 1e-6) / 252;
      const kt = kappa * tau;
      const vbar =
        st.longRunVariance + (v - st.longRunVariance) * (kt > 1e-8 ? (1 - Math.exp(-kt)) / kt : 1);
      st.exSdAtm[e] = st.volPremium * Math.sqrt(Math.max(vbar, MIN_VARIANCE) * tau);
      st.exForward[e] = st.spot * Math.exp((r - p.dividendYield) * tCal);
      st.exSqrtT[e] = Math.sqrt(tCal);
      st.exDfr[e] = Math.exp(-r * tCal);
    }
    const minutesToClose = (session.closeAt - now) / 60_000;
    const minutesFromOpen = (now - session.openAt) / 60_000;
    let widen = 1;
    if (minutesToClose < 15) widen *= 1 + (15 - minutesToClose) / 15;
    if (minutesFromOpen < 5) widen *= 1.5;
    // Market makers widen while news is moving the stock.
    if (burstAt(st.bursts, index).intensity > 2) widen *= 1.5;
    st.widenNow = widen;
    // Skew steepens as volatility rises above its long-run level.
    const m = Math.min(1.6, Math.max(0.6, 1 + 0.4 * (Math.sqrt(v / st.longRunVariance) - 1)));
    st.skewNow = p.skew * m;
    st.pricedStep = index;
  }

  /**
   * Theo from the surface (Black–Scholes–Merton from src/analytics/math at the surface's vol),
   * quotes around it on the tick grid; leaves the price and vendor Greeks in this.greeks.
   * Expects priceExpiries(st, index) to have run for this step.
   */
  quote(st: SymbolState, row: number, index: number, out: QuoteOut): void {
    const p = st.profile;
    const { listing } = st;
    const e = listing.expiryIndex[row];
    const sqrtT = st.exSqrtT[e];
    const sdAtm = st.exSdAtm[e];
    const forward = st.exForward[e];
    const strike = listing.strike[row];
    const k = Math.log(strike / forward);
    const zRaw = k / sdAtm;
    const zs = Z_SATURATION * Math.tanh(zRaw / Z_SATURATION);
    const sd = sdAtm * (1 + st.skewNow * zs + p.smile * zs * zs);
    const iv = sd / sqrtT;
    const g = this.greeks;
    greeksInto(
      listing.isCall[row] === 1,
      st.spot,
      strike,
      st.exT[e],
      this.rate,
      p.dividendYield,
      iv,
      g,
      0,
    );
    let theo = g[0];
    if (theo < 0) theo = 0;
    // Half-spread: fixed plus proportional, wider away from the money, at the open, in the last
    // 15 minutes and during bursts; a little deterministic jitter per contract and step.
    const away = zRaw > 8 ? 8 : zRaw < -8 ? 8 : Math.abs(zRaw);
    const widen = (1 + 0.12 * away) * st.widenNow * (0.85 + 0.3 * hashUniform(row, index));
    const hs = (p.halfSpreadBase + p.halfSpreadPct * theo) * widen;
    const tick = theo < 3 ? p.tickBelow3 : p.tickAbove3;
    let bid = Math.floor((theo - hs) / tick + 1e-9) * tick;
    let ask = Math.ceil((theo + hs) / tick - 1e-9) * tick;
    if (bid < 0) bid = 0;
    if (ask - bid < tick - 1e-9) ask = bid + tick;
    bid = Math.round(bid * 100) / 100;
    ask = Math.round(ask * 100) / 100;
    // Rounding to the cent must not cross the theo: quotes always bracket the surface price.
    if (bid > theo) bid = Math.max(0, Math.round((bid - tick) * 100) / 100);
    if (ask < theo) ask = Math.round((ask + tick) * 100) / 100;
    out.bid = bid;
    out.ask = ask;
    out.iv = iv;
    out.theo = theo;
  }
}
