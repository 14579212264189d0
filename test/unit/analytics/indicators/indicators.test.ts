/**
 * The indicators must match the standard definitions. Reference values are computed here
 * independently of `trading-signals`, and RSI is checked against the published worked example.
 */
import { EMA } from 'trading-signals';
import { describe, expect, it } from 'vitest';
import {
  atr,
  bollinger,
  ema,
  emaSeries,
  macd,
  rsi,
  sma,
  vwap,
  type Candle,
} from '../../../../src/analytics/indicators/indicators.js';
import { supportResistance } from '../../../../src/analytics/indicators/support-resistance.js';

// The 14-day RSI worked example (StockCharts "RSI" ChartSchool table, Wilder's method).
// Closes as printed in the example's spreadsheet (four decimals).
const closes = [
  44.3389, 44.0902, 44.1497, 43.6124, 44.2778, 44.8312, 45.0849, 45.4175, 45.8433, 46.0826, 45.8931,
  46.0328, 45.614, 46.282, 46.282, 46.0028, 46.0328, 46.4116, 46.2222, 45.6439, 46.2122, 46.2521,
  45.7137, 46.4515, 45.7835, 45.3548, 44.0288, 44.1783, 44.2181, 44.5672, 43.4205, 42.6628, 43.1314,
];
const publishedRsi = [
  70.53, 66.32, 66.55, 69.41, 66.36, 57.97, 62.93, 63.26, 56.06, 62.38, 54.71, 50.42, 39.99, 41.46,
  41.87, 45.46, 37.3, 33.08, 37.77,
];

/** Wilder: first averages are simple means of 14 gains/losses, then avg = (prev·13 + x)/14. */
function wilderRsi(xs: number[], n = 14): number[] {
  const out: number[] = [];
  let gain = 0;
  let loss = 0;
  for (let i = 1; i < xs.length; i++) {
    const d = xs[i] - xs[i - 1];
    const g = Math.max(d, 0);
    const l = Math.max(-d, 0);
    if (i <= n) {
      gain += g / n;
      loss += l / n;
      if (i < n) continue;
    } else {
      gain = (gain * (n - 1) + g) / n;
      loss = (loss * (n - 1) + l) / n;
    }
    out.push(loss === 0 ? 100 : 100 - 100 / (1 + gain / loss));
  }
  return out;
}

describe('RSI (Wilder)', () => {
  it('the reference implementation reproduces the published table to 2 decimals', () => {
    const ref = wilderRsi(closes);
    expect(ref).toHaveLength(publishedRsi.length);
    ref.forEach((v, i) => expect(Math.abs(v - publishedRsi[i])).toBeLessThanOrEqual(0.005));
  });
  it('trading-signals RSI equals the reference at every point', () => {
    const ref = wilderRsi(closes);
    for (let end = 15; end <= closes.length; end++) {
      expect(rsi(closes.slice(0, end))).toBeCloseTo(ref[end - 15], 10);
    }
    expect(rsi(closes.slice(0, 14))).toBeNull();
  });
});

describe('SMA, EMA and MACD', () => {
  it('SMA is the mean of the last N', () => {
    expect(sma(closes, 20)).toBeCloseTo(closes.slice(-20).reduce((a, b) => a + b, 0) / 20, 12);
    expect(sma(closes.slice(0, 19), 20)).toBeNull();
  });

  it('EMA seeds with the SMA of the first N and then uses α = 2/(N+1)', () => {
    // Hand-computed: N = 3 over 1..6 → seed (1+2+3)/3 = 2; then 0.5·4 + 0.5·2 = 3; 4; 5.
    expect(emaSeries([1, 2, 3, 4, 5, 6], 3)).toEqual([2, 3, 4, 5]);
    expect(ema([1, 2], 3)).toBeNull();
  });

  it('trading-signals EMA seeds with the first price instead (why EMA/MACD are computed here)', () => {
    const lib = new EMA(3);
    for (const x of [1, 2, 3]) lib.add(x);
    // 1 → 0.5·2 + 0.5·1 = 1.5 → 0.5·3 + 0.5·1.5 = 2.25, not the SMA seed 2.
    expect(lib.getResult()).toBeCloseTo(2.25, 14);
  });

  it('MACD(12, 26, 9) equals an independent computation', () => {
    const xs = Array.from({ length: 60 }, (_, i) => 100 + 10 * Math.sin(i / 5) + i * 0.1);
    const seeded = (v: number[], n: number): number[] => {
      const a = 2 / (n + 1);
      const out: (number | undefined)[] = v.map(() => undefined);
      let e = v.slice(0, n).reduce((s, x) => s + x, 0) / n;
      out[n - 1] = e;
      for (let i = n; i < v.length; i++) out[i] = e = a * v[i] + (1 - a) * e;
      return out as number[];
    };
    const fast = seeded(xs, 12);
    const slow = seeded(xs, 26);
    const line = xs.map((_, i) => (i >= 25 ? fast[i] - slow[i] : NaN)).slice(25);
    const signal = seeded(line, 9);
    const m = line[line.length - 1];
    const s = signal[signal.length - 1];
    const r = macd(xs);
    expect(r?.macd).toBeCloseTo(m, 10);
    expect(r?.signal).toBeCloseTo(s, 10);
    expect(r?.histogram).toBeCloseTo(m - s, 10);
    expect(macd(xs.slice(0, 33))).toBeNull();
    expect(macd(xs.slice(0, 34))).not.toBeNull();
  });
});

