import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../src/common/clock.js';
import { analyzeChain } from '../../../../src/analytics/chain-analysis/index.js';
import { AnalyticsEngine } from '../../../../src/analytics/engine/analytics-engine.js';
import { maxPainBias } from '../../../../src/analytics/engine/sections/exposures-section.js';
import { type DailySummary } from '../../../../src/analytics/engine/engine-types.js';
import type { Tick } from '../../../../src/analytics/microstructure/bars.js';
import { smileVol, syntheticChain } from '../synthetic-chain.js';

const ny = (iso: string): number => DateTime.fromISO(iso, { zone: 'America/New_York' }).toMillis();

function history(days: number, symbol = 'SPY'): DailySummary[] {
  const out: DailySummary[] = [];
  let d = DateTime.fromISO('2026-03-01', { zone: 'America/New_York' }).minus({ days: days * 1.5 });
  let close = 480;
  for (let i = 0; i < days; i++) {
    d = d.plus({ days: 1 });
    if (d.weekday > 5) d = d.plus({ days: 8 - d.weekday });
    close *= 1 + 0.01 * Math.sin(i);
    out.push({
      symbol,
      date: d.toISODate() as string,
      atmIv: 0.15 + 0.1 * (i / days),
      open: close * 0.998,
      high: close * 1.006,
      low: close * 0.994,
      close,
      realizedVol: 0.14,
      netGex: 1e9,
      optionsVolume: 10_000 + i,
      forecast: { ewma: 0.02, mse: 0.0001, observations: i + 1 },
      snapshotId: `h${i}`,
      asOf: d.toMillis(),
    });
  }
  return out;
}

