import type { ChainSnapshot } from './chain-snapshot.js';
import type { MarketEvent } from './market-events.js';

/**
 * The port every market-data source sits behind. `fetchChain` is the one required call; the
 * capability methods are optional because not every provider offers them (a CBOE file has no
 * intraday bars, the simulator has no macro series). Callers check before calling.
 */
export interface MarketDataProvider {
  /** alphavantage | massive | cboe-file | replay | simulator */
  readonly name: string;
  fetchChain(symbol: string, opts?: ChainRequestOptions): Promise<ChainSnapshot>;
  fetchIntradayBars?(symbol: string, opts?: IntradayRequestOptions): Promise<IntradayBar[]>;
  fetchIndicator?(symbol: string, indicator: IndicatorName): Promise<IndicatorSeries>;
  fetchMacro?(series: MacroSeriesName): Promise<MacroSeries>;
  /**
   * Market events (underlying ticks, option prints, books, bars, imbalances) produced since the
   * last call, oldest first — for sources that have a tape (the simulator; IBKR later).
   */
  drainMarketEvents?(): MarketEvent[];
  /** Releases sockets, timers and files. */
  close?(): Promise<void>;
}

export interface ChainRequestOptions {
  /** A past trading day (YYYY-MM-DD) for historical chains; unset means the live chain. */
  date?: string;
  signal?: AbortSignal;
}

export interface IntradayRequestOptions {
  /** Bar width; AlphaVantage calls it `interval`. */
  interval?: '1min' | '5min';
  signal?: AbortSignal;
}

/** One OHLCV bar; `start` is the bar's opening instant, ISO UTC. */
export interface IntradayBar {
  start: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export const INDICATOR_NAMES = ['RSI', 'MACD', 'BBANDS'] as const;
export type IndicatorName = (typeof INDICATOR_NAMES)[number];

/** An indicator's points, newest last; `values` keyed by the provider's series name. */
export interface IndicatorSeries {
  symbol: string;
  indicator: IndicatorName;
  points: { at: string; values: Record<string, number> }[];
}

export const MACRO_SERIES = ['REAL_GDP', 'CPI', 'FEDERAL_FUNDS_RATE'] as const;
export type MacroSeriesName = (typeof MACRO_SERIES)[number];

export interface MacroSeries {
  series: MacroSeriesName;
  unit: string;
  interval: string;
  /** Oldest first; missing observations (AlphaVantage's ".") are left out. */
  points: { date: string; value: number }[];
}

/** Narrows a provider to one that implements an optional capability. */
export function hasCapability<K extends keyof MarketDataProvider>(
  provider: MarketDataProvider,
  method: K,
): provider is MarketDataProvider & Required<Pick<MarketDataProvider, K>> {
  return typeof provider[method] === 'function';
}

export const MARKET_DATA_PROVIDER = Symbol('MarketDataProvider');
