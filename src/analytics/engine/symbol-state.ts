/**
 * The rolling state the engine keeps per symbol between chains: underlying bars, VPIN buckets,
 * GEX history for the shift flag, the day's summary row, the daily history (IV rank, realised
 * vol, vol forecast) and the day's options flow. Every section builder reads or updates it.
 */
import type { OptionContract } from '../../market-data/chain-snapshot.js';
import { ContractLookup } from '../../market-data/contract-lookup.js';
import { GexShiftDetector } from '../anomalies/anomalies.js';
import { BarBuilder } from '../microstructure/bars.js';
import { Vpin } from '../microstructure/vpin.js';
import type { DailySummary, EngineOptions } from './engine-types.js';

/** Daily rows kept for IV rank (one trading year). */
export const HISTORY_DAYS = 252;

export interface SymbolState {
  bars1m: BarBuilder;
  bars5m: BarBuilder;
  bars15m: BarBuilder;
  /** True once the feed supplied ticks or bars: chain spots are no longer used as prices. */
  feedPrices: boolean;
  vpin: Vpin;
  lastVpinBarStart: number;
  gexShift: GexShiftDetector;
  /** Previous days, oldest first. */
  history: DailySummary[];
  today: DailySummary | null;
  flow: { date: string; blockTrades: number; netPremium: number } | null;
  /** The chain's contracts by OCC symbol (the tape's trades without a side read their quotes). */
  contracts: ContractLookup<OptionContract>;
}

export function newSymbolState(symbol: string, options: EngineOptions): SymbolState {
  return {
    bars1m: new BarBuilder('1m', 1_000),
    bars5m: new BarBuilder('5m', 500),
    bars15m: new BarBuilder('15m', 300),
    feedPrices: false,
    vpin: new Vpin({
      bucketVolume: options.vpinBucketVolumes[symbol] ?? options.vpinBucketVolume,
      window: options.vpinWindow,
    }),
    lastVpinBarStart: -Infinity,
    gexShift: new GexShiftDetector(symbol, {
      threshold: options.gexShiftThreshold,
      windowMs: options.gexShiftWindowMs,
    }),
    history: [],
    today: null,
    flow: null,
    contracts: new ContractLookup(),
  };
}