describe('AnalyticsEngine', () => {
  it('turns a chain into a snapshot with our IV and Greeks and the chain-analysis exposures', () => {
    const clock = new FakeClock(Date.UTC(2026, 2, 2, 15, 0, 1));
    const engine = new AnalyticsEngine(clock);
    const chain = syntheticChain();
    const { snapshot: s, daily } = engine.ingest(chain);
    expect(s.symbol).toBe('SPY');
    expect(s.asOf).toBe(Date.UTC(2026, 2, 2, 15));
    expect(s.computedAt).toBe(clock.now());
    expect(s.contracts).toHaveLength(4 * 21 * 2);
    expect(s.expiredDropped).toBe(0);
    const atmCall = s.contracts.find(
      (c) => c.expiry === '2026-03-20' && c.strike === 500 && c.right === 'call',
    );
    expect(atmCall?.iv).toBeCloseTo(smileVol(500, 500), 8);
    expect(atmCall?.delta).toBeGreaterThan(0.45);

    const a = analyzeChain(chain);
    expect(s.gex.total).toBe(a.gex.total);
    expect(s.gex.zeroDte).toBe(a.zeroDteGex);
    expect(s.gex.callWalls).toEqual(a.callWalls);
    expect(s.maxPain).toEqual(a.maxPain);
    expect(s.dex.total).toBe(a.dex.total);

    expect(s.termStructure.map((p) => p.expiry)).toEqual([
      '2026-03-02',
      '2026-03-06',
      '2026-03-20',
      '2026-04-17',
    ]);
    expect(s.atmIv).toBeCloseTo(0.2, 6);
    expect(s.expectedMove?.expiry).toBe('2026-03-02');
    expect(s.putCallRatio.openInterest).toBeCloseTo(1, 10);
    const byExpiry = s.netGreeksByExpiry ?? {};
    expect(Object.keys(byExpiry).sort()).toEqual([
      '2026-03-02',
      '2026-03-06',
      '2026-03-20',
      '2026-04-17',
    ]);
    const summed = Object.values(byExpiry).reduce((a, g) => a + g.delta, 0);
    expect(summed).toBeCloseTo(s.netGreeks.delta, 6);
    expect(s.skew?.riskReversal25).toBeLessThan(0);
    expect(s.liquidity.grade).toMatch(/[A-F]/);
    expect(s.maxPainBias?.expiry).toBe('2026-03-02');

    // Nothing to support these yet: null, never invented.
    expect(s.ivRank).toBeNull();
    expect(s.realizedVol).toEqual({ closeToClose: null, parkinson: null, yangZhang: null });
    expect(s.vpin).toBeNull();
    expect(s.orderBookImbalance).toBeNull();
    expect(s.flow).toBeNull();
    expect(s.volForecast).toBeNull();
    expect(s.indicators.rsi14).toBeNull();
    expect(s.indicators.vwap).toBeNull();
    expect(s.momentum.return1m).toBeNull();
    expect(s.regime.confidence).toBe(0);
    expect(s.anomalies).toEqual([]);

    expect(daily).toMatchObject({
      symbol: 'SPY',
      date: '2026-03-02',
      open: 500,
      close: 500,
      netGex: a.gex.total,
    });
    expect(daily?.atmIv).toBeCloseTo(0.2, 6);
  });

  it('uses daily history for IV rank, realised vol and the vol forecast', () => {
    const engine = new AnalyticsEngine(new FakeClock());
    const rows = history(60);
    engine.setHistory('SPY', rows);
    const { snapshot: s, daily } = engine.ingest(syntheticChain());
    expect(s.ivRank).not.toBeNull();
    expect(s.ivPercentile).not.toBeNull();
    expect(s.realizedVol.closeToClose).toBeGreaterThan(0);
    expect(s.realizedVol.parkinson).toBeGreaterThan(0);
    expect(s.realizedVol.yangZhang).toBeGreaterThan(0);
    const rv = s.realizedVol.closeToClose as number;
    expect(s.volForecast?.impliedMinusRealised).toBeCloseTo((s.atmIv as number) - rv, 12);
    expect(s.volForecast?.ewma).toBeCloseTo(0.94 * 0.02 + 0.06 * ((s.atmIv as number) - rv), 12);
    expect(daily?.forecast.observations).toBe(61);
    expect(engine.history('SPY')).toHaveLength(61);
  });

  it('raises gex_shift when |net GEX| moves more than 20 % within 5 minutes', () => {
    const engine = new AnalyticsEngine(new FakeClock());
    expect(engine.ingest(syntheticChain()).snapshot.anomalies).toEqual([]);
    const later = syntheticChain({ asOf: '2026-03-02T15:02:00Z', oiScale: 1.5 });
    const flags = engine.ingest(later).snapshot.anomalies;
    expect(flags.map((f) => f.kind)).toContain('gex_shift');
    expect(flags.find((f) => f.kind === 'gex_shift')?.context.changePct).toBeCloseTo(50, 0);
  });

  it('flags vendor Greeks that disagree with ours and impossible ones', () => {
    const engine = new AnalyticsEngine(new FakeClock());
    const chain = syntheticChain();
    chain.contracts[10].delta = (chain.contracts[10].delta ?? 0) + 0.2;
    chain.contracts[11].gamma = -0.5;
    const kinds = engine.ingest(chain).snapshot.anomalies.map((f) => f.kind);
    expect(kinds).toContain('vendor_greeks_disagree');
    expect(kinds).toContain('impossible_greeks');
  });

  it('builds bars from ticks for indicators, momentum, VWAP and VPIN; book imbalance; tape flow', () => {
    const engine = new AnalyticsEngine(new FakeClock(), {
      vpinBucketVolume: 1e9,
      vpinBucketVolumes: { SPY: 500 },
    });
    const start = ny('2026-03-02T09:30:00');
    const ticks: Tick[] = [];
    let price = 500;
    for (let i = 0; i < 45 * 6; i++) {
      price += Math.sin(i / 7) * 0.2;
      ticks.push({ at: start + i * 10_000, price, size: 100 });
    }
    const chain = syntheticChain({ asOf: new Date(start + 45 * 60_000).toISOString() });
    const { snapshot: s } = engine.ingest(chain, {
      ticks,
      book: { bids: [{ price: 499.99, size: 600 }], asks: [{ price: 500.01, size: 200 }] },
      tape: [
        { at: start, occSymbol: chain.contracts[0].occSymbol, price: 1, size: 150, side: 'buy' },
        { at: start, occSymbol: chain.contracts[1].occSymbol, price: 2, size: 10, side: 'sell' },
      ],
    });
    expect(s.indicators.rsi14).not.toBeNull();
    expect(s.indicators.macd).not.toBeNull();
    expect(s.indicators.bollinger).not.toBeNull();
    expect(s.indicators.sma20).not.toBeNull();
    expect(s.indicators.atr14).toBeGreaterThan(0);
    const tp =
      ticks.reduce((a, t) => a + t.price * t.size, 0) / ticks.reduce((a, t) => a + t.size, 0);
    expect(s.indicators.vwap).toBeCloseTo(tp, 0);
    expect(s.momentum.return1m).not.toBeNull();
    expect(s.momentum.return15m).not.toBeNull();
    expect(s.vpin?.buckets).toBeGreaterThan(30);
    expect(s.vpin?.confident).toBe(true);
    expect(s.orderBookImbalance).toBeCloseTo(0.5, 12);
    expect(s.flow).toMatchObject({ blockTrades: 1, netPremium: 1 * 150 * 100 - 2 * 10 * 100 });
    expect(s.regime.inputs.maSlopeConfidence).toBeGreaterThan(0);
  });

  it('rolls the daily row into history on a new trading date', () => {
    const engine = new AnalyticsEngine(new FakeClock());
    engine.ingest(syntheticChain({ spot: 500 }));
    engine.ingest(syntheticChain({ spot: 505, asOf: '2026-03-02T19:00:00Z' }));
    const next = engine.ingest(
      syntheticChain({
        spot: 502,
        asOf: '2026-03-03T15:00:00Z',
        expiries: ['2026-03-06', '2026-03-20'],
      }),
    );
    const h = engine.history('SPY');
    expect(h.map((d) => d.date)).toEqual(['2026-03-02', '2026-03-03']);
    expect(h[0]).toMatchObject({ open: 500, high: 505, low: 500, close: 505 });
    expect(next.daily).toMatchObject({ date: '2026-03-03', open: 502 });
  });
});

