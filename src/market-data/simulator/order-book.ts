/** The underlying's order book: ten levels a side, leaning with closing pressure in the last hour. */
import type { BookLevel } from '../market-events.js';
import { roundPrice } from './rounding.js';
import type { SymbolState } from './symbol-state.js';

export interface BookSnapshot {
  symbol: string;
  at: number;
  bids: BookLevel[];
  asks: BookLevel[];
}

/** Top 10 levels a side around the spot; `depthSignal` lets the sizes show the closing pressure. */
export function bookSnapshot(st: SymbolState, at: number, depthSignal: boolean): BookSnapshot {
  const p = st.profile;
  const rng = st.book;
  const half = p.bookHalfSpreadCents / 100;
  const lean = depthSignal ? Math.exp(0.35 * (st.mocPressure + 0.7 * st.depthNoise)) : 1;
  const bids: BookLevel[] = [];
  const asks: BookLevel[] = [];
  const bestBid = roundPrice(st.spot - half);
  const bestAsk = roundPrice(Math.max(bestBid + 0.01, st.spot + half));
  for (let l = 0; l < 10; l++) {
    const base = p.bookLevelShares * (1 + 0.2 * l);
    bids.push({
      price: roundPrice(bestBid - 0.01 * l),
      size: Math.max(100, Math.round((base * lean * Math.exp(0.4 * rng.normal())) / 100) * 100),
    });
    asks.push({
      price: roundPrice(bestAsk + 0.01 * l),
      size: Math.max(100, Math.round(((base / lean) * Math.exp(0.4 * rng.normal())) / 100) * 100),
    });
  }
  return { symbol: p.symbol, at, bids, asks };
}
