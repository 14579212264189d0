/**
 * AnalyticsEngine: one ChainSnapshot (+ optional underlying ticks or 1-minute bars, order book and
 * options tape) → one AnalyticsSnapshot. Framework-free. Keeps rolling state per symbol: bars,
 * VPIN buckets, GEX history for the shift flag, the day's summary and the daily history used for
 * IV rank, realised volatility and the vol forecast.
 *
 * GEX, flip, walls, DEX, vanna/charm and max pain come from chain-analysis (`analyzeChain`, row IV
 * per the definitions); per-contract IV and Greeks are ours, solved from the mid (falling
 * back to the vendor IV when the mid carries no solution).
 */
import { DateTime } from 'luxon';
import type { Clock } from '../../common/clock.js';
import type { ChainSnapshot, OptionContract } from '../../market-data/chain-snapshot.js';
import type { AnalyticsSnapshot, AnomalyFlag, ContractAnalytics } from '../analytics-snapshot.js';
import {
  GexShiftDetector,
  impossibleGreeksFlag,
  missingGreeksFlags,
  vendorDisagreementFlag,
} from '../anomalies/anomalies.js';
import { ChainWorkspace, analyzeChain, type ChainAnalysis } from '../chain-analysis/index.js';
import { VolSpreadForecaster, type VolForecastState } from '../forecast/vol-forecast.js';
import { atr, bollinger, ema, macd, rsi, sma, vwap } from '../indicators/indicators.js';
import { supportResistance } from '../indicators/support-resistance.js';
import { greeksInto } from '../math/black-scholes.js';
import {
  constantMaturityIv,
  expectedMove,
  ivRankAndPercentile,
  netGreeks,
  putCallRatios,
  skew25,
  termStructure,
} from '../metrics/chain-metrics.js';
import {
  closeToCloseVol,
  parkinsonVol,
  yangZhangVol,
  type OhlcBar,
} from '../metrics/historical-volatility.js';
import { BarBuilder, MARKET_ZONE, type Tick } from '../microstructure/bars.js';
import { liquidityScore, median } from '../microstructure/liquidity.js';
import { bookDepth, orderBookImbalance, type OrderBook } from '../microstructure/order-book.js';
import { Vpin } from '../microstructure/vpin.js';
import {
  classifyRegime,
  gammaSignSignal,
  maSlopeSignal,
  type RegimeSignal,
} from '../regime/regime.js';

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

const EMPTY_FORECAST: VolForecastState = { ewma: null, mse: null, observations: 0 };
const MAX_PAIN_NEUTRAL_BAND = 0.0025;
const HISTORY_DAYS = 252;
const MIN_RV_DAYS = 5;

interface SymbolState {
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
}

export class AnalyticsEngine {
  private readonly symbols = new Map<string, SymbolState>();
  /** [price, delta, gamma, theta, vega, …] of one option (greeksInto layout), reused. */
  private readonly greeksBuffer = new Float64Array(10);
  /** One chain is analysed and consumed at a time, so its buffers are reused chain after chain. */
  private readonly workspace = new ChainWorkspace();
  readonly options: EngineOptions;

  constructor(
    private readonly clock: Clock,
    options: Partial<EngineOptions> = {},
  ) {
    this.options = { ...DEFAULT_ENGINE_OPTIONS, ...options };
  }

  hasSymbol(symbol: string): boolean {
    return this.symbols.has(symbol);
  }

  /** Seeds a symbol's daily history (oldest first), e.g. from PostgreSQL at start-up. */
  setHistory(symbol: string, rows: readonly DailySummary[]): void {
    const s = this.state(symbol);
    // Rows of the day in progress (or later) stay with the live row, never in the history.
    const current = s.today?.date;
    const sorted = [...rows]
      .filter((r) => current === undefined || r.date < current)
      .sort((a, b) => a.date.localeCompare(b.date));
    s.history = sorted.slice(-HISTORY_DAYS - 1);
  }

  /** Daily history of a symbol, oldest first, including today's row when there is one. */
  history(symbol: string): DailySummary[] {
    const s = this.symbols.get(symbol);
    if (!s) return [];
    return s.today ? [...s.history, s.today] : [...s.history];
  }

