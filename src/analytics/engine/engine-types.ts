/**
 * The analytics engine's options, inputs and results: what callers pass to `AnalyticsEngine`
 * and get back, and the daily row it keeps per symbol (a row of analytics_daily).
 */
import type { AnalyticsSnapshot } from '../analytics-snapshot.js';
import type { VolForecastState } from '../forecast/vol-forecast.js';
import type { Tick } from '../microstructure/bars.js';
import type { OrderBook } from '../microstructure/order-book.js';
import type { ProviderSeries } from '../../market-data/provider-series.js';

export interface EngineOptions {
  r: number;
  q: number;
  /** Per-symbol dividend yields overriding q. */
  dividendYields: Record<string, number>;
  vpinBucketVolume: number;
  /** Per-symbol bucket sizes overriding vpinBucketVolume. */
  vpinBucketVolumes: Record<string, number>;
  vpinWindow: number;
  gexShiftThreshold: number;
  gexShiftWindowMs: number;
  vendorDeltaTolerance: number;
  missingGreeksShare: number;
  volForecastLambda: number;
  blockTradeContracts: number;
  /** Daily rows used for realised vol (20 trading days). */
  realizedVolDays: number;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  r: 0,
  q: 0,
  dividendYields: {},
  vpinBucketVolume: 1_000,
  vpinBucketVolumes: {},
  vpinWindow: 50,
  gexShiftThreshold: 0.2,
  gexShiftWindowMs: 300_000,
  vendorDeltaTolerance: 0.05,
  missingGreeksShare: 0.05,
  volForecastLambda: 0.94,
  blockTradeContracts: 100,
  realizedVolDays: 20,
};

/** One options trade from the tape (structurally the market-data OptionTrade event). */
export interface OptionTrade {
  at: number;
  occSymbol: string;
  price: number;
  size: number;
  /** Aggressor side when the feed knows it; otherwise inferred from the quote. */
  side?: 'buy' | 'sell' | 'unknown';
  /** The feed's block flag; otherwise size ≥ blockTradeContracts. */
  block?: boolean;
}

/** A 1-minute OHLCV bar of the underlying (the market-data Bar event fits). */
export interface MinuteBar {
  start: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export interface EngineInputs {
  /** Underlying trades since the last call, in time order. */
  ticks?: Tick[];
  /** Underlying 1-minute bars (alternative to ticks), in time order. */
  bars?: MinuteBar[];
  book?: OrderBook;
  tape?: OptionTrade[];
  /**
   * A live provider's latest indicators (they fill the snapshot's own while its bars are too few)
   * and Fed funds rate (the pricing rate from then on, instead of the configured one).
   */
  provider?: ProviderSeries;
}

/** One symbol's summary of one New York trading date (a row of analytics_daily). */
export interface DailySummary {
  symbol: string;
  /** YYYY-MM-DD, New York. */
  date: string;
  atmIv: number | null;
  open: number;
  high: number;
  low: number;
  close: number;
  realizedVol: number | null;
  netGex: number | null;
  optionsVolume: number | null;
  /** Vol-forecast state after this day's (latest) observation. */
  forecast: VolForecastState;
  snapshotId: string;
  /** Quote time of the latest snapshot of the day, ms. */
  asOf: number;
}

export interface EngineResult {
  snapshot: AnalyticsSnapshot;
  /** The day's row to store; null for a late chain of a day already closed here. */
  daily: DailySummary | null;
}
