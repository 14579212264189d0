import { describe, expect, it } from 'vitest';
import { regimeInWords } from '../../../src/vocabulary/regime-words.js';

describe('regimes in words', () => {
  it('says range-bound for the mean-reverting label and never shows an id', () => {
    expect(regimeInWords('mean_reverting')).toBe('range-bound');
    expect(regimeInWords('trending')).toBe('trending');
    expect(regimeInWords('some_new_label')).toBe('some new label');
  });
});