  ingest(chain: ChainSnapshot, inputs: EngineInputs = {}): EngineResult {
    const o = this.options;
    const symbol = chain.underlying;
    const s = this.state(symbol);
    const q = o.dividendYields[symbol] ?? o.q;
    const analysis = analyzeChain(chain, { r: o.r, q, workspace: this.workspace });
    const asOfMs = DateTime.fromISO(chain.asOf, { zone: 'utc' }).toMillis();
    const tradeDate = DateTime.fromMillis(asOfMs, { zone: MARKET_ZONE }).toISODate() ?? '';
    const spot = chain.spot;

    this.feedPrices(s, spot, asOfMs, inputs);
    const contracts = this.contractAnalytics(chain, analysis, q);

    // Chain metrics.
    const pcr = putCallRatios(contracts);
    const greeks = netGreeks(contracts);
    const term = termStructure(contracts, spot);
    const atmIv = constantMaturityIv(term, 30);
    const optionsVolume = contracts.reduce((sum, c) => sum + c.volume, 0);

    // Daily row and history-based metrics.
    const { row: today, late } = this.rollDay(s, symbol, tradeDate, spot, asOfMs, chain.snapshotId);
    const past = s.history.filter((d) => d.date < tradeDate);
    const ivHistory = past
      .slice(-HISTORY_DAYS)
      .map((d) => d.atmIv)
      .filter((v): v is number => v !== null && Number.isFinite(v) && v > 0);
    const rank = ivRankAndPercentile(atmIv, ivHistory);
    const dailyBars: OhlcBar[] = [...past, today].slice(-(o.realizedVolDays + 1));
    // Fewer than MIN_RV_DAYS daily bars (today's partial one included) say nothing about vol.
    const enoughDays = dailyBars.length >= MIN_RV_DAYS;
    const realizedVol = {
      closeToClose: enoughDays ? closeToCloseVol(dailyBars.map((d) => d.close)) : null,
      parkinson: enoughDays ? parkinsonVol(dailyBars.slice(-o.realizedVolDays)) : null,
      yangZhang: enoughDays ? yangZhangVol(dailyBars) : null,
    };
    const baseForecast = past.length > 0 ? past[past.length - 1].forecast : EMPTY_FORECAST;
    const forecaster = new VolSpreadForecaster(o.volForecastLambda, baseForecast);
    const volForecast =
      atmIv !== null && realizedVol.closeToClose !== null
        ? forecaster.update(atmIv, realizedVol.closeToClose)
        : null;
    today.atmIv = atmIv;
    today.realizedVol = realizedVol.closeToClose;
    today.netGex = analysis.gex.total;
    today.optionsVolume = optionsVolume;
    today.forecast = volForecast ? forecaster.snapshot() : { ...baseForecast };

    // Underlying bars → indicators, momentum, VPIN.
    const bars1m = s.bars1m.bars();
    const closes = bars1m.map((b) => b.close);
    const atr14 = atr(bars1m, 14);
    const sessionStart = DateTime.fromMillis(asOfMs, { zone: MARKET_ZONE })
      .set({ hour: 9, minute: 30, second: 0, millisecond: 0 })
      .toMillis();
    const sessionBars = bars1m.filter((b) => b.start >= sessionStart && b.volume > 0);
    this.feedVpin(s);

    // Liquidity from the near-the-money quotes (and the book when there is one).
    const liquidity = this.liquidity(contracts, spot, inputs.book);

    const gross = analysis.gex.calls - analysis.gex.puts;
    const regimeInputs = {
      volPercentile:
        rank.percentile !== null
          ? {
              value: rank.percentile / 100,
              confidence: Math.min(1, ivHistory.length / HISTORY_DAYS),
            }
          : null,
      maSlope: maSlopeSignal(closes, atr14),
      liquidity: { value: liquidity.score, confidence: inputs.book ? 1 : 0.7 } as RegimeSignal,
      gammaSign: gammaSignSignal(analysis.gex.total, gross),
    };

    const anomalies: AnomalyFlag[] = [];
    const shift = s.gexShift.record(asOfMs, analysis.gex.total);
    if (shift) anomalies.push(shift);
    const vendorRows = [...analysis.columns.contractIndex].map((i) => chain.contracts[i]);
    const impossible = impossibleGreeksFlag(symbol, asOfMs, vendorRows);
    if (impossible) anomalies.push(impossible);
    anomalies.push(
      ...missingGreeksFlags(symbol, asOfMs, vendorRows, contracts, o.missingGreeksShare),
    );
    const disagree = vendorDisagreementFlag(
      symbol,
      asOfMs,
      vendorRows,
      contracts,
      o.vendorDeltaTolerance,
    );
    if (disagree) anomalies.push(disagree);

    const snapshot: AnalyticsSnapshot = {
      symbol,
      snapshotId: chain.snapshotId,
      asOf: asOfMs,
      computedAt: this.clock.now(),
      spot,
      contracts,
      expiredDropped: analysis.expiredDropped + (chain.quality?.dropped?.expired ?? 0),
      gex: {
        total: analysis.gex.total,
        calls: analysis.gex.calls,
        puts: analysis.gex.puts,
        zeroDte: analysis.zeroDteGex,
        byStrike: analysis.gex.byStrike,
        byExpiry: analysis.gex.byExpiry,
        flip: analysis.flip,
        callWalls: analysis.callWalls,
        putWalls: analysis.putWalls,
      },
      dex: analysis.dex,
      vannaExposure: Number.isFinite(analysis.vannaExposure) ? analysis.vannaExposure : null,
      charmExposure: Number.isFinite(analysis.charmExposure) ? analysis.charmExposure : null,
      maxPain: analysis.maxPain,
      maxPainBias: maxPainBias(analysis.maxPain, spot),
      putCallRatio: pcr,
      netGreeks: greeks.total,
      netGreeksByExpiry: greeks.byExpiry,
      expectedMove: expectedMove(contracts, spot),
      atmIv,
      termStructure: term,
      skew: skew25(contracts, spot),
      ivRank: rank.rank,
      ivPercentile: rank.percentile,
      realizedVol,
      liquidity: { grade: liquidity.grade, score: liquidity.score },
      orderBookImbalance: inputs.book ? orderBookImbalance(inputs.book, 5) : null,
      vpin: s.vpin.value(),
      indicators: {
        rsi14: rsi(closes, 14),
        macd: macd(closes),
        bollinger: bollinger(closes, 20, 2),
        vwap: sessionBars.length > 0 ? vwap(sessionBars) : null,
        atr14,
        sma20: sma(closes, 20),
        ema20: ema(closes, 20),
      },
      supportResistance: supportResistance(s.bars5m.bars().slice(-120)),
      momentum: {
        return1m: barReturn(closes, 1),
        return5m: barReturn(closes, 5),
        return15m: barReturn(closes, 15),
      },
      flow: this.flow(s, tradeDate, inputs.tape, chain.contracts, optionsVolume),
      regime: classifyRegime(regimeInputs),
      volForecast,
      anomalies,
    };
    return { snapshot, daily: late ? null : { ...today, forecast: { ...today.forecast } } };
  }

