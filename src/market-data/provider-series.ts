/**
 * A provider's slower series in the shapes the pipeline reads: intraday bars as the `bar` market
 * events the simulator emits (so analytics and the strategies read a live feed's bars exactly as
 * they read the simulator's), the latest RSI / MACD / Bollinger values, and the Fed funds rate
 * as a decimal risk-free rate for pricing. Pure functions; only what is known at `now` is used.
 */
import type { IndicatorSeries, IntradayBar, MacroSeries } from './market-data-provider.js';
import type { MarketEvent } from './market-events.js';

const MINUTE_MS = 60_000;

/** The provider's indicators as analytics names them; a missing one is left undefined. */
export interface ProviderIndicators {
  rsi14?: number;
  macd?: { macd: number; signal: number; histogram: number };
  bollinger?: { upper: number; middle: number; lower: number };
}

/** What a chain carries from its provider's slower series (see SnapshotExtras). */
export interface ProviderSeries {
  indicators: ProviderIndicators;
  /** Decimal (0.043 = 4.3%), from the latest Fed funds observation; null when not pulled. */
  riskFreeRate: number | null;
}

/**
 * 1-minute bars that closed by `now` and start after `after` (ms; the last bar already handed
 * on), as `bar` events, oldest first.
 */
export function closedBarEvents(
  symbol: string,
  bars: readonly IntradayBar[],
  after: number,
  now: number,
): Extract<MarketEvent, { kind: 'bar' }>[] {
  const out: Extract<MarketEvent, { kind: 'bar' }>[] = [];
  for (const b of bars) {
    const start = Date.parse(b.start);
    if (!Number.isFinite(start) || start <= after || start + MINUTE_MS > now) continue;
    out.push({
      kind: 'bar',
      symbol,
      start,
      end: start + MINUTE_MS,
      open: b.open,
      high: b.high,
      low: b.low,
      close: b.close,
      volume: b.volume,
    });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The newest point of a series stamped at or before `now`. */
function latestAt(series: IndicatorSeries | null | undefined, now: number) {
  if (!series) return undefined;
  for (let i = series.points.length - 1; i >= 0; i--)
    if (Date.parse(series.points[i].at) <= now) return series.points[i].values;
  return undefined;
}

const finite = (x: number | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

/** The latest RSI, MACD and Bollinger values (AlphaVantage's value names) known at `now`. */
export function latestIndicators(
  series: {
    RSI?: IndicatorSeries | null;
    MACD?: IndicatorSeries | null;
    BBANDS?: IndicatorSeries | null;
  },
  now: number,
): ProviderIndicators {
  const out: ProviderIndicators = {};
  const rsi = latestAt(series.RSI, now)?.RSI;
  if (finite(rsi)) out.rsi14 = rsi;
  const m = latestAt(series.MACD, now);
  if (m && finite(m.MACD) && finite(m.MACD_Signal) && finite(m.MACD_Hist))
    out.macd = { macd: m.MACD, signal: m.MACD_Signal, histogram: m.MACD_Hist };
  const b = latestAt(series.BBANDS, now);
  if (b) {
    const upper = b['Real Upper Band'];
    const middle = b['Real Middle Band'];
    const lower = b['Real Lower Band'];
    if (finite(upper) && finite(middle) && finite(lower)) out.bollinger = { upper, middle, lower };
  }
  return out;
}

/** The Fed funds rate (percent in the series) as a decimal rate; null without an observation. */
export function fedFundsRate(series: MacroSeries | null | undefined): number | null {
  const last = series?.points[series.points.length - 1];
  return last && Number.isFinite(last.value) ? last.value / 100 : null;
}
