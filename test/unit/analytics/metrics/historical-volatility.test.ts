import { describe, expect, it } from 'vitest';
import {
  closeToCloseVol,
  parkinsonVol,
  yangZhangVol,
} from '../../../../src/analytics/metrics/historical-volatility.js';

describe('historical volatility', () => {
  it('close-to-close: alternating ±x log returns have sample variance 4x²/3 over 4 returns', () => {
    const x = 0.01;
    const closes = [100, 100 * Math.exp(x), 100, 100 * Math.exp(x), 100];
    const expected = Math.sqrt(((4 * x * x) / 3) * 252);
    expect(closeToCloseVol(closes)).toBeCloseTo(expected, 14);
  });

  it('close-to-close matches a hand-computed value', () => {
    // r = ln(101/100), ln(99/101), ln(102/99), ln(103/102); sample variance × 252, square root.
    expect(closeToCloseVol([100, 101, 99, 102, 103])).toBeCloseTo(0.3262314251417765, 13);
  });

  it('Parkinson: one bar with ln(H/L) = 0.02 gives sqrt(0.02² / (4 ln 2) × 252)', () => {
    const bar = { open: 100, high: 100 * Math.exp(0.02), low: 100, close: 100 };
    expect(parkinsonVol([bar])).toBeCloseTo(Math.sqrt((0.0004 / (4 * Math.LN2)) * 252), 14);
  });

  const bars = [
    { open: 100, high: 102, low: 99, close: 101 },
    { open: 101, high: 103, low: 100, close: 102 },
    { open: 102, high: 102.5, low: 98, close: 99 },
    { open: 99, high: 101, low: 97, close: 100.5 },
  ];

  it('Parkinson matches a hand-computed value', () => {
    expect(parkinsonVol(bars)).toBeCloseTo(0.35072306041532, 13);
  });

  it('Yang–Zhang matches a hand-computed value (n = 3, k = 0.34/(1.34 + 2))', () => {
    expect(yangZhangVol(bars)).toBeCloseTo(0.38769097503670696, 13);
  });

  it('Yang–Zhang of gap-free bars that open at the low and close at the high', () => {
    // No overnight gaps (σ_o = 0); every day rises by the same g, so var(c) = 0, and
    // Rogers–Satchell: ln(H/C)=0, ln(L/C)·ln(L/O) = (−g)·0 = 0 → σ = 0.
    const g = 0.01;
    const flat: { open: number; high: number; low: number; close: number }[] = [];
    let prevClose = 100;
    for (let i = 0; i < 4; i++) {
      const open = prevClose;
      const close = open * Math.exp(g);
      flat.push({ open, low: open, high: close, close });
      prevClose = close;
    }
    expect(yangZhangVol(flat)).toBeCloseTo(0, 12);
  });

  it('returns null with too little data or non-positive prices', () => {
    expect(closeToCloseVol([100, 101])).toBeNull();
    expect(closeToCloseVol([100, 0, 101])).toBeNull();
    expect(parkinsonVol([])).toBeNull();
    expect(yangZhangVol(bars.slice(0, 2))).toBeNull();
    expect(parkinsonVol([{ open: 1, high: 1, low: 2, close: 1 }])).toBeNull();
  });

  it('annualises with the given periods per year', () => {
    const closes = [100, 101, 99, 102, 103];
    const daily = closeToCloseVol(closes, 1) as number;
    expect(closeToCloseVol(closes, 365)).toBeCloseTo(daily * Math.sqrt(365), 14);
  });
});