  private state(symbol: string): SymbolState {
    let s = this.symbols.get(symbol);
    if (!s) {
      s = {
        bars1m: new BarBuilder('1m', 1_000),
        bars5m: new BarBuilder('5m', 500),
        bars15m: new BarBuilder('15m', 300),
        feedPrices: false,
        vpin: new Vpin({
          bucketVolume: this.options.vpinBucketVolumes[symbol] ?? this.options.vpinBucketVolume,
          window: this.options.vpinWindow,
        }),
        lastVpinBarStart: -Infinity,
        gexShift: new GexShiftDetector(symbol, {
          threshold: this.options.gexShiftThreshold,
          windowMs: this.options.gexShiftWindowMs,
        }),
        history: [],
        today: null,
        flow: null,
      };
      this.symbols.set(symbol, s);
    }
    return s;
  }

  /**
   * Underlying prices: the feed's ticks or bars when given; otherwise the chain's spot as a
   * zero-volume tick, so price-only indicators work on a chain-only feed (VWAP and VPIN stay null).
   */
  private feedPrices(s: SymbolState, spot: number, asOfMs: number, inputs: EngineInputs): void {
    const builders = [s.bars1m, s.bars5m, s.bars15m];
    if (inputs.ticks?.length || inputs.bars?.length) s.feedPrices = true;
    for (const t of inputs.ticks ?? []) for (const b of builders) b.add(t);
    for (const bar of inputs.bars ?? []) {
      s.bars1m.addBar({
        start: bar.start,
        interval: '1m',
        open: bar.open,
        high: bar.high,
        low: bar.low,
        close: bar.close,
        volume: bar.volume,
        trades: 0,
      });
      for (const b of [s.bars5m, s.bars15m]) {
        // A 1-minute bar as four ticks (open, high, low, close) keeps the OHLC of longer bars right.
        const q = bar.volume / 4;
        for (const price of [bar.open, bar.high, bar.low, bar.close]) {
          b.add({ at: bar.start, price, size: q });
        }
      }
    }
    if (!s.feedPrices && spot > 0)
      for (const b of builders) b.add({ at: asOfMs, price: spot, size: 0 });
  }

