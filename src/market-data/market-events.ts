/**
 * Market events below the chain level: the tape, books and closing-auction imbalances.
 * Emitted by the simulator (and later by IBKR); order-flow analytics and the MOC predictor read
 * them. Times are milliseconds since the epoch; prices in dollars; sizes in shares or contracts.
 */

/** One print of the underlying. */
export interface UnderlyingTick {
  symbol: string;
  at: number;
  price: number;
  /** Shares. */
  size: number;
}

/** One option print. */
export interface OptionTrade {
  /** OCC symbol without padding spaces, as in ChainSnapshot. */
  occSymbol: string;
  underlying: string;
  at: number;
  /** Per-share option price in dollars. */
  price: number;
  /** Contracts. */
  size: number;
  /** Aggressor side: 'buy' lifted the ask, 'sell' hit the bid, 'unknown' printed inside. */
  side: 'buy' | 'sell' | 'unknown';
  /** A block print (large single trade, at least 100 contracts here). */
  block: boolean;
  /** Dollars paid: price × size × 100. */
  premium: number;
}

/** An OHLCV bar over [start, end). */
export interface Bar {
  symbol: string;
  start: number;
  end: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export interface BookLevel {
  price: number;
  /** Shares. */
  size: number;
}

/** Top of the order book (up to 10 levels a side; bids best first, asks best first). */
export interface OrderBook {
  symbol: string;
  at: number;
  bids: BookLevel[];
  asks: BookLevel[];
}

/** A market-on-close imbalance publication (NYSE/Nasdaq publish from 15:50 New York). */
export interface ImbalanceEvent {
  symbol: string;
  at: number;
  /** The side with more MOC interest. */
  side: 'buy' | 'sell';
  /** Unpaired (imbalance) shares. */
  shares: number;
  /** Shares matched at the reference price. */
  pairedShares: number;
  referencePrice: number;
  /**
   * True for early indicative prints before the 15:50 freeze (the closing interest is still
   * building); false or absent for the official publications from 15:50.
   */
  indicative?: boolean;
}

export type MarketEvent =
  | ({ kind: 'tick' } & UnderlyingTick)
  | ({ kind: 'option_trade' } & OptionTrade)
  | ({ kind: 'bar' } & Bar)
  | ({ kind: 'book' } & OrderBook)
  | ({ kind: 'imbalance' } & ImbalanceEvent);

export type MarketEventKind = MarketEvent['kind'];
