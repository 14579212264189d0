/**
 * Small hand-made AnalyticsSnapshot and StrategyContext fixtures. A snapshot starts neutral (no
 * GEX, no momentum, nothing that fires any strategy) and each test plants just the inputs its rule
 * reads. Chains are priced with a plain Black–Scholes (own code, so fixtures do not depend on the
 * analytics module under development) at a flat IV.
 */
import { nyInstant, sessionFor } from '../../../src/common/market-calendar.js';
import type {
  AnalyticsSnapshot,
  ContractAnalytics,
  GexProfile,
} from '../../../src/analytics/analytics-snapshot.js';
import type { OptionRight } from '../../../src/vocabulary/trading.js';
import type { SessionInfo, StrategyContext } from '../../../src/strategies/strategy-context.js';

/** A plain Tuesday. */
export const DAY = '2026-03-03';
export const at = (hhmm: string, date = DAY): number => nyInstant(date, hhmm);

export function session(date = DAY): SessionInfo {
  const s = sessionFor(date);
  if (!s) throw new Error(`not a trading day: ${date}`);
  return s;
}

function erf(x: number): number {
  // Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7): plenty for fixtures.
  const s = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-a * a);
  return s * y;
}
const cdf = (z: number): number => 0.5 * (1 + erf(z / Math.SQRT2));
const pdf = (z: number): number => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);

export function bsm(right: OptionRight, S: number, K: number, T: number, sigma: number) {
  const t = Math.max(T, 1e-6);
  const sq = sigma * Math.sqrt(t);
  const d1 = (Math.log(S / K) + 0.5 * sigma * sigma * t) / sq;
  const d2 = d1 - sq;
  const call = S * cdf(d1) - K * cdf(d2);
  const price = right === 'call' ? call : call - S + K;
  const delta = right === 'call' ? cdf(d1) : cdf(d1) - 1;
  const gamma = pdf(d1) / (S * sq);
  const vega = (S * pdf(d1) * Math.sqrt(t)) / 100;
  const theta = -(S * pdf(d1) * sigma) / (2 * Math.sqrt(t)) / 365;
  return { price: Math.max(price, 0), delta, gamma, vega, theta };
}

export interface ContractOptions {
  symbol?: string;
  spot: number;
  strike: number;
  right: OptionRight;
  expiry: string;
  now: number;
  iv?: number;
  halfSpread?: number;
  volume?: number;
  openInterest?: number;
  expiresAt?: number;
}

export function contract(o: ContractOptions): ContractAnalytics {
  const expiresAt = o.expiresAt ?? nyInstant(o.expiry, '16:00');
  const T = Math.max(0, (expiresAt - o.now) / (365 * 86_400_000));
  const iv = o.iv ?? 0.2;
  const g = bsm(o.right, o.spot, o.strike, T, iv);
  const half = o.halfSpread ?? 0.02;
  const mid = Math.max(g.price, 0.05);
  const symbol = o.symbol ?? 'SPY';
  return {
    occSymbol: `${symbol}${o.expiry.replace(/-/g, '').slice(2)}${o.right === 'call' ? 'C' : 'P'}${String(Math.round(o.strike * 1000)).padStart(8, '0')}`,
    root: symbol,
    expiry: o.expiry,
    expiresAt,
    strike: o.strike,
    right: o.right,
    bid: Math.round((mid - half) * 100) / 100,
    ask: Math.round((mid + half) * 100) / 100,
    mid,
    volume: o.volume ?? 2_000,
    openInterest: o.openInterest ?? 5_000,
    t: T,
    iv,
    delta: g.delta,
    gamma: g.gamma,
    theta: g.theta,
    vega: g.vega,
  };
}

export interface ChainOptions {
  symbol?: string;
  spot: number;
  now: number;
  expiries: string[];
  /** Strikes every `step` from spot·(1−width) to spot·(1+width). */
  step?: number;
  width?: number;
  iv?: number;
  halfSpread?: number;
  volume?: number;
}

export function chain(o: ChainOptions): ContractAnalytics[] {
  const step = o.step ?? 1;
  const width = o.width ?? 0.12;
  const lo = Math.ceil((o.spot * (1 - width)) / step) * step;
  const hi = Math.floor((o.spot * (1 + width)) / step) * step;
  const out: ContractAnalytics[] = [];
  for (const expiry of o.expiries) {
    const expiresAt = nyInstant(expiry, '16:00');
    for (let k = lo; k <= hi + 1e-9; k += step) {
      for (const right of ['call', 'put'] as const) {
        out.push(
          contract({
            symbol: o.symbol,
            spot: o.spot,
            strike: Math.round(k * 100) / 100,
            right,
            expiry,
            expiresAt,
            now: o.now,
            iv: o.iv,
            halfSpread: o.halfSpread,
            volume: o.volume,
          }),
        );
      }
    }
  }
  return out;
}