  private feedVpin(s: SymbolState): void {
    // Completed 1-minute bars only, each once.
    for (const bar of s.bars1m.bars(false)) {
      if (bar.start <= s.lastVpinBarStart) continue;
      s.vpin.addBar(bar.close, bar.volume);
      s.lastVpinBarStart = bar.start;
    }
  }

  private rollDay(
    s: SymbolState,
    symbol: string,
    date: string,
    spot: number,
    asOfMs: number,
    snapshotId: string,
  ): { row: DailySummary; late: boolean } {
    if (s.today && date < s.today.date) {
      // A late chain of an earlier day: analysed against that day's stored row (or a detached
      // one), but the live day and the history are left alone.
      const stored = s.history.find((d) => d.date === date);
      const row: DailySummary = stored
        ? { ...stored, forecast: { ...stored.forecast } }
        : this.newDay(symbol, date, spot, asOfMs, snapshotId);
      return { row, late: true };
    }
    if (s.today && s.today.date !== date) {
      s.history.push(s.today);
      if (s.history.length > HISTORY_DAYS + 1) s.history.shift();
      s.today = null;
    }
    if (!s.today) {
      // A restart mid-day continues the day's row loaded from storage.
      const stored = s.history.find((d) => d.date === date);
      s.history = s.history.filter((d) => d.date !== date);
      s.today = stored ? { ...stored } : this.newDay(symbol, date, spot, asOfMs, snapshotId);
    }
    const t = s.today;
    t.high = Math.max(t.high, spot);
    t.low = Math.min(t.low, spot);
    t.close = spot;
    t.snapshotId = snapshotId;
    t.asOf = asOfMs;
    return { row: t, late: false };
  }

  private newDay(
    symbol: string,
    date: string,
    spot: number,
    asOfMs: number,
    snapshotId: string,
  ): DailySummary {
    return {
      symbol,
      date,
      atmIv: null,
      open: spot,
      high: spot,
      low: spot,
      close: spot,
      realizedVol: null,
      netGex: null,
      optionsVolume: null,
      forecast: { ...EMPTY_FORECAST },
      snapshotId,
      asOf: asOfMs,
    };
  }

  private contractAnalytics(
    chain: ChainSnapshot,
    a: ChainAnalysis,
    q: number,
  ): ContractAnalytics[] {
    const cols = a.columns;
    const out: ContractAnalytics[] = new Array(cols.n);
    const own = a.ownIv?.iv;
    const g = a.ownGreeks;
    const expiresAtMs = new Map<string, number>();
    for (let i = 0; i < cols.n; i++) {
      const c = chain.contracts[cols.contractIndex[i]];
      let expiresAt = expiresAtMs.get(c.expiresAt);
      if (expiresAt === undefined) {
        expiresAt = DateTime.fromISO(c.expiresAt, { zone: 'utc' }).toMillis();
        expiresAtMs.set(c.expiresAt, expiresAt);
      }
      const mid = c.bid > 0 && c.ask >= c.bid ? (c.bid + c.ask) / 2 : c.mark;
      let iv: number | null = null;
      let delta: number | null = null;
      let gamma: number | null = null;
      let theta: number | null = null;
      let vega: number | null = null;
      if (own && g && Number.isFinite(own[i]) && own[i] > 0) {
        iv = own[i];
        delta = g.delta[i];
        gamma = g.gamma[i];
        theta = g.theta[i];
        vega = g.vega[i];
      } else if (cols.rowIv[i] > 0) {
        // The mid carries no IV (e.g. below intrinsic): fall back to the vendor's IV.
        const gr = this.greeksBuffer;
        greeksInto(
          c.right === 'call',
          chain.spot,
          c.strike,
          cols.T[i],
          this.options.r,
          q,
          cols.rowIv[i],
          gr,
          0,
        );
        iv = cols.rowIv[i];
        delta = gr[1];
        gamma = gr[2];
        theta = gr[3];
        vega = gr[4];
      }
      out[i] = {
        occSymbol: c.occSymbol,
        root: c.root,
        expiry: c.expiry,
        expiresAt,
        strike: c.strike,
        right: c.right,
        bid: c.bid,
        ask: c.ask,
        mid,
        volume: c.volume,
        openInterest: c.openInterest,
        t: cols.T[i],
        iv,
        delta: finiteOrNull(delta),
        gamma: finiteOrNull(gamma),
        theta: finiteOrNull(theta),
        vega: finiteOrNull(vega),
      };
    }
    return out;
  }

