import { describe, expect, it } from 'vitest';
import type { ContractAnalytics } from '../../../../src/analytics/analytics-snapshot.js';
import {
  atmIv,
  constantMaturityIv,
  expectedMove,
  ivAtDelta,
  ivRankAndPercentile,
  netGreeks,
  putCallRatios,
  skew25,
  termStructure,
} from '../../../../src/analytics/metrics/chain-metrics.js';
import { chainMetricsSection } from '../../../../src/analytics/engine/sections/chain-metrics-section.js';

function contract(
  p: Partial<ContractAnalytics> & Pick<ContractAnalytics, 'strike' | 'right'>,
): ContractAnalytics {
  const expiry = p.expiry ?? '2026-03-20';
  return {
    occSymbol: `X${expiry}${p.right[0]}${p.strike}`,
    root: 'X',
    expiry,
    expiresAt: 0,
    bid: 1,
    ask: 1.2,
    mid: 1.1,
    volume: 0,
    openInterest: 0,
    t: 30 / 365,
    iv: null,
    delta: null,
    gamma: null,
    theta: null,
    vega: null,
    ...p,
  };
}

describe('put/call ratios', () => {
  it('divides put by call volume and open interest', () => {
    const r = putCallRatios([
      contract({ strike: 100, right: 'call', volume: 200, openInterest: 1000 }),
      contract({ strike: 100, right: 'put', volume: 300, openInterest: 500 }),
      contract({ strike: 105, right: 'put', volume: 100, openInterest: 250 }),
    ]);
    expect(r.volume).toBe(2);
    expect(r.openInterest).toBe(0.75);
  });
  it('is null without call volume or OI', () => {
    const r = putCallRatios([contract({ strike: 100, right: 'put', volume: 5, openInterest: 5 })]);
    expect(r).toEqual({ volume: null, openInterest: null });
  });
});

describe('net Greeks', () => {
  it('sums greek × OI × 100 by expiry and in total, skipping missing Greeks', () => {
    const g = netGreeks([
      contract({
        strike: 100,
        right: 'call',
        openInterest: 10,
        delta: 0.5,
        gamma: 0.02,
        theta: -0.05,
        vega: 0.1,
      }),
      contract({
        strike: 100,
        right: 'put',
        openInterest: 20,
        delta: -0.5,
        gamma: 0.02,
        theta: -0.04,
        vega: 0.1,
      }),
      contract({
        strike: 100,
        right: 'call',
        expiry: '2026-04-17',
        openInterest: 5,
        delta: 0.6,
        gamma: null,
        theta: null,
        vega: null,
      }),
    ]);
    expect(g.total.delta).toBeCloseTo(10 * 100 * 0.5 - 20 * 100 * 0.5 + 5 * 100 * 0.6, 10);
    expect(g.total.gamma).toBeCloseTo(30 * 100 * 0.02, 10);
    expect(g.total.theta).toBeCloseTo(-50 - 80, 10);
    expect(g.byExpiry['2026-03-20'].delta).toBeCloseTo(-500, 10);
    expect(g.byExpiry['2026-04-17']).toEqual({ delta: 300, gamma: 0, theta: 0, vega: 0 });
  });
});

describe('expected move', () => {
  it('is the ATM straddle of the nearest expiry (strike closest to spot, ties lower)', () => {
    const near = '2026-03-06';
    const rows = [
      contract({
        strike: 100,
        right: 'call',
        expiry: near,
        t: 5 / 365,
        bid: 2,
        ask: 2.2,
        mid: 2.1,
      }),
      contract({ strike: 100, right: 'put', expiry: near, t: 5 / 365, bid: 1.8, ask: 2, mid: 1.9 }),
      contract({
        strike: 105,
        right: 'call',
        expiry: near,
        t: 5 / 365,
        bid: 0.5,
        ask: 0.6,
        mid: 0.55,
      }),
      contract({ strike: 105, right: 'put', expiry: near, t: 5 / 365, bid: 4.9, ask: 5.1, mid: 5 }),
      contract({ strike: 100, right: 'call', t: 30 / 365, bid: 5, ask: 5.2, mid: 5.1 }),
      contract({ strike: 100, right: 'put', t: 30 / 365, bid: 5, ask: 5.2, mid: 5.1 }),
    ];
    expect(expectedMove(rows, 102.5)).toEqual({ expiry: near, dollars: 4, pct: 4 / 102.5 });
    const later = expectedMove(rows, 101, 7);
    expect(later?.expiry).toBe('2026-03-20');
    expect(later?.dollars).toBeCloseTo(10.2, 12);
  });
  it("reads the next expiry in the snapshot once today's is within minutes of settling", () => {
    const settling = 5 / (365 * 24 * 60); // five minutes before the close
    const rows = [
      contract({ strike: 100, right: 'call', expiry: '2026-03-10', t: settling, mid: 0.02 }),
      contract({ strike: 100, right: 'put', expiry: '2026-03-10', t: settling, mid: 0.03 }),
      contract({ strike: 100, right: 'call', expiry: '2026-03-11', t: 1 / 365, mid: 0.9 }),
      contract({ strike: 100, right: 'put', expiry: '2026-03-11', t: 1 / 365, mid: 0.8 }),
    ];
    expect(expectedMove(rows, 100)?.expiry).toBe('2026-03-10');
    const section = chainMetricsSection(rows, 100);
    expect(section.expectedMove?.expiry).toBe('2026-03-11');
    expect(section.expectedMove?.dollars).toBeCloseTo(1.7, 12);
  });
  it('skips unquoted strikes and returns null without a two-sided straddle', () => {
    const rows = [
      contract({ strike: 100, right: 'call', bid: 0, ask: 0, mid: 0 }),
      contract({ strike: 100, right: 'put' }),
    ];
    expect(expectedMove(rows, 100)).toBeNull();
  });
});

