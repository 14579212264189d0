import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import { DEFAULT_TIER_POLICY } from '../../../src/distribution/tier-policy.js';
import { AnalyticsLevelsProvider } from '../../../src/narrative/levels-provider.js';
import { TemplateWhyExplainer } from '../../../src/narrative/why-explainer.js';
import { MemoryEngineRepository } from '../../../src/engine/storage/memory-engine-repository.js';
import type { SignalRecord } from '../../../src/engine/storage/lifecycle.js';
import type { PublishedSignal } from '../../../src/signals/signal.js';
import { analytics, candidate } from '../engine/fixtures.js';

const PUBLISHED_AT = Date.UTC(2026, 2, 3, 15, 0);

function record(): SignalRecord {
  const c = candidate();
  const published: PublishedSignal = {
    id: 'SIG-20260303-001',
    strategy: 'gex_squeeze',
    symbol: 'SPY',
    direction: 'bullish',
    legs: [
      {
        occSymbol: 'SPY260303C00443000',
        right: 'call',
        strike: 443,
        expiry: '2026-03-03',
        side: 'buy',
        quantity: 3,
      },
    ],
    entry: 1.37,
    stop: 1.16,
    target: 2.74,
    size: 3,
    confidence: 0.72,
    triggeredBy: ['net GEX −$812M (< −$500M)', 'spot 441.20 below the flip 444.10'],
    riskFactors: ['0DTE: theta decays fast'],
    narrative: 'Dealers short gamma below the flip.',
    levels: { flip: 444.1 },
    publishedAt: PUBLISHED_AT,
    dataAsOf: PUBLISHED_AT - 2_000,
  };
  return {
    id: published.id,
    status: 'active',
    strategy: published.strategy,
    setup: 'squeeze_long_calls',
    symbol: 'SPY',
    direction: 'bullish',
    candidate: c,
    published,
    explanation: {
      candidateKey: 'k1',
      strategy: published.strategy,
      setup: 'squeeze_long_calls',
      symbol: 'SPY',
      triggeredBy: published.triggeredBy,
      inputs: {},
      snapshotId: 'snap-1',
      dataAsOf: published.dataAsOf,
      feedTimestamps: {},
      counterfactuals: ['net GEX above −$500M'],
      regime: { label: 'volatile', confidence: 0.6 },
      regimeHitRate: { trades: 10, wins: 6, rate: 0.6 },
      risk: { checks: [], quantity: 3, kellyFraction: 0.25, winRate: 0.6 },
    },
    outcome: null,
    history: [],
    createdAt: PUBLISHED_AT,
    updatedAt: PUBLISHED_AT,
  };
}

async function explainerAt(ms: number) {
  const repo = new MemoryEngineRepository();
  await repo.saveSignal(record());
  return new TemplateWhyExplainer(repo, DEFAULT_TIER_POLICY, new FakeClock(ms));
}

describe('/why at each tier', () => {
  it('gives Premium the reasons, counterfactuals and regime record at once', async () => {
    const text = await (await explainerAt(PUBLISHED_AT)).explain('SIG-20260303-001', 'premium');
    expect(text).toContain('net GEX −$812M');
    expect(text).toContain('Would not have fired if: net GEX above −$500M');
    expect(text).toContain('won 6 of 10');
  });

  it('withholds a signal from Basic until its delay has passed, then shows only the Basic view', async () => {
    const early = await (
      await explainerAt(PUBLISHED_AT + 59_000)
    ).explain('SIG-20260303-001', 'basic');
    expect(early).toMatch(/reaches the basic tier at 10:01:00 ET/);
    expect(early).not.toContain('443');
    const later = await (
      await explainerAt(PUBLISHED_AT + 60_000)
    ).explain('SIG-20260303-001', 'basic');
    expect(later).toContain('SPY calls around');
    for (const secret of ['1.37', '1.16', '2.74', '443', '444.1', '812', '441.2']) {
      expect(later).not.toContain(secret);
    }
  });

  it('gives Free the direction only, after five minutes', async () => {
    const early = await (
      await explainerAt(PUBLISHED_AT + 299_000)
    ).explain('SIG-20260303-001', 'free');
    expect(early).toMatch(/reaches the free tier/);
    const later = await (
      await explainerAt(PUBLISHED_AT + 300_000)
    ).explain('SIG-20260303-001', 'free');
    expect(later).toContain('Bullish SPY setup triggered');
    expect(later).not.toMatch(/\d{3}/);
  });

  it('answers null for an unknown signal', async () => {
    expect(
      await (await explainerAt(PUBLISHED_AT)).explain('SIG-20990101-001', 'premium'),
    ).toBeNull();
  });
});

describe('/levels', () => {
  it('lists flip, walls and max pain from the latest analytics', async () => {
    const snapshot = analytics();
    const provider = new AnalyticsLevelsProvider(async (s) =>
      s === snapshot.symbol ? snapshot : null,
    );
    const text = await provider.levels(snapshot.symbol.toLowerCase());
    expect(text).toContain('Gamma flip');
    expect(text).toContain(`Call walls: ${snapshot.gex.callWalls.join(', ') || 'none'}`);
    expect(await provider.levels('NOPE')).toBeNull();
  });
});
