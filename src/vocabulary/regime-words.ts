/**
 * The market regimes in a reader's words. The analytics label a range-bound, typically long-gamma
 * tape `mean_reverting`; every text a subscriber or reader sees says "range-bound".
 */
export const REGIME_IN_WORDS: Readonly<Record<string, string>> = {
  trending: 'trending',
  mean_reverting: 'range-bound',
  volatile: 'volatile',
  calm: 'calm',
};

/** A regime label in words; an unknown label is spaced out rather than shown as an id. */
export function regimeInWords(label: string): string {
  return REGIME_IN_WORDS[label] ?? label.replace(/_/g, ' ');
}
