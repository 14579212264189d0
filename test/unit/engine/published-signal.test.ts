import { describe, expect, it } from 'vitest';
import {
  buildExplanation,
  buildPublishedSignal,
  keyLevels,
} from '../../../src/engine/published-signal.js';
import type { RiskVerdict } from '../../../src/risk/risk-engine.js';
import { analytics, candidate, ny } from './fixtures.js';

describe('published-signal builder (pure)', () => {
  it('prices and sizes the published signal from the fill and the ladder stop', () => {
    const c = candidate();
    const snapshot = analytics();
    const s = buildPublishedSignal(
      { id: 'SIG-20260303-001', candidate: c },
      { entryNet: 2.104, targetUnits: 3, stopReturn: -0.15 },
      snapshot,
      ny(10, 1),
    );
    expect(s.id).toBe('SIG-20260303-001');
    expect(s.entry).toBe(2.1);
    expect(s.stop).toBe(1.79);
    expect(s.size).toBe(3);
    expect(s.legs[0].quantity).toBe(3);
    expect(s.target).toBe(c.target);
    expect(s.publishedAt).toBe(ny(10, 1));
    expect(s.dataAsOf).toBe(c.dataAsOf);
    expect(s.levels).toEqual(keyLevels(snapshot));
    expect(s.narrative).toContain(c.invalidation);
    // Same inputs, same signal.
    expect(
      buildPublishedSignal(
        { id: 'SIG-20260303-001', candidate: c },
        { entryNet: 2.104, targetUnits: 3, stopReturn: -0.15 },
        snapshot,
        ny(10, 1),
      ),
    ).toEqual(s);
  });

  it('falls back to the candidate entry and no levels without a fill or analytics', () => {
    const s = buildPublishedSignal(
      { id: 'x', candidate: candidate() },
      { entryNet: null, targetUnits: 1, stopReturn: -0.5 },
      undefined,
      0,
    );
    expect(s.entry).toBe(2);
    expect(s.stop).toBe(1);
    expect(s.levels).toEqual({});
  });

  it('explains a verdict with its regime, feed times and the regime record', () => {
    const c = candidate();
    const verdict: RiskVerdict = {
      candidateKey: 'k',
      status: 'approved',
      quantity: 2,
      checks: [],
      rejections: [],
      kelly: { winRate: 0.55, payoff: 1.5, fullKelly: 0.2, betFraction: 0.05 },
      riskPerContract: 50,
      evaluatedAt: ny(10, 0),
      candidate: c,
    };
    const e = buildExplanation(
      verdict,
      { regime: { ...analytics().regime, label: 'trending', confidence: 0.8 } },
      { 'chain:SPY': ny(10, 0) },
      { trades: 4, wins: 3, rate: 0.75 },
    );
    expect(e.regime).toEqual({ label: 'trending', confidence: 0.8 });
    expect(e.regimeHitRate?.wins).toBe(3);
    expect(e.feedTimestamps).toEqual({ 'chain:SPY': ny(10, 0) });
    expect(e.risk).toEqual({ checks: [], quantity: 2, kellyFraction: 0.05, winRate: 0.55 });
    expect(e.counterfactuals).toEqual(c.counterfactuals);
  });
});