describe('AnalyticsEngine history loaded late', () => {
  it('keeps the live row out of the history and does not duplicate days', () => {
    const engine = new AnalyticsEngine(new FakeClock());
    const first = engine.ingest(syntheticChain({ spot: 500 })).daily as DailySummary;
    engine.setHistory('SPY', [...history(10), { ...first, close: 1 }]);
    engine.ingest(
      syntheticChain({
        spot: 502,
        asOf: '2026-03-03T15:00:00Z',
        expiries: ['2026-03-06', '2026-03-20'],
      }),
    );
    const dates = engine.history('SPY').map((d) => d.date);
    expect(new Set(dates).size).toBe(dates.length);
    expect(dates.slice(-2)).toEqual(['2026-03-02', '2026-03-03']);
    expect(engine.history('SPY').at(-2)?.close).toBe(500);
  });
});

describe('AnalyticsEngine late chains', () => {
  it('analyses a chain of an earlier day without touching the live day or the history', () => {
    const engine = new AnalyticsEngine(new FakeClock());
    engine.ingest(syntheticChain({ spot: 500 }));
    const live = engine.ingest(
      syntheticChain({ spot: 510, asOf: '2026-03-03T15:00:00Z', expiries: ['2026-03-06'] }),
    );
    const late = engine.ingest(syntheticChain({ spot: 490, asOf: '2026-03-02T19:00:00Z' }));
    expect(late.snapshot.spot).toBe(490);
    expect(late.daily).toBeNull();
    expect(engine.history('SPY').map((d) => [d.date, d.close])).toEqual([
      ['2026-03-02', 500],
      ['2026-03-03', 510],
    ]);
    expect(live.daily?.date).toBe('2026-03-03');
  });
});

describe('AnalyticsEngine rates', () => {
  it('uses the per-symbol dividend yield over the global one', () => {
    const chain = syntheticChain();
    const engine = new AnalyticsEngine(new FakeClock(), {
      r: 0.04,
      q: 0,
      dividendYields: { SPY: 0.02 },
    });
    const s = engine.ingest(chain).snapshot;
    expect(s.gex.total).toBe(analyzeChain(chain, { r: 0.04, q: 0.02 }).gex.total);
    expect(s.gex.total).not.toBe(analyzeChain(chain, { r: 0.04, q: 0 }).gex.total);
  });
});

describe('max-pain bias', () => {
  it('reads spot above max pain as bearish, below as bullish, within 0.25 % neutral', () => {
    expect(maxPainBias({ '2026-03-06': 490, '2026-03-02': 495 }, 500)).toEqual({
      expiry: '2026-03-02',
      strike: 495,
      distancePct: 0.01,
      bias: 'bearish',
    });
    expect(maxPainBias({ '2026-03-02': 505 }, 500)?.bias).toBe('bullish');
    expect(maxPainBias({ '2026-03-02': 501 }, 500)?.bias).toBe('neutral');
    expect(maxPainBias({}, 500)).toBeNull();
  });
});
