/**
 * Interactive Brokers as a market-data and account source. Only the port exists: the adapter
 * (TWS / Client Portal gateway) is not built yet, so nothing in GammaDesk binds this interface.
 */
export interface IbkrQuote {
  conid: number;
  symbol: string;
  bid: number;
  ask: number;
  last: number | null;
  bidSize: number;
  askSize: number;
  /** ISO UTC */
  at: string;
}

export interface IbkrDepthLevel {
  side: 'bid' | 'ask';
  price: number;
  size: number;
  marketMaker?: string;
}

export interface IbkrTick {
  conid: number;
  price: number;
  size: number;
  /** ISO UTC */
  at: string;
  exchange?: string;
}

export interface IbkrAccountSummary {
  accountId: string;
  netLiquidation: number;
  buyingPower: number;
  currency: string;
}

export interface IbkrMarketDataPort {
  quote(symbol: string): Promise<IbkrQuote>;
  /** Top `levels` of the book on each side. */
  depth(symbol: string, levels: number): Promise<IbkrDepthLevel[]>;
  /** Streams trade ticks until the returned function is called. */
  subscribeTicks(symbol: string, onTick: (tick: IbkrTick) => void): Promise<() => void>;
  account(): Promise<IbkrAccountSummary>;
}
