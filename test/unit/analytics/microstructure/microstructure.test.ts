import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  BarBuilder,
  barsFromTicks,
  bucketStart,
} from '../../../../src/analytics/microstructure/bars.js';
import {
  gradeFromScore,
  liquidityScore,
} from '../../../../src/analytics/microstructure/liquidity.js';
import { normCdf as normalCdf } from '../../../../src/analytics/math/normal.js';
import {
  bookDepth,
  bookRelativeSpread,
  orderBookImbalance,
} from '../../../../src/analytics/microstructure/order-book.js';
import { Vpin } from '../../../../src/analytics/microstructure/vpin.js';

const ny = (iso: string): number => DateTime.fromISO(iso, { zone: 'America/New_York' }).toMillis();

describe('OHLCV bars', () => {
  it('buckets on New York boundaries in winter and summer time', () => {
    expect(bucketStart(ny('2026-01-05T09:37:12'), '5m')).toBe(ny('2026-01-05T09:35:00'));
    expect(bucketStart(ny('2026-07-06T09:37:12'), '15m')).toBe(ny('2026-07-06T09:30:00'));
    expect(bucketStart(ny('2026-03-09T10:59:59.999'), '1m')).toBe(ny('2026-03-09T10:59:00'));
  });

  it('aggregates ticks into OHLCV', () => {
    const t0 = ny('2026-03-02T09:30:00');
    const ticks = [
      { at: t0 + 1_000, price: 100, size: 10 },
      { at: t0 + 20_000, price: 101, size: 5 },
      { at: t0 + 50_000, price: 99.5, size: 7 },
      { at: t0 + 59_999, price: 100.25, size: 3 },
      { at: t0 + 61_000, price: 100.5, size: 1 },
    ];
    const bars = barsFromTicks(ticks, '1m');
    expect(bars).toHaveLength(2);
    expect(bars[0]).toMatchObject({
      start: t0,
      open: 100,
      high: 101,
      low: 99.5,
      close: 100.25,
      volume: 25,
      trades: 4,
    });
    expect(bars[1]).toMatchObject({ start: t0 + 60_000, open: 100.5, close: 100.5, volume: 1 });
    const five = barsFromTicks(ticks, '5m');
    expect(five).toHaveLength(1);
    expect(five[0]).toMatchObject({ open: 100, high: 101, low: 99.5, close: 100.5, volume: 26 });
  });

  it('rejects ticks older than the open bar and bad prices', () => {
    const t0 = ny('2026-03-02T09:30:00');
    const b = new BarBuilder('1m');
    expect(b.add({ at: t0 + 61_000, price: 100, size: 1 })).toBe(true);
    expect(b.add({ at: t0 + 1_000, price: 100, size: 1 })).toBe(false);
    expect(b.add({ at: t0 + 62_000, price: -1, size: 1 })).toBe(false);
    expect(b.bars()).toHaveLength(1);
  });
});

describe('liquidity score', () => {
  it('scores spread and depth on log scales and grades by the table', () => {
    const best = liquidityScore({ relativeSpread: 0.005, depth: 10_000 });
    expect(best.score).toBe(100);
    expect(best.grade).toBe('A');
    const worst = liquidityScore({ relativeSpread: 0.5, depth: 5 });
    expect(worst.score).toBe(0);
    expect(worst.grade).toBe('F');
    // Geometric midpoints: spread √(0.01·0.3), depth √(5000·10) → 50 each → score 50 → C.
    const mid = liquidityScore({ relativeSpread: Math.sqrt(0.003), depth: Math.sqrt(50_000) });
    expect(mid.spreadScore).toBeCloseTo(50, 10);
    expect(mid.depthScore).toBeCloseTo(50, 10);
    expect(mid.grade).toBe('C');
  });
  it('grades at the documented bounds', () => {
    expect([80, 79.99, 65, 50, 35, 34.99].map((s) => gradeFromScore(s))).toEqual([
      'A',
      'B',
      'B',
      'C',
      'D',
      'F',
    ]);
  });
});

