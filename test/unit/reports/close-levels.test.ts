import { describe, expect, it } from 'vitest';
import type { AnalyticsSnapshot } from '../../../src/analytics/analytics-snapshot.js';
import { levelsOf } from '../../../src/reports/report-builder.js';

/** The fields levelsOf reads; the rest of a snapshot does not matter here. */
const snapshot = {
  symbol: 'SPY',
  spot: 587.22,
  asOf: Date.parse('2026-03-10T21:00:00Z'),
  gex: { flip: 593.78, callWalls: [600], putWalls: [580], total: -1e9 },
  maxPain: { '2026-03-10': 588, '2026-03-11': 591, '2026-03-13': 590 },
  maxPainBias: { expiry: '2026-03-10', strike: 588, distancePct: -0.001, bias: 'neutral' },
  expectedMove: { expiry: '2026-03-11', dollars: 6.4, pct: 0.0109 },
  ivRank: null,
  atmIv: 0.18,
  regime: { label: 'range_bound', confidence: 0.7 },
} as unknown as AnalyticsSnapshot;

describe('levels in the reports', () => {
  it("intraday levels read today's max pain", () => {
    expect(levelsOf(snapshot)).toMatchObject({ maxPain: 588, maxPainExpiry: '2026-03-10' });
  });

  it("the close report's plan reads max pain from the next session's expiry", () => {
    expect(levelsOf(snapshot, '2026-03-10')).toMatchObject({
      maxPain: 591,
      maxPainExpiry: '2026-03-11',
    });
  });
});
