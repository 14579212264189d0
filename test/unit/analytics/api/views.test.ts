import { describe, expect, it } from 'vitest';
import {
  atmGreeksView,
  portfolioGreeks,
  portfolioRequestSchema,
  UnknownPositionError,
} from '../../../../src/analytics/api/views.js';
import { AnalyticsEngine } from '../../../../src/analytics/engine/analytics-engine.js';
import { bsmGreeks } from '../../../../src/analytics/math/black-scholes.js';
import { FakeClock } from '../../../../src/common/clock.js';
import { syntheticChain } from '../synthetic-chain.js';

const snapshot = new AnalyticsEngine(new FakeClock()).ingest(
  syntheticChain({ spot: 502 }),
).snapshot;

describe('API views', () => {
  it('ATM Greeks: the strike closest to spot of the nearest or the requested expiry', () => {
    const v = atmGreeksView(snapshot);
    expect(v?.expiry).toBe('2026-03-02');
    expect(v?.strike).toBe(500);
    expect(v?.call?.occSymbol).toBe('SPY260302C00500000');
    expect(v?.put?.delta).toBeLessThan(0);
    expect(atmGreeksView(snapshot, '2026-04-17')?.daysToExpiry).toBeCloseTo(
      (Date.UTC(2026, 3, 17, 20) - Date.UTC(2026, 2, 2, 15)) / 86_400_000,
      9,
    );
    expect(atmGreeksView(snapshot, '2030-01-01')).toBeNull();
  });

  it('portfolio: Σ greek × quantity × multiplier over snapshot and model positions', () => {
    const c = snapshot.contracts[30];
    const req = portfolioRequestSchema.parse({
      positions: [
        { symbol: 'spy', occSymbol: c.occSymbol, quantity: -2 },
        { type: 'call', S: 50, K: 55, T: 0.5, sigma: 0.4, quantity: 3, multiplier: 10 },
      ],
    });
    const r = portfolioGreeks(req, new Map([['SPY', snapshot]]));
    const g = bsmGreeks({ type: 'call', S: 50, K: 55, T: 0.5, r: 0, q: 0, sigma: 0.4 });
    expect(r.net.gamma).toBeCloseTo((c.gamma as number) * -200 + g.gamma * 30, 12);
    expect(r.net.theta).toBeCloseTo((c.theta as number) * -200 + g.theta * 30, 12);
    expect(r.positions.map((p) => p.source)).toEqual(['snapshot', 'model']);
  });

  it('portfolio: rejects unknown symbols and contracts, and malformed positions', () => {
    const one = (p: object) => portfolioRequestSchema.parse({ positions: [p] });
    expect(() =>
      portfolioGreeks(one({ symbol: 'QQQ', occSymbol: 'X', quantity: 1 }), new Map()),
    ).toThrow(UnknownPositionError);
    expect(() =>
      portfolioGreeks(
        one({ symbol: 'SPY', occSymbol: 'NOPE', quantity: 1 }),
        new Map([['SPY', snapshot]]),
      ),
    ).toThrow(/not in the latest SPY chain/);
    for (const bad of [
      { symbol: 'SPY', occSymbol: 'X', quantity: 0 },
      { type: 'call', S: 1, K: 1, T: 0, sigma: 0.2, quantity: 1 },
      { type: 'straddle', S: 1, K: 1, T: 1, sigma: 0.2, quantity: 1 },
      { symbol: 'SPY', occSymbol: 'X', quantity: 1, extra: true },
    ]) {
      expect(portfolioRequestSchema.safeParse({ positions: [bad] }).success).toBe(false);
    }
  });
});