export function emptyGex(): GexProfile {
  return {
    total: 0,
    calls: 0,
    puts: 0,
    zeroDte: 0,
    byStrike: [],
    byExpiry: {},
    flip: null,
    callWalls: [],
    putWalls: [],
  };
}

type Nested = 'gex' | 'momentum' | 'indicators' | 'flow' | 'regime' | 'liquidity' | 'volForecast';
type Overrides = Partial<Omit<AnalyticsSnapshot, Nested>> & {
  gex?: Partial<GexProfile>;
  momentum?: Partial<AnalyticsSnapshot['momentum']>;
  indicators?: Partial<AnalyticsSnapshot['indicators']>;
  flow?: Partial<NonNullable<AnalyticsSnapshot['flow']>> | null;
  regime?: Partial<AnalyticsSnapshot['regime']>;
  liquidity?: Partial<AnalyticsSnapshot['liquidity']>;
  volForecast?: Partial<NonNullable<AnalyticsSnapshot['volForecast']>> | null;
};

/** A neutral snapshot: flat chain, no GEX, no momentum, grade A, calm regime. */
export function snapshot(
  o: Overrides & { now?: number; expiries?: string[] } = {},
): AnalyticsSnapshot {
  const now = o.now ?? at('11:00');
  const spot = o.spot ?? 500;
  const symbol = o.symbol ?? 'SPY';
  const base: AnalyticsSnapshot = {
    symbol,
    snapshotId: `fixture:${symbol}:${now}`,
    asOf: now,
    computedAt: now,
    spot,
    contracts:
      o.contracts ??
      chain({
        symbol,
        spot,
        now,
        expiries: o.expiries ?? [DAY, '2026-03-04', '2026-03-06', '2026-03-20', '2026-04-17'],
      }),
    expiredDropped: 0,
    gex: emptyGex(),
    dex: { total: 0, byStrike: [] },
    vannaExposure: null,
    charmExposure: null,
    maxPain: {},
    maxPainBias: null,
    putCallRatio: { volume: null, openInterest: null },
    netGreeks: { delta: 0, gamma: 0, theta: 0, vega: 0 },
    expectedMove: null,
    atmIv: 0.2,
    termStructure: [],
    skew: null,
    ivRank: 50,
    ivPercentile: 50,
    realizedVol: { closeToClose: 0.2, parkinson: null, yangZhang: null },
    liquidity: { grade: 'A', score: 90 },
    orderBookImbalance: 0,
    vpin: null,
    indicators: {
      rsi14: 50,
      macd: { macd: 0, signal: 0, histogram: 0 },
      bollinger: null,
      vwap: spot,
      atr14: null,
      sma20: spot,
      ema20: spot,
    },
    supportResistance: { support: [], resistance: [] },
    momentum: { return1m: 0, return5m: 0, return15m: 0 },
    flow: { optionsVolume: 100_000, avgOptionsVolume30d: 100_000, blockTrades: 0, netPremium: 0 },
    regime: { label: 'calm', confidence: 0.5, inputs: {} },
    volForecast: { impliedMinusRealised: 0, ewma: 0.2, error: null },
    anomalies: [],
  };
  const merged = { ...base } as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(o)) {
    if (k === 'now' || k === 'expiries' || v === undefined) continue;
    const cur = merged[k];
    merged[k] =
      v !== null && typeof v === 'object' && !Array.isArray(v) && cur && typeof cur === 'object'
        ? { ...(cur as object), ...(v as object) }
        : v;
  }
  return merged as unknown as AnalyticsSnapshot;
}

/** A context at `now` on DAY with $100k equity, no positions, flat history. */
export function context(o: Partial<StrategyContext> = {}): StrategyContext {
  const now = o.now ?? at('11:00');
  return {
    now,
    session: o.session ?? session(DAY),
    nextSession: o.nextSession,
    equity: 100_000,
    openPositions: [],
    dayPnl: 0,
    history: { dailyCloses: [], avgOptionsVolume30d: null },
    ...o,
  };
}

/** Daily closes rising (or falling) by `step` a day, ending at `last`. */
export function trendCloses(last: number, days: number, stepPct: number): number[] {
  const out: number[] = [];
  for (let i = days - 1; i >= 0; i--) out.push(last / Math.pow(1 + stepPct, i));
  return out;
}