describe('Bollinger, ATR, VWAP', () => {
  it('Bollinger(20, 2) uses the population standard deviation', () => {
    const last = closes.slice(-20);
    const mean = last.reduce((a, b) => a + b, 0) / 20;
    const sd = Math.sqrt(last.reduce((a, b) => a + (b - mean) ** 2, 0) / 20);
    const b = bollinger(closes);
    expect(b?.middle).toBeCloseTo(mean, 12);
    expect(b?.upper).toBeCloseTo(mean + 2 * sd, 12);
    expect(b?.lower).toBeCloseTo(mean - 2 * sd, 12);
  });

  const candles: Candle[] = closes.map((c, i) => ({
    open: i === 0 ? c : closes[i - 1],
    high: Math.max(c, i === 0 ? c : closes[i - 1]) + 0.3 + (i % 3) * 0.1,
    low: Math.min(c, i === 0 ? c : closes[i - 1]) - 0.2 - (i % 2) * 0.15,
    close: c,
    volume: 1_000 + i * 10,
  }));

  it('ATR(14) is Wilder-smoothed true range seeded with the simple mean', () => {
    const tr = candles.map((b, i) =>
      i === 0
        ? b.high - b.low
        : Math.max(
            b.high - b.low,
            Math.abs(b.high - candles[i - 1].close),
            Math.abs(b.low - candles[i - 1].close),
          ),
    );
    let a = tr.slice(0, 14).reduce((s, x) => s + x, 0) / 14;
    for (let i = 14; i < tr.length; i++) a = (a * 13 + tr[i]) / 14;
    expect(atr(candles)).toBeCloseTo(a, 10);
    expect(atr(candles.slice(0, 13))).toBeNull();
  });

  it('VWAP weights the typical price by volume', () => {
    const bars: Candle[] = [
      { open: 10, high: 12, low: 9, close: 11, volume: 100 },
      { open: 11, high: 13, low: 10, close: 12, volume: 300 },
    ];
    // typical prices 32/3 and 35/3
    expect(vwap(bars)).toBeCloseTo(((32 / 3) * 100 + (35 / 3) * 300) / 400, 12);
    expect(vwap([])).toBeNull();
  });
});

describe('support and resistance', () => {
  it('finds swing pivots below and above the last close', () => {
    // A range between ~95 and ~105 touched repeatedly, last close 100.
    const path = [
      100, 102, 104, 105, 104, 102, 100, 98, 96, 95, 96, 98, 100, 102, 104, 105, 104, 102, 100, 98,
      96, 95, 96, 98, 100,
    ];
    const bars: Candle[] = path.map((c) => ({
      open: c,
      high: c + 0.1,
      low: c - 0.1,
      close: c,
      volume: 1_000,
    }));
    const sr = supportResistance(bars, { pivotSpan: 2, clusterPct: 0.003 });
    expect(sr.support.some((p) => Math.abs(p - 94.9) < 0.05)).toBe(true);
    expect(sr.resistance.some((p) => Math.abs(p - 105.1) < 0.05)).toBe(true);
    expect(sr.support.every((p) => p < 100)).toBe(true);
    expect(sr.resistance.every((p) => p > 100)).toBe(true);
  });
  it('returns nothing with too few bars', () => {
    expect(supportResistance([])).toEqual({ support: [], resistance: [] });
  });
});
