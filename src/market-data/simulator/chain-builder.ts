/** A symbol's option chain at a step, every live contract quoted from its surface. */
import type { ChainSnapshot, OptionContract } from '../chain-snapshot.js';
import { hash64Hex } from './prng.js';
import { round } from './rounding.js';
import { stepInstant, type SessionGrid } from './session-grid.js';
import type { SurfaceQuoter } from './surface-quoting.js';
import type { SymbolState } from './symbol-state.js';

/** `configKey` (seed, step, rate) keeps snapshot ids distinct across differently-set-up runs. */
export function buildChainSnapshot(
  st: SymbolState,
  quoter: SurfaceQuoter,
  grid: SessionGrid,
  index: number,
  configKey: string,
): ChainSnapshot {
  const symbol = st.profile.symbol;
  quoter.priceExpiries(st, index);
  const now = stepInstant(grid, index);
  const asOf = new Date(now).toISOString();
  const { listing } = st;
  const contracts: OptionContract[] = [];
  const q = { bid: 0, ask: 0, iv: 0 };
  for (let i = 0; i < listing.strike.length; i++) {
    const e = listing.expiryIndex[i];
    const ex = listing.expiries[e];
    if (ex.expiresAt <= now) continue;
    quoter.quote(st, i, index, q);
    const g = quoter.greeks;
    const last = st.last[i];
    contracts.push({
      occSymbol: listing.occSymbol[i],
      root: ex.root,
      expiry: ex.date,
      expiresAt: ex.expiresAtIso,
      settlement: ex.settlement,
      strike: listing.strike[i],
      right: listing.isCall[i] === 1 ? 'call' : 'put',
      bid: q.bid,
      ask: q.ask,
      last: Number.isNaN(last) ? null : last,
      mark: round(0.5 * (q.bid + q.ask), 1e4),
      volume: st.volume[i],
      openInterest: listing.openInterest[i],
      iv: round(q.iv, 1e4),
      delta: round(g[1], 1e4),
      gamma: round(g[2], 1e6),
      theta: round(g[3], 1e4),
      vega: round(g[4], 1e4),
    });
  }
  return {
    snapshotId: `sim-${hash64Hex(`simulator|${symbol}|${asOf}|${configKey}`)}`,
    underlying: symbol,
    spot: st.spot,
    asOf,
    source: 'simulator',
    contracts,
    quality: { rowsReceived: contracts.length, contractsKept: contracts.length, dropped: {} },
  };
}
