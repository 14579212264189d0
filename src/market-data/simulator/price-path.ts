/**
 * The underlyings' price paths: Heston variance with Merton jumps, driven partly by a shared
 * market factor, with news bursts, a soft pull toward the day's planned close and the closing
 * auction's pressure in the last ten minutes.
 */
import { burstAt, type Burst } from './bursts.js';
import { mocScore } from './closing-imbalance.js';
import type { Prng } from './prng.js';
import { roundPrice } from './rounding.js';
import type { SessionGrid } from './session-grid.js';
import { MIN_VARIANCE, type SymbolState } from './symbol-state.js';

/** The shared market factor: its random stream and its news bursts. */
export interface MarketFactor {
  rng: Prng;
  bursts: readonly Burst[];
}

/** Moves every underlying from step `i` to `i + 1`. The draw order is part of the seed's output. */
export function advancePricePaths(
  states: Iterable<SymbolState>,
  market: MarketFactor,
  grid: SessionGrid,
  i: number,
): void {
  const dt = grid.dt;
  const sqrtDt = Math.sqrt(dt);
  const w = grid.varianceWeight[i];
  const m = market.rng;
  const zMarket = m.normal();
  const zMarketVar = m.normal();
  const mktJump = m.poisson(6 * dt) > 0 ? -0.003 + 0.006 * m.normal() : 0;
  const stepsLeft = grid.steps - 1 - i;
  const mocStart = grid.steps - Math.floor((10 * 60_000) / grid.stepMs);

  const marketBurst = burstAt(market.bursts, i);

  for (const st of states) {
    const p = st.profile;
    const rng = st.path;
    const c = p.marketCorrelation;
    const zIdio = rng.normal();
    const zVar = st.tracksMarket ? zMarketVar : rng.normal();
    const z = st.tracksMarket ? zMarket : c * zMarket + Math.sqrt(1 - c * c) * zIdio;
    // Heston variance, full truncation Euler, in trading time scaled by the seasonality.
    const v = Math.max(st.variance, MIN_VARIANCE);
    const sv = Math.sqrt(v);
    const rho = p.leverage;
    st.variance = Math.max(
      MIN_VARIANCE,
      v +
        p.kappa * (st.longRunVariance - v) * dt * w +
        p.volOfVol * sv * sqrtDt * Math.sqrt(w) * (rho * z + Math.sqrt(1 - rho * rho) * zVar),
    );
    let jump = st.tracksMarket ? mktJump : ((c * Math.sqrt(p.vol * p.vol)) / 0.15) * mktJump;
    if (!st.tracksMarket && rng.poisson(p.jumpsPerYear * dt) > 0)
      jump += p.jumpMean + p.jumpStd * rng.normal();
    const burst = st.tracksMarket ? marketBurst : burstAt(st.bursts, i);
    const carried = st.tracksMarket
      ? 0
      : ((c * p.vol) / 0.15) * (marketBurst.jump + marketBurst.drift);
    if (burst.jump !== 0) st.variance *= 1.5;
    // Soft pull toward the planned close: the day's trend, leaving intraday noise intact.
    const pull = (Math.log(st.plan.targetClose) - st.logSpot) / (stepsLeft + 720);
    let moc = 0;
    if (i >= mocStart && !p.index)
      moc = (mocScore(st) * 0.08 * (p.vol / Math.sqrt(252))) / (grid.steps - mocStart);
    const ret =
      -0.5 * v * w * dt +
      sv * Math.sqrt(w * dt) * z +
      jump +
      burst.jump +
      burst.drift +
      carried +
      pull +
      moc;
    st.logSpot += ret;
    st.stepReturn = ret;
    st.spot = roundPrice(Math.exp(st.logSpot));
  }
}
