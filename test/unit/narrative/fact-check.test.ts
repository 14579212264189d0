import { describe, expect, it } from 'vitest';
import { checkFacts, writtenNumbers } from '../../../src/narrative/writer/fact-check.js';
import {
  factNumbers,
  narrativeFacts,
  type NarrativeNumber,
} from '../../../src/narrative/writer/facts.js';

const FACTS: NarrativeNumber[] = [
  { label: 'contract strike', value: 543, unit: 'strike' },
  { label: 'premium move', value: -6.67, unit: 'pct' },
  { label: 'move window', value: 3, unit: 'minutes' },
  { label: 'gamma flip', value: 545.86, unit: 'price' },
  { label: 'spot', value: 544.12, unit: 'price' },
  { label: 'net GEX', value: -1_234_000_000, unit: 'usd' },
  { label: 'volume', value: 12_345, unit: 'count' },
  { label: 'published', value: 10 * 60 + 35, unit: 'time' },
  { label: 'expiry', value: 20260302, unit: 'date' },
  { label: 'entry', value: 1.37, unit: 'usd' },
];

describe('fact check', () => {
  it('passes a text restating the facts, rounded', () => {
    const text =
      "At 10:35 SPY's 543 puts fell 6.7% in 3 minutes on 12,300 contracts while price (544.1) sits under the gamma flip at 545.9 — near 546 — with net GEX at −$1.23B. The March 2 contract costs $1.37; expiry 2026-03-02.";
    const result = checkFacts(text, FACTS);
    expect(result.unmatched).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.checked).toBeGreaterThanOrEqual(12);
  });

  it('rejects a text with an invented number and says which', () => {
    const text = "SPY's 543 puts fell 6.7% while price sits under the gamma flip at 547.20.";
    const result = checkFacts(text, FACTS);
    expect(result.ok).toBe(false);
    expect(result.unmatched).toEqual([
      { text: '547.20', index: text.indexOf('547.20'), kind: 'number' },
    ]);
  });

  it('does not accept a rounding the fact does not give, nor false precision', () => {
    expect(checkFacts('the flip at 545.8', FACTS).ok).toBe(false);
    expect(checkFacts('the flip at 545.860', FACTS).ok).toBe(true);
    expect(checkFacts('the flip at 545.87', FACTS).ok).toBe(false);
    expect(checkFacts('a move of 6.6%', FACTS).ok).toBe(false);
  });

  it('matches a percentage only with a percent fact, a time only with a time fact', () => {
    expect(checkFacts('up 543%', FACTS).ok).toBe(false);
    expect(checkFacts('at 10:36', FACTS).ok).toBe(false);
    expect(checkFacts('at 10:35 am', FACTS).ok).toBe(true);
    expect(checkFacts('at 10:35 pm', FACTS).ok).toBe(false);
    expect(checkFacts('on March 3', FACTS).ok).toBe(false);
  });

  it('accepts large numbers within 0.5% and scale words', () => {
    expect(checkFacts('about 12,400 contracts', FACTS).ok).toBe(true);
    expect(checkFacts('about 12,500 contracts', FACTS).ok).toBe(false);
    expect(checkFacts('net GEX of -1.2 billion dollars', FACTS).ok).toBe(true);
    expect(checkFacts('net GEX of $1,234M', FACTS).ok).toBe(true);
    expect(checkFacts('net GEX of $2B', FACTS).ok).toBe(false);
  });

  it('skips digits glued to words, index names and spelled-out numbers', () => {
    const text = 'A 0DTE trade in the S&P 500 ETF, the 1st of three setups, seven minutes in.';
    expect(writtenNumbers(text)).toEqual([]);
    expect(checkFacts(text, FACTS).ok).toBe(true);
  });

  it('checks multiples like 3x', () => {
    expect(writtenNumbers('volume ran 3x its average')).toMatchObject([{ text: '3x', value: 3 }]);
    expect(checkFacts('volume ran 3x its average', FACTS).ok).toBe(true);
    expect(checkFacts('volume ran 4x its average', FACTS).ok).toBe(false);
  });

  it('accepts the numbers the facts’ own sentences state, spelled out or not', () => {
    const facts = narrativeFacts({
      kind: 'signal',
      audience: 'premium',
      subject: { symbol: 'SPY' },
      invalidation: 'SPY turns up over the next five minutes',
      points: ['RSI 38 in 25–45'],
    });
    expect(
      checkFacts('Void if SPY turns up within 5 minutes; RSI is 38.', factNumbers(facts)).ok,
    ).toBe(true);
    expect(checkFacts('RSI is 39.', factNumbers(facts)).ok).toBe(false);
  });
});
