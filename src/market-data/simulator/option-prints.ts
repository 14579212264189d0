/** Option prints: trades consistent with the step's quotes, leaning with a burst's direction. */
import type { StepOutput } from './event-buffer.js';
import { nearestIndex, roundTo } from './rounding.js';
import type { SurfaceQuoter } from './surface-quoting.js';
import type { SymbolState } from './symbol-state.js';

/** A burst's pull on the flow: activity multiplier and direction (0 when none is active). */
export interface FlowTilt {
  intensity: number;
  direction: number;
}

export function emitOptionPrints(
  st: SymbolState,
  count: number,
  tilt: FlowTilt,
  quoter: SurfaceQuoter,
  out: StepOutput,
): void {
  const { index, at, record } = out;
  const { intensity, direction } = tilt;
  quoter.priceExpiries(st, index);
  const { listing, flow, profile: p } = st;
  const exps = listing.expiries;
  let totalWeight = 0;
  for (let e = 0; e < exps.length; e++)
    if (exps[e].expiresAt > at) totalWeight += exps[e].flowWeight;
  if (totalWeight === 0) return;
  const q = { bid: 0, ask: 0, iv: 0 };
  const blockChance = intensity > 2 ? 0.15 : st.blockShare;
  for (let n = 0; n < count; n++) {
    // Expiry by flow weight, right with a tilt toward the burst's direction, strike near the
    // money with out-of-the-money bias (calls above, puts below).
    let u = flow.next() * totalWeight;
    let e = 0;
    for (; e < exps.length; e++) {
      if (exps[e].expiresAt <= at) continue;
      u -= exps[e].flowWeight;
      if (u <= 0) break;
    }
    if (e >= exps.length) e = exps.length - 1;
    const isCall = flow.next() < 0.5 + 0.2 * direction;
    const sd = st.exSdAtm[e];
    const target = st.exForward[e] * Math.exp(sd * (0.7 * flow.normal() + (isCall ? 0.35 : -0.35)));
    const ks = exps[e].strikes;
    const s = nearestIndex(ks, target);
    const row = listing.rowOf[e][s * 2 + (isCall ? 0 : 1)];
    quoter.quote(st, row, index, q);
    const block = flow.next() < blockChance;
    const size = block
      ? Math.min(5000, Math.round(100 * Math.pow(1 / flow.nextOpen(), 1 / 1.6)))
      : 1 + Math.floor(-Math.log(flow.nextOpen()) * p.printSize);
    // Informed flow during a burst buys the direction's options.
    const aligned = direction !== 0 && (isCall ? direction > 0 : direction < 0);
    const r = flow.next();
    const buyP = aligned ? 0.75 : 0.47;
    const side: 'buy' | 'sell' | 'unknown' =
      r < 0.1 ? 'unknown' : r < 0.1 + 0.9 * buyP ? 'buy' : 'sell';
    const tick = q.ask < 3 ? p.tickBelow3 : p.tickAbove3;
    const price =
      side === 'buy'
        ? q.ask
        : side === 'sell'
          ? q.bid
          : Math.max(tick, roundTo(0.5 * (q.bid + q.ask), tick));
    if (price <= 0) continue;
    st.volume[row] += size;
    st.last[row] = price;
    if (record) {
      out.events.push({
        kind: 'option_trade',
        occSymbol: listing.occSymbol[row],
        underlying: p.symbol,
        at,
        price,
        size,
        side,
        block: size >= 100,
        premium: Math.round(price * size * 100 * 100) / 100,
      });
    }
  }
}