describe('ATM IV and term structure', () => {
  it('interpolates the call/put mean IV linearly in strike at spot', () => {
    const rows = [
      contract({ strike: 100, right: 'call', iv: 0.2 }),
      contract({ strike: 100, right: 'put', iv: 0.22 }),
      contract({ strike: 110, right: 'call', iv: 0.18 }),
      contract({ strike: 110, right: 'put', iv: 0.2 }),
    ];
    // 0.21 at 100, 0.19 at 110 → 0.205 at 102.5
    expect(atmIv(rows, 102.5)).toBeCloseTo(0.205, 14);
    expect(atmIv(rows, 90)).toBeCloseTo(0.21, 14);
  });
  it('lists ATM IV per expiry nearest first with calendar days', () => {
    const rows = [
      contract({ strike: 100, right: 'call', iv: 0.3, expiry: '2026-04-17', t: 60 / 365 }),
      contract({ strike: 100, right: 'call', iv: 0.25, expiry: '2026-03-20', t: 30 / 365 }),
    ];
    const ts = termStructure(rows, 100);
    expect(ts.map((p) => p.expiry)).toEqual(['2026-03-20', '2026-04-17']);
    expect(ts[0].days).toBeCloseTo(30, 12);
    expect(ts[1].atmIv).toBe(0.3);
  });
});

describe('25-delta skew', () => {
  const rows = [
    contract({ strike: 90, right: 'put', delta: -0.15, iv: 0.3 }),
    contract({ strike: 95, right: 'put', delta: -0.35, iv: 0.26 }),
    contract({ strike: 100, right: 'put', delta: -0.5, iv: 0.22 }),
    contract({ strike: 100, right: 'call', delta: 0.5, iv: 0.2 }),
    contract({ strike: 105, right: 'call', delta: 0.3, iv: 0.18 }),
    contract({ strike: 110, right: 'call', delta: 0.2, iv: 0.17 }),
  ];
  it('interpolates IV linearly in delta', () => {
    expect(ivAtDelta(rows, 'call', 0.25)).toBeCloseTo(0.175, 14);
    expect(ivAtDelta(rows, 'put', -0.25)).toBeCloseTo(0.28, 14);
    expect(ivAtDelta(rows, 'call', 0.9)).toBeNull();
  });
  it('gives the risk reversal and butterfly against ATM IV', () => {
    const s = skew25(rows, 100);
    // ATM IV at 100 = (0.22 + 0.2)/2 = 0.21; RR = 0.175 − 0.28; BF = (0.175 + 0.28)/2 − 0.21
    expect(s?.riskReversal25).toBeCloseTo(-0.105, 14);
    expect(s?.butterfly25).toBeCloseTo(0.0175, 14);
    expect(s?.expiry).toBe('2026-03-20');
  });
});

describe('IV rank and percentile', () => {
  const history = Array.from({ length: 252 }, (_, i) => 0.1 + (i / 251) * 0.3); // 0.10 … 0.40
  it('rank = (iv − min)/(max − min), percentile = share of days below', () => {
    const r = ivRankAndPercentile(0.25, history);
    expect(r.rank).toBeCloseTo(50, 10);
    const below = history.filter((v) => v < 0.25).length;
    expect(r.percentile).toBeCloseTo((below / 252) * 100, 12);
  });
  it('clamps the rank to 0–100 and needs enough history', () => {
    expect(ivRankAndPercentile(0.5, history).rank).toBe(100);
    expect(ivRankAndPercentile(0.05, history).percentile).toBe(0);
    expect(ivRankAndPercentile(0.2, history.slice(0, 10))).toEqual({
      rank: null,
      percentile: null,
    });
    expect(ivRankAndPercentile(null, history)).toEqual({ rank: null, percentile: null });
  });
});

describe('constant-maturity ATM IV', () => {
  it('interpolates total variance in days and extrapolates flat', () => {
    const term = [
      { days: 10, atmIv: 0.2 },
      { days: 50, atmIv: 0.3 },
    ];
    // w(10) = 0.04·10 = 0.4, w(50) = 0.09·50 = 4.5 → w(30) = 2.45 → σ = √(2.45/30)
    expect(constantMaturityIv(term, 30)).toBeCloseTo(Math.sqrt(2.45 / 30), 14);
    expect(constantMaturityIv(term, 5)).toBe(0.2);
    expect(constantMaturityIv(term, 90)).toBe(0.3);
    expect(constantMaturityIv([], 30)).toBeNull();
  });
});
