import type { NarrativeFacts } from '../../src/narrative/writer/facts.js';

/** A Premium signal's facts (SPY turned bullish through the gamma flip), for narrative tests. */
export const SPY_FLIP_FACTS: NarrativeFacts = {
  kind: 'signal',
  audience: 'premium',
  subject: { symbol: 'SPY', direction: 'bullish' },
  points: ['price crossed the gamma flip'],
  risks: [],
  counterfactuals: [],
  numbers: [{ label: 'gamma flip', value: 545.86, unit: 'price' }],
};
