/**
 * Prose for subscribers never shows the engine's identifiers: strategy ids (snake_case) and OCC
 * option symbols are rewritten into words here, and a text that still holds one is flagged.
 */
import { strategyInWords } from '../../vocabulary/strategy-words.js';

export { STRATEGY_IN_WORDS, strategyInWords } from '../../vocabulary/strategy-words.js';

/** OCC: root (1–6), YYMMDD, C/P, strike × 1000 in 8 digits, e.g. SPY260302P00543000. */
export const OCC_SYMBOL = /\b([A-Z]{1,6})\d?(\d{2})(\d{2})(\d{2})([CP])(\d{8})\b/g;
/** Two or more lowercase words joined by underscores: scalp_puts, gamma_scalp_0dte. */
export const SNAKE_CASE_ID = /\b[a-z0-9]+(?:_[a-z0-9]+)+\b/g;

/** "SPY260302P00543000" → "SPY 543 put"; strategy ids → their words; other snake_case → spaced. */
export function inPlainWords(text: string): string {
  return text
    .replace(OCC_SYMBOL, (_m, root: string, _y, _mo, _d, right: string, strike: string) => {
      const k = Number(strike) / 1000;
      return `${root} ${k} ${right === 'C' ? 'call' : 'put'}`;
    })
    .replace(SNAKE_CASE_ID, (id) => strategyInWords(id));
}

/** Identifiers a reader should never see, as found in a text. */
export function machineTokens(text: string): string[] {
  return [...(text.match(OCC_SYMBOL) ?? []), ...(text.match(SNAKE_CASE_ID) ?? [])];
}

/** Small whole numbers in words, by value ("three minutes"): 0 to 12. */
export const SMALL_NUMBER_WORDS: readonly string[] =
  'zero one two three four five six seven eight nine ten eleven twelve'.split(' ');

/** `n` in words when it is a whole number up to twelve, else undefined. */
export function smallNumberInWords(n: number): string | undefined {
  return Number.isInteger(n) && n >= 0 && n < SMALL_NUMBER_WORDS.length
    ? SMALL_NUMBER_WORDS[n]
    : undefined;
}

/** "1 contract", "2 contracts", "3 iron condors" — `unit` is the singular. */
export function plural(n: number, unit: string): string {
  return `${n} ${n === 1 ? unit : `${unit}s`}`;
}

const LEVEL_WORDS: Record<string, string> = {
  gammaFlip: 'gamma flip',
  callWall: 'call wall',
  putWall: 'put wall',
  maxPain: 'max pain',
  vwap: 'VWAP',
  zeroGamma: 'zero gamma',
};

/** A level's key in words: gammaFlip → "gamma flip", call_wall → "call wall". */
export function levelInWords(key: string): string {
  return (
    LEVEL_WORDS[key] ??
    key
      .replace(/_/g, ' ')
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase()
  );
}

/** A duration in words: "30 seconds", "1 minute", "5 minutes", "2 hours", "immediately". */
export function durationInWords(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s <= 0) return 'immediately';
  if (s % 3600 === 0) return plural(s / 3600, 'hour');
  if (s % 60 === 0) return plural(s / 60, 'minute');
  return plural(s, 'second');
}
