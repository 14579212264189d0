import { describe, expect, it } from 'vitest';
import type { AnalyticsSnapshot } from '../../../src/analytics/analytics-snapshot.js';
import { renderTemplateNarrative } from '../../../src/narrative/adapters/template.js';
import { checkFacts } from '../../../src/narrative/writer/fact-check.js';
import { factNumbers } from '../../../src/narrative/writer/facts.js';
import { factsAsText } from '../../../src/narrative/writer/prompt.js';
import {
  lowerTierSignalFacts,
  premiumSignalFacts,
  regimeContextFacts,
} from '../../../src/narrative/writer/signal-facts.js';
import type { SignalExplanation } from '../../../src/signals/signal-record.js';
import type { PublishedSignal } from '../../../src/signals/signal.js';
import type { StrategyName } from '../../../src/vocabulary/trading.js';
import { expectPlainTemplateProse, OCC, SNAKE_CASE } from './plain-prose.js';

const AT = Date.UTC(2026, 2, 2, 15, 35); // 10:35 New York

function signal(strategy: StrategyName, over: Partial<PublishedSignal> = {}): PublishedSignal {
  return {
    id: 'SIG-20260302-001',
    strategy,
    symbol: 'SPY',
    direction: 'bearish',
    legs: [
      {
        occSymbol: 'SPY260302P00543000',
        right: 'put',
        strike: 543,
        expiry: '2026-03-02',
        side: 'buy',
        quantity: 2,
      },
    ],
    entry: 1.37,
    stop: 1.16,
    target: 2.74,
    size: 2,
    confidence: 0.72,
    triggeredBy: [
      'SPY260302P00543000 premium moved 6.67% within 1–3 minutes (≥ 5%)',
      'spread 0.04 (< 0.10), volume 1840 (> 500)',
    ],
    riskFactors: ['scalp: chasing a fast move; reversals hit the tight stop'],
    narrative: 'scalp scalp_puts: machine text',
    levels: { gammaFlip: 545.86, callWall: 550, putWall: 540 },
    publishedAt: AT,
    dataAsOf: AT - 2000,
    ...over,
  };
}

function explanation(
  strategy: StrategyName,
  inputs: SignalExplanation['inputs'],
): SignalExplanation {
  return {
    candidateKey: 'k',
    strategy,
    setup: `${strategy}_setup`,
    symbol: 'SPY',
    triggeredBy: [],
    inputs,
    snapshotId: 'snap-1',
    dataAsOf: AT - 2000,
    feedTimestamps: {},
    counterfactuals: ['would not have fired with a move under 5%'],
    regime: { label: 'mean_reverting', confidence: 0.64 },
    regimeHitRate: { trades: 9, wins: 6, rate: 0.667 },
    risk: { checks: [], quantity: 2, kellyFraction: 0.1, winRate: 0.6 },
  };
}

const PREMIUM = [
  premiumSignalFacts(
    signal('scalp'),
    explanation('scalp', { occSymbol: 'SPY260302P00543000', move: 0.0667, moveBasis: 'option' }),
    { spot: 544.12, invalidation: 'SPY gives back the move (turns up over 5 minutes)' },
  ),
  premiumSignalFacts(
    signal('gex_squeeze', { direction: 'bullish' }),
    explanation('gex_squeeze', { netGex: -8.1e8, gammaFlip: 545.86, return15m: 0.0042 }),
    { spot: 544.12 },
  ),
  premiumSignalFacts(
    signal('gex_wall_premium', { direction: 'neutral' }),
    explanation('gex_wall_premium', { netGex: 2.1e9, wall: 550 }),
  ),
];

describe('signal facts', () => {
  it('give Premium the contract, move, levels and trade, in words and labelled numbers', () => {
    const [scalp] = PREMIUM;
    expect(scalp.subject).toEqual({
      symbol: 'SPY',
      direction: 'bearish',
      setup: 'scalp',
      contract: { strike: 543, right: 'put', expiry: '2026-03-02' },
    });
    expect(scalp.move).toEqual({ pct: 6.67, of: 'contract' });
    expect(factNumbers(scalp)).toContainEqual({ label: 'published at', value: 635, unit: 'time' });
    const prompt = factsAsText(scalp);
    expect(prompt).not.toMatch(SNAKE_CASE);
    expect(prompt).not.toMatch(OCC);
    expect(prompt).toContain('SPY 543 put premium moved 6.67%');
  });

  it('template prose of several strategies has no ids or OCC symbols and passes its own check', () => {
    expectPlainTemplateProse(PREMIUM);
    expect(renderTemplateNarrative(PREMIUM[1])).toMatch(
      /^SPY rose 0\.4% in 15 minutes while price sits under the gamma flip at 545\.86 — dealers are short gamma here/,
    );
  });

  it('give Basic and Free only their view: a model could not state an exact level', () => {
    const basic = lowerTierSignalFacts({
      tier: 'basic',
      symbol: 'SPY',
      direction: 'bearish',
      strategy: 'scalp',
      headline: 'SPY puts around 540',
    });
    const numbers = factNumbers(basic).map((n) => n.value);
    expect(numbers).toEqual([540]);
    expect(checkFacts('SPY puts near 543 look heavy.', factNumbers(basic)).ok).toBe(false);
    expect(renderTemplateNarrative(basic)).toBe('SPY has a scalp setup, looking for a move down.');
  });

  it('give reports the regime context from the analytics snapshot', () => {
    const snapshot = {
      symbol: 'QQQ',
      spot: 441.2,
      gex: {
        total: -8.12e8,
        calls: 0,
        puts: 0,
        zeroDte: 0,
        byStrike: [],
        byExpiry: {},
        flip: 444.1,
        callWalls: [450],
        putWalls: [430],
      },
      regime: { label: 'volatile' as const, confidence: 0.71, inputs: {} },
      maxPainBias: null,
      expectedMove: { expiry: '2026-03-02', dollars: 5.3, pct: 0.012 },
      ivRank: 38,
    } satisfies Partial<AnalyticsSnapshot>;
    const facts = regimeContextFacts(snapshot);
    const text = renderTemplateNarrative(facts);
    expect(text).toBe(
      'QQQ is in a volatile regime (71% confidence), while price sits under the gamma flip at 444.1 — dealers are short gamma here, so moves can run. The call wall is at 450 and the put wall at 430. Options price a move of about 1.2% by March 2.',
    );
    expect(checkFacts(text, factNumbers(facts)).ok).toBe(true);
  });
});
