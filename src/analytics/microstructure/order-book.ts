/** Order-book imbalance from the top N price levels. */
export interface BookLevel {
  price: number;
  size: number;
}

export interface OrderBook {
  /** Best bid first. */
  bids: BookLevel[];
  /** Best ask first. */
  asks: BookLevel[];
  /** Book time, ms. */
  at?: number;
}

/**
 * (Σ bid size − Σ ask size) / (Σ bid size + Σ ask size) over the top `levels` levels of each side:
 * +1 all bids, −1 all asks. Null when both sides are empty.
 */
export function orderBookImbalance(book: OrderBook, levels = 5): number | null {
  let bid = 0;
  let ask = 0;
  for (const l of book.bids.slice(0, levels)) if (l.size > 0) bid += l.size;
  for (const l of book.asks.slice(0, levels)) if (l.size > 0) ask += l.size;
  const total = bid + ask;
  return total > 0 ? (bid - ask) / total : null;
}

/** Total size on both sides within the top `levels` levels (the depth the liquidity score uses). */
export function bookDepth(book: OrderBook, levels = 5): number {
  let depth = 0;
  for (const l of book.bids.slice(0, levels)) if (l.size > 0) depth += l.size;
  for (const l of book.asks.slice(0, levels)) if (l.size > 0) depth += l.size;
  return depth;
}

/** Relative spread (ask − bid)/mid of the top of book; null when a side is empty or crossed. */
export function bookRelativeSpread(book: OrderBook): number | null {
  const bid = book.bids[0]?.price;
  const ask = book.asks[0]?.price;
  if (bid === undefined || ask === undefined || !(bid > 0) || ask < bid) return null;
  return (ask - bid) / ((ask + bid) / 2);
}
