import { describe, expect, it } from 'vitest';
import { AnalyticsEngine } from '../../../../src/analytics/engine/analytics-engine.js';
import { basicSnapshot, coarseLevel } from '../../../../src/analytics/api/basic-view.js';
import { FakeClock } from '../../../../src/common/clock.js';
import { syntheticChain } from '../synthetic-chain.js';

describe('Basic view of a snapshot', () => {
  const engine = new AnalyticsEngine(new FakeClock(Date.UTC(2026, 2, 2, 15, 1)));
  const { snapshot } = engine.ingest(syntheticChain({ spot: 503.7 }));

  it('coarse grid: the Basic headline grid', () => {
    expect(coarseLevel(17.4)).toBe(17);
    expect(coarseLevel(63)).toBe(65);
    expect(coarseLevel(443.9)).toBe(440);
    expect(coarseLevel(5_912)).toBe(5_900);
  });

  it('levels on the grid, per-strike profiles and anomaly texts left out, everything else kept', () => {
    const basic = basicSnapshot(snapshot);
    expect(basic.gex.flip).toBe(snapshot.gex.flip === null ? null : coarseLevel(snapshot.gex.flip));
    expect(basic.gex.byStrike).toEqual([]);
    expect(basic.dex.byStrike).toEqual([]);
    for (const w of [...basic.gex.callWalls, ...basic.gex.putWalls]) expect(w % 10).toBe(0);
    for (const [expiry, strike] of Object.entries(basic.maxPain)) {
      expect(strike).toBe(coarseLevel(snapshot.maxPain[expiry]));
    }
    expect(basic.anomalies).toEqual([]);
    expect(basic.gex.total).toBe(snapshot.gex.total);
    expect(basic.spot).toBe(snapshot.spot);
    expect(basic.contracts).toBe(snapshot.contracts);
  });
});
