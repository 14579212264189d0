/** Invariants over generated inputs (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  closeToCloseVol,
  parkinsonVol,
  yangZhangVol,
} from '../../../../src/analytics/metrics/historical-volatility.js';
import { ivRankAndPercentile } from '../../../../src/analytics/metrics/chain-metrics.js';
import { barsFromTicks, INTERVAL_MS } from '../../../../src/analytics/microstructure/bars.js';
import { liquidityScore } from '../../../../src/analytics/microstructure/liquidity.js';
import { orderBookImbalance } from '../../../../src/analytics/microstructure/order-book.js';
import { Vpin } from '../../../../src/analytics/microstructure/vpin.js';

const price = fc.double({ min: 1, max: 1_000, noNaN: true });
const T0 = Date.UTC(2026, 2, 2, 14, 30);
const ticks = fc
  .array(
    fc.record({
      dt: fc.integer({ min: 0, max: 120_000 }),
      price,
      size: fc.integer({ min: 0, max: 5_000 }),
    }),
    {
      minLength: 1,
      maxLength: 300,
    },
  )
  .map((xs) => {
    let at = T0;
    return xs.map((x) => ({ at: (at += x.dt), price: x.price, size: x.size }));
  });

const ohlc = fc
  .array(
    fc.tuple(
      price,
      fc.double({ min: 0, max: 0.1, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
    ),
    {
      minLength: 3,
      maxLength: 40,
    },
  )
  .map((xs) =>
    xs.map(([low, range, o, c]) => {
      const high = low * (1 + range);
      return { low, high, open: low + o * (high - low), close: low + c * (high - low) };
    }),
  );

describe('properties', () => {
  it('bars keep every tick: volumes add up, low ≤ open, close ≤ high, buckets aligned and increasing', () => {
    fc.assert(
      fc.property(
        ticks,
        fc.constantFrom('1m' as const, '5m' as const, '15m' as const),
        (ts, interval) => {
          const bars = barsFromTicks(ts, interval);
          expect(bars.reduce((s, b) => s + b.volume, 0)).toBe(ts.reduce((s, t) => s + t.size, 0));
          expect(bars.reduce((s, b) => s + b.trades, 0)).toBe(ts.length);
          for (let i = 0; i < bars.length; i++) {
            const b = bars[i];
            expect(b.low).toBeLessThanOrEqual(Math.min(b.open, b.close));
            expect(b.high).toBeGreaterThanOrEqual(Math.max(b.open, b.close));
            expect((b.start - T0) % INTERVAL_MS[interval]).toBe(0); // 09:30 NY is on every boundary
            if (i > 0) expect(b.start).toBeGreaterThan(bars[i - 1].start);
          }
        },
      ),
    );
  });

  it('VPIN stays in [0, 1] and counts buckets by volume', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(price, fc.integer({ min: 1, max: 10_000 })), {
          minLength: 2,
          maxLength: 200,
        }),
        fc.integer({ min: 50, max: 5_000 }),
        (bars, bucket) => {
          const v = new Vpin({ bucketVolume: bucket });
          for (const [p, vol] of bars) v.addBar(p, vol);
          const classified = bars.slice(1).reduce((s, [, vol]) => s + vol, 0);
          expect(v.buckets).toBe(Math.floor(classified / bucket + 1e-9));
          const r = v.value();
          if (r) {
            expect(r.value).toBeGreaterThanOrEqual(0);
            expect(r.value).toBeLessThanOrEqual(1 + 1e-12);
          }
        },
      ),
    );
  });

  it('order-book imbalance is in [−1, 1]; liquidity score in [0, 100] and monotone in spread', () => {
    const level = fc.record({ price, size: fc.integer({ min: 0, max: 10_000 }) });
    fc.assert(
      fc.property(
        fc.array(level, { maxLength: 10 }),
        fc.array(level, { maxLength: 10 }),
        (bids, asks) => {
          const x = orderBookImbalance({ bids, asks });
          if (x !== null) expect(Math.abs(x)).toBeLessThanOrEqual(1);
        },
      ),
    );
    fc.assert(
      fc.property(
        fc.double({ min: 1e-4, max: 2, noNaN: true }),
        fc.double({ min: 1e-4, max: 2, noNaN: true }),
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        (s1, s2, depth) => {
          const a = liquidityScore({ relativeSpread: Math.min(s1, s2), depth });
          const b = liquidityScore({ relativeSpread: Math.max(s1, s2), depth });
          expect(a.score).toBeGreaterThanOrEqual(b.score);
          expect(a.score).toBeLessThanOrEqual(100);
          expect(b.score).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });

  it('realised vol is non-negative and does not depend on the price level', () => {
    fc.assert(
      fc.property(ohlc, fc.double({ min: 0.01, max: 100, noNaN: true }), (bars, k) => {
        const scaled = bars.map((b) => ({
          open: b.open * k,
          high: b.high * k,
          low: b.low * k,
          close: b.close * k,
        }));
        const pairs: [number | null, number | null][] = [
          [closeToCloseVol(bars.map((b) => b.close)), closeToCloseVol(scaled.map((b) => b.close))],
          [parkinsonVol(bars), parkinsonVol(scaled)],
          [yangZhangVol(bars), yangZhangVol(scaled)],
        ];
        for (const [a, b] of pairs) {
          expect(a).not.toBeNull();
          expect(a as number).toBeGreaterThanOrEqual(0);
          expect(b as number).toBeCloseTo(a as number, 8);
        }
      }),
    );
  });

  it('IV rank and percentile stay in [0, 100]', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 3, noNaN: true }), { minLength: 20, maxLength: 300 }),
        fc.double({ min: 0.001, max: 5, noNaN: true }),
        (history, iv) => {
          const r = ivRankAndPercentile(iv, history);
          for (const v of [r.rank, r.percentile]) {
            if (v === null) continue;
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(100);
          }
        },
      ),
    );
  });
});
