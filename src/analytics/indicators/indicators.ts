/**
 * Technical indicators over bars (oldest first). The `trading-signals` package computes the ones
 * whose results match the standard definitions (verified in test/unit/analytics/indicators):
 * RSI (Wilder smoothing, seeded with the simple average of the first 14 changes), SMA,
 * Bollinger Bands (20, 2σ, population standard deviation), ATR (Wilder smoothing of the true
 * range, seeded with the simple average) and VWAP (typical price × volume).
 *
 * EMA and MACD are computed here: the package seeds its EMA with the first price, while the
 * standard definition (Appel's MACD as computed by TA-Lib and StockCharts) seeds an N-period EMA
 * with the simple average of the first N prices. The two differ for many periods after the start.
 */
import { ATR, BollingerBands, RSI, SMA, VWAP } from 'trading-signals';

export interface Candle {
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export function rsi(closes: readonly number[], period = 14): number | null {
  const ind = new RSI(period);
  for (const c of closes) ind.add(c);
  return ind.isStable ? ind.getResult() : null;
}

export function sma(values: readonly number[], period = 20): number | null {
  const ind = new SMA(period);
  for (const v of values) ind.add(v);
  return ind.isStable ? ind.getResult() : null;
}

export function bollinger(
  closes: readonly number[],
  period = 20,
  deviations = 2,
): { upper: number; middle: number; lower: number } | null {
  const ind = new BollingerBands(period, deviations);
  for (const c of closes) ind.add(c);
  const r = ind.getResult();
  return r ? { upper: r.upper, middle: r.middle, lower: r.lower } : null;
}

export function atr(bars: readonly Candle[], period = 14): number | null {
  const ind = new ATR(period);
  for (const b of bars) ind.add({ high: b.high, low: b.low, close: b.close });
  return ind.isStable ? ind.getResult() : null;
}

/** VWAP of the given bars (typical price (H+L+C)/3 weighted by volume); null without volume. */
export function vwap(bars: readonly Candle[]): number | null {
  const ind = new VWAP();
  for (const b of bars) ind.add({ high: b.high, low: b.low, close: b.close, volume: b.volume });
  return ind.getResult();
}

/**
 * EMA series with the standard seed: the first value is the SMA of the first `period` inputs,
 * then EMA_t = α·x_t + (1 − α)·EMA_{t−1} with α = 2/(period + 1). Entry i of the result is the
 * EMA after input `period − 1 + i`.
 */
export function emaSeries(values: readonly number[], period: number): number[] {
  if (values.length < period) return [];
  const alpha = 2 / (period + 1);
  let seed = 0;
  for (let i = 0; i < period; i++) seed += values[i];
  let e = seed / period;
  const out = [e];
  for (let i = period; i < values.length; i++) {
    e = alpha * values[i] + (1 - alpha) * e;
    out.push(e);
  }
  return out;
}

export function ema(values: readonly number[], period = 20): number | null {
  const s = emaSeries(values, period);
  return s.length > 0 ? s[s.length - 1] : null;
}

/**
 * MACD (fast 12, slow 26, signal 9): MACD line = EMA_fast − EMA_slow (from the bar where the slow
 * EMA exists), signal = EMA_signal of the MACD line (SMA-seeded), histogram = MACD − signal.
 * Needs slow + signal − 1 closes (34 by default).
 */
export function macd(
  closes: readonly number[],
  fast = 12,
  slow = 26,
  signalPeriod = 9,
): { macd: number; signal: number; histogram: number } | null {
  const fastS = emaSeries(closes, fast);
  const slowS = emaSeries(closes, slow);
  if (slowS.length === 0) return null;
  const offset = slow - fast;
  const line = slowS.map((s, i) => fastS[i + offset] - s);
  const sig = emaSeries(line, signalPeriod);
  if (sig.length === 0) return null;
  const m = line[line.length - 1];
  const s = sig[sig.length - 1];
  return { macd: m, signal: s, histogram: m - s };
}