  private liquidity(
    contracts: readonly ContractAnalytics[],
    spot: number,
    book: OrderBook | undefined,
  ): { score: number; grade: 'A' | 'B' | 'C' | 'D' | 'F' } {
    const quoted = contracts.filter((c) => c.bid > 0 && c.ask >= c.bid);
    if (quoted.length === 0) return { score: 0, grade: 'F' };
    let nearestT = Infinity;
    for (const c of quoted) if (c.t < nearestT) nearestT = c.t;
    const front = quoted
      .filter((c) => c.t === nearestT)
      .sort((a, b) => Math.abs(a.strike - spot) - Math.abs(b.strike - spot))
      .slice(0, 20);
    const spread = median(front.map((c) => (c.ask - c.bid) / ((c.ask + c.bid) / 2))) ?? 1;
    const depth = book ? bookDepth(book, 5) / 100 : (median(front.map((c) => c.openInterest)) ?? 0);
    const r = liquidityScore({ relativeSpread: spread, depth });
    return { score: r.score, grade: r.grade };
  }

  private flow(
    s: SymbolState,
    date: string,
    tape: OptionTrade[] | undefined,
    contracts: readonly OptionContract[],
    optionsVolume: number,
  ): AnalyticsSnapshot['flow'] {
    if (s.flow && s.flow.date !== date) s.flow = null;
    if (tape && tape.length > 0) {
      s.flow ??= { date, blockTrades: 0, netPremium: 0 };
      const quotes = new Map(contracts.map((c) => [c.occSymbol, c]));
      for (const t of tape) {
        if (!(t.size > 0) || !(t.price >= 0)) continue;
        if (t.block ?? t.size >= this.options.blockTradeContracts) s.flow.blockTrades += 1;
        const q = quotes.get(t.occSymbol);
        let sign = t.side === 'buy' ? 1 : t.side === 'sell' ? -1 : 0;
        if ((!t.side || t.side === 'unknown') && q && q.bid > 0 && q.ask >= q.bid) {
          const mid = (q.bid + q.ask) / 2;
          sign = t.price > mid ? 1 : t.price < mid ? -1 : 0;
        }
        s.flow.netPremium += sign * t.price * t.size * 100;
      }
    }
    if (!s.flow) return null;
    const vols = s.history
      .filter((d) => d.date < date && d.optionsVolume !== null)
      .slice(-30)
      .map((d) => d.optionsVolume as number);
    return {
      optionsVolume,
      avgOptionsVolume30d: vols.length >= 5 ? vols.reduce((a, b) => a + b, 0) / vols.length : null,
      blockTrades: s.flow.blockTrades,
      netPremium: s.flow.netPremium,
    };
  }
}

function finiteOrNull(x: number | null): number | null {
  return x !== null && Number.isFinite(x) ? x : null;
}

function barReturn(closes: readonly number[], bars: number): number | null {
  const n = closes.length;
  if (n <= bars) return null;
  const before = closes[n - 1 - bars];
  return before > 0 ? closes[n - 1] / before - 1 : null;
}

/**
 * Max pain of the nearest expiry and where spot stands: spot above max pain by more than 0.25 %
 * reads bearish (pinning pulls it down), below reads bullish, within the band neutral.
 * distancePct = (spot − strike) / spot as a decimal.
 */
export function maxPainBias(
  maxPain: Record<string, number>,
  spot: number,
): AnalyticsSnapshot['maxPainBias'] {
  const expiries = Object.keys(maxPain).sort();
  if (expiries.length === 0 || !(spot > 0)) return null;
  const expiry = expiries[0];
  const strike = maxPain[expiry];
  const distancePct = (spot - strike) / spot;
  const bias =
    distancePct > MAX_PAIN_NEUTRAL_BAND
      ? 'bearish'
      : distancePct < -MAX_PAIN_NEUTRAL_BAND
        ? 'bullish'
        : 'neutral';
  return { expiry, strike, distancePct, bias };
}
