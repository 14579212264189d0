import { expect } from 'vitest';
import { renderTemplateNarrative } from '../../../src/narrative/adapters/template.js';
import { checkFacts } from '../../../src/narrative/writer/fact-check.js';
import { factNumbers, type NarrativeFacts } from '../../../src/narrative/writer/facts.js';

/** A strategy id (snake_case) or an OCC symbol: never in a subscriber's prose. */
export const SNAKE_CASE = /\b[a-z0-9]+(?:_[a-z0-9]+)+\b/;
export const OCC = /\b[A-Z]{1,6}\d{6}[CP]\d{8}\b/;

/** The template's text of each facts: no identifiers, and only the facts' own numbers. */
export function expectPlainTemplateProse(all: NarrativeFacts[]): void {
  for (const facts of all) {
    const text = renderTemplateNarrative(facts);
    expect(text, text).not.toMatch(SNAKE_CASE);
    expect(text, text).not.toMatch(OCC);
    expect(text.length).toBeGreaterThan(20);
    expect(checkFacts(text, factNumbers(facts)).unmatched, text).toEqual([]);
  }
}
