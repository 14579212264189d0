/**
 * What analytics publishes per symbol and every strategy reads. Dollars as numbers; times as ms
 * since the epoch on the engine clock; IV as a decimal. A field the inputs cannot support is null
 * (never a made-up number). Greeks in DESIGN.md units; exposures in dollars (GEX: per 1% move).
 */
import type { OptionRight } from '../vocabulary/trading.js';

export type LiquidityGrade = 'A' | 'B' | 'C' | 'D' | 'F';
export type RegimeLabel = 'trending' | 'mean_reverting' | 'volatile' | 'calm';

export interface StrikeExposure {
  strike: number;
  call: number;
  put: number;
  net: number;
}

export interface GexProfile {
  total: number;
  calls: number;
  puts: number;
  /** GEX of options expiring today (0DTE) only. */
  zeroDte: number;
  byStrike: StrikeExposure[];
  /** Expiry date (YYYY-MM-DD) → net GEX. */
  byExpiry: Record<string, number>;
  /** Spot at which re-priced total GEX crosses zero, closest to spot; null if none in [0.7S, 1.3S]. */
  flip: number | null;
  /** Top 3 strikes by positive call GEX / most negative put GEX. */
  callWalls: number[];
  putWalls: number[];
}

/** Per-contract analytics the strategies choose contracts from (our IV and Greeks). */
export interface ContractAnalytics {
  occSymbol: string;
  root: string;
  expiry: string;
  expiresAt: number;
  strike: number;
  right: OptionRight;
  bid: number;
  ask: number;
  mid: number;
  volume: number;
  openInterest: number;
  /** Years to expiry at asOf. */
  t: number;
  iv: number | null;
  delta: number | null;
  gamma: number | null;
  theta: number | null;
  vega: number | null;
}

export interface AnomalyFlag {
  kind:
    | 'gex_shift'
    | 'impossible_greeks'
    | 'missing_greeks'
    | 'vendor_greeks_disagree'
    | 'stale_data'
    | 'other';
  symbol: string;
  at: number;
  message: string;
  context: Record<string, number | string | boolean | null>;
}

export interface AnalyticsSnapshot {
  symbol: string;
  snapshotId: string;
  /** Quote time of the chain, ms. */
  asOf: number;
  /** When analytics finished, ms (engine clock). */
  computedAt: number;
  spot: number;
  contracts: ContractAnalytics[];
  expiredDropped: number;

  gex: GexProfile;
  /** Dealer delta exposure (calls +, puts −): Σ sign·delta·OI·100·S. */
  dex: { total: number; byStrike: StrikeExposure[] };
  vannaExposure: number | null;
  charmExposure: number | null;
  /** Expiry → max-pain strike. */
  maxPain: Record<string, number>;
  /** Nearest expiry's max pain and where spot stands against it. */
  maxPainBias: {
    expiry: string;
    strike: number;
    distancePct: number;
    bias: 'bullish' | 'bearish' | 'neutral';
  } | null;
  putCallRatio: { volume: number | null; openInterest: number | null };
  netGreeks: { delta: number; gamma: number; theta: number; vega: number };
  /**
   * Net Greeks per expiry (YYYY-MM-DD), same definition as netGreeks: Σ greek × OI × 100 over the
   * contracts of that date, holders' side.
   */
  netGreeksByExpiry?: Record<string, { delta: number; gamma: number; theta: number; vega: number }>;
  expectedMove: { expiry: string; dollars: number; pct: number } | null;
  atmIv: number | null;
  termStructure: { expiry: string; days: number; atmIv: number }[];
  skew: { riskReversal25: number; butterfly25: number; expiry: string } | null;
  ivRank: number | null;
  ivPercentile: number | null;
  realizedVol: { closeToClose: number | null; parkinson: number | null; yangZhang: number | null };
  liquidity: { grade: LiquidityGrade; score: number };
  orderBookImbalance: number | null;
  vpin: { value: number; buckets: number; confident: boolean } | null;
  indicators: {
    rsi14: number | null;
    macd: { macd: number; signal: number; histogram: number } | null;
    bollinger: { upper: number; middle: number; lower: number } | null;
    vwap: number | null;
    atr14: number | null;
    sma20: number | null;
    ema20: number | null;
  };
  supportResistance: { support: number[]; resistance: number[] };
  /** Underlying returns over recent windows (decimal), null without enough bars. */
  momentum: { return1m: number | null; return5m: number | null; return15m: number | null };
  /** Options flow from the tape. */
  flow: {
    optionsVolume: number;
    avgOptionsVolume30d: number | null;
    blockTrades: number;
    netPremium: number;
  } | null;
  regime: { label: RegimeLabel; confidence: number; inputs: Record<string, number> };
  volForecast: { impliedMinusRealised: number; ewma: number; error: number | null } | null;
  anomalies: AnomalyFlag[];
}