describe('order book', () => {
  const book = {
    bids: [
      { price: 99.99, size: 300 },
      { price: 99.98, size: 200 },
      { price: 99.9, size: 1_000 },
    ],
    asks: [
      { price: 100.01, size: 100 },
      { price: 100.02, size: 100 },
    ],
  };
  it('imbalance over the top N levels', () => {
    expect(orderBookImbalance(book, 2)).toBeCloseTo((500 - 200) / 700, 14);
    expect(orderBookImbalance(book, 5)).toBeCloseTo((1500 - 200) / 1700, 14);
    expect(orderBookImbalance({ bids: [], asks: [] })).toBeNull();
  });
  it('depth and relative spread', () => {
    expect(bookDepth(book, 1)).toBe(400);
    expect(bookRelativeSpread(book)).toBeCloseTo(0.02 / 100, 12);
  });
});

describe('normal CDF', () => {
  it('matches erf-based values', () => {
    expect(normalCdf(1)).toBeCloseTo(0.8413447460685429, 14);
    expect(normalCdf(-1.96)).toBeCloseTo(0.024997895148220428, 14);
    expect(normalCdf(0.5)).toBeCloseTo(0.6914624612740131, 14);
    expect(normalCdf(-5) / 2.866515718791946e-7).toBeCloseTo(1, 10);
    expect(normalCdf(0)).toBe(0.5);
  });
});

describe('VPIN', () => {
  it('classifies bulk volume with Φ(ΔP/σ) and averages bucket imbalances', () => {
    const v = new Vpin({ bucketVolume: 100 });
    v.addBar(100, 50); // reference price only
    v.addBar(101, 100); // one change: no σ yet → 50/50 → imbalance 0
    v.addBar(100, 100); // ΔP −1, σ of [1, −1] = √2 → buy share Φ(−1/√2)
    v.addBar(102, 150); // ΔP +2, σ of [1, −1, 2]; 100 fills a bucket, 50 spill over
    v.addBar(101, 50); // ΔP −1, σ of [1, −1, 2, −1] = 1.5
    const f2 = 0.23975006109347674;
    const f3 = 0.9047848680872379;
    const f4 = 0.2524925375469229;
    const buy4 = 50 * f3 + 50 * f4;
    const expected =
      (0 + Math.abs(200 * f2 - 100) + Math.abs(200 * f3 - 100) + Math.abs(2 * buy4 - 100)) / 400;
    expect(expected).toBeCloseTo(0.37183675490542073, 12);
    const r = v.value();
    expect(r?.buckets).toBe(4);
    expect(r?.value).toBeCloseTo(expected, 12);
    expect(r?.confident).toBe(false);
  });

  it('keeps a 50-bucket window and is confident after more than 30 buckets', () => {
    const v = new Vpin({ bucketVolume: 10 });
    expect(v.value()).toBeNull();
    v.addBar(100, 10);
    let price = 100;
    for (let i = 0; i < 30; i++) v.addBar((price += i % 2 ? 1 : -1), 10);
    expect(v.value()?.buckets).toBe(30);
    expect(v.value()?.confident).toBe(false);
    v.addBar((price += 1), 10);
    expect(v.value()?.confident).toBe(true);
    for (let i = 0; i < 40; i++) v.addBar((price += i % 3 ? 0.5 : -1), 10);
    const r = v.value();
    expect(r?.buckets).toBe(71);
    expect(r?.value).toBeGreaterThanOrEqual(0);
    expect(r?.value).toBeLessThanOrEqual(1);
  });

  it('a one-sided tape is fully toxic', () => {
    const v = new Vpin({ bucketVolume: 100 });
    v.addBar(100, 1);
    // Constant rises: σ = 0 → all volume classified as buys, except the first change, which has
    // no σ yet and splits 50/50: 9 buckets of imbalance 1 and one of 0.
    for (let i = 1; i <= 10; i++) v.addBar(100 + i, 100);
    expect(v.value()?.value).toBeCloseTo(0.9, 12);
  });
});
