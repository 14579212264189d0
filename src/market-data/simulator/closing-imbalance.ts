/**
 * The closing auction: the imbalance score (the day's trend, the resting pressure and noise) and
 * the imbalance publications, indicative in the last hour and official in the last ten minutes.
 */
import type { StepOutput } from './event-buffer.js';
import type { SymbolState } from './symbol-state.js';

/** When imbalances are published: indicative from `depthFrom`, official from `mocFrom`. */
export interface ImbalanceWindow {
  /** An hour before the close: depth starts to lean and indicative prints begin. */
  depthFrom: number;
  /** NYSE and Nasdaq publish official imbalances from ten minutes before the close. */
  mocFrom: number;
  stepsPerMinute: number;
}

/** Closing-auction imbalance in σ units: the day's trend, the resting pressure and noise. */
export function mocScore(st: SymbolState, interestSeen = 1): number {
  const daySd = st.plan.vol / Math.sqrt(252);
  const trend = Math.log(st.spot / st.openSpot) / daySd;
  return 0.6 * trend + interestSeen * (0.8 * st.mocPressure + 0.35 * st.mocNoise);
}

/**
 * Indicative prints once a minute in the last hour before the freeze, then the official
 * publication every step from 15:50 (12:50 on a half day). Stocks and ETFs only.
 */
export function emitClosingImbalance(
  st: SymbolState,
  window: ImbalanceWindow,
  out: StepOutput,
): void {
  const p = st.profile;
  const { index: i, at, record } = out;
  const { depthFrom, mocFrom } = window;
  const official = at >= mocFrom;
  const indicative = !official && at >= depthFrom && i % window.stepsPerMinute === 0;
  if (!official && !indicative) return;
  const flow = st.flow;
  const noise = flow.normal();
  const paired = Math.round(p.dailyShares * 0.01 * Math.exp(0.2 * flow.normal()));
  // Early prints see only part of the closing interest, and more noise.
  const ramp = official ? 1 : 0.5 + (0.5 * (at - depthFrom)) / (mocFrom - depthFrom);
  const score = official ? mocScore(st) + 0.1 * noise : mocScore(st, ramp) + 0.3 * noise;
  if (record) {
    out.events.push({
      kind: 'imbalance',
      symbol: p.symbol,
      at,
      side: score >= 0 ? 'buy' : 'sell',
      shares: Math.round(Math.abs(score) * p.dailyShares * 0.0025),
      pairedShares: paired,
      referencePrice: st.spot,
      indicative,
    });
  }
}
