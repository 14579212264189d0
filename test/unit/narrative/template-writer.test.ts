import { describe, expect, it } from 'vitest';
import { renderTemplateNarrative } from '../../../src/narrative/adapters/template.js';
import { narrativeFacts, type NarrativeFacts } from '../../../src/narrative/writer/facts.js';
import { inPlainWords, strategyInWords } from '../../../src/narrative/writer/plain-words.js';
import { expectPlainTemplateProse } from './plain-prose.js';

/** A scalp on SPY puts, as a Premium caller builds it (strings straight from the engine). */
const SCALP: NarrativeFacts = narrativeFacts({
  kind: 'signal',
  audience: 'premium',
  subject: {
    symbol: 'SPY',
    direction: 'bearish',
    setup: strategyInWords('scalp'),
    contract: { strike: 543, right: 'put', expiry: '2026-03-02' },
  },
  move: { pct: 6.67, minutes: 3, of: 'contract', heavyVolume: true },
  levels: { spot: 544.12, gammaFlip: 545.86 },
  trade: { entry: 1.37, stop: 1.16, target: 2.74 },
  risks: ['scalp: chasing a fast move; reversals hit the tight stop'],
  invalidation: 'SPY turns up over the next five minutes',
  points: ['SPY260302P00543000 premium moved 6.67% within 1–3 minutes'],
});

const SEVERAL: NarrativeFacts[] = [
  SCALP,
  narrativeFacts({
    kind: 'signal',
    audience: 'premium',
    subject: { symbol: 'QQQ', direction: 'bullish', setup: 'gex_squeeze' },
    levels: { spot: 441.2, gammaFlip: 444.1, callWall: 450, putWall: 430 },
    regime: { label: 'trending_high_vol', confidencePct: 72 },
    risks: ['negative gamma: fast two-way moves, wide intraday ranges'],
    invalidation: 'QQQ falls back below 438.50 or net GEX turns above -$500M',
    numbers: [
      { label: 'invalidation level', value: 438.5, unit: 'price' },
      { label: 'net GEX limit', value: -5e8, unit: 'usd' },
    ],
  }),
  narrativeFacts({
    kind: 'signal',
    audience: 'premium',
    subject: {
      symbol: 'SPX',
      direction: 'neutral',
      setup: 'gex_iron_condor',
      contract: { strike: 5800, right: 'call' },
    },
    levels: { spot: 5750.25, gammaFlip: 5700, dealerGamma: 'long' },
    trade: { entry: 2.1, stop: 4.2, target: 1.05 },
    invalidation: 'SPX closes outside the SPXW260302C05800000 short strike',
  }),
  narrativeFacts({
    kind: 'signal',
    audience: 'basic',
    subject: { symbol: 'IWM', direction: 'bullish', setup: strategyInWords('momentum_breakout') },
  }),
  narrativeFacts({
    kind: 'signal',
    audience: 'free',
    subject: { symbol: 'SPY', direction: 'bearish', setup: 'moc_imbalance' },
  }),
  narrativeFacts({
    kind: 'operator_alert',
    audience: 'operator',
    subject: { symbol: 'SPY' },
    headline: 'risk halt: daily_loss_limit breached',
    points: ['realised loss 4.2% against a 3% limit', 'gamma_scalp_0dte positions closed'],
    numbers: [
      { label: 'loss', value: 4.2, unit: 'pct' },
      { label: 'limit', value: 3, unit: 'pct' },
    ],
  }),
  narrativeFacts({
    kind: 'regime_context',
    audience: 'report',
    subject: { symbol: 'SPY' },
    regime: { label: 'range_bound_low_vol', confidencePct: 64.4 },
    levels: { spot: 546.3, gammaFlip: 545.86 },
    points: ['call wall at 550 caps rallies'],
    numbers: [{ label: 'call wall', value: 550, unit: 'strike' }],
  }),
];

describe('template narrative writer', () => {
  it('writes the scalp as sentences a subscriber understands', () => {
    const text = renderTemplateNarrative(SCALP);
    expect(text).toContain(
      "SPY's 543 puts jumped 6.7% in three minutes on heavy volume while price sits under the gamma flip at 545.86 — dealers are short gamma here, so moves can run.",
    );
    expect(text).toContain('The setup is invalid if SPY turns up over the next five minutes.');
    expect(text).toContain('Entry around $1.37, stop $1.16, target $2.74.');
  });

  it('writes a credit trade as the credit taken, never as negative prices', () => {
    const condor = narrativeFacts({
      kind: 'signal',
      audience: 'premium',
      subject: { symbol: 'QQQ', direction: 'neutral', setup: strategyInWords('iron_condor') },
      trade: { entry: -1.78, stop: -2.05, target: -0.9 },
    });
    const text = renderTemplateNarrative(condor);
    expect(text).toContain('Entry around $1.78 credit, stop $2.05, target $0.90.');
    expect(text).not.toContain('$-');
  });

  it('never shows strategy ids or OCC symbols and writes only its facts’ numbers', () => {
    expectPlainTemplateProse(SEVERAL);
  });

  it('gives Basic and Free the setup in words and no contract or level numbers', () => {
    const basic = renderTemplateNarrative(SEVERAL[3]);
    expect(basic).toBe('IWM has a momentum breakout setup, looking for a move up.');
    expect(renderTemplateNarrative(SEVERAL[4])).toMatch(
      /^SPY has a market-on-close imbalance setup/,
    );
  });

  it('rewrites machine identifiers into words', () => {
    expect(inPlainWords('SPY260302P00543000 premium moved')).toBe('SPY 543 put premium moved');
    expect(inPlainWords('scalp_puts on gex_wall_premium')).toBe(
      'scalp puts on premium selling at a gamma wall',
    );
  });
});
