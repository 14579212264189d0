/**
 * The one-line headlines a lower tier may read about a signal, from the fields that tier may see:
 * Basic gets the direction and a strike rounded to a coarse grid ("SPY calls around 440"), Free
 * the direction only ("Bullish SPY setup triggered"). Distribution's tier views and the /why
 * explainer both word a signal through here.
 */
import type { Direction } from '../vocabulary/trading.js';
import type { PublishedSignal } from './signal.js';

export const DIRECTION_WORD: Record<Direction, string> = {
  bullish: 'Bullish',
  bearish: 'Bearish',
  neutral: 'Neutral',
};

/** Coarse grid for "around": wide enough that it does not reveal the listed strike. */
export function roundStrike(strike: number): number {
  const step = strike < 25 ? 1 : strike < 100 ? 5 : strike < 1000 ? 10 : 50;
  return Math.round(strike / step) * step;
}

/** "calls", "puts" or "options" (mixed legs). */
export function rightWord(signal: Pick<PublishedSignal, 'legs'>): string {
  const rights = new Set(signal.legs.map((l) => l.right));
  if (rights.size !== 1) return 'options';
  return rights.has('call') ? 'calls' : 'puts';
}

/** "SPY calls around 440". */
export function basicHeadline(signal: Pick<PublishedSignal, 'symbol' | 'legs'>): string {
  return `${signal.symbol} ${rightWord(signal)} around ${roundStrike(signal.legs[0]?.strike ?? 0)}`;
}

/** "Bullish SPY setup triggered". */
export function freeHeadline(signal: Pick<PublishedSignal, 'symbol' | 'direction'>): string {
  return `${DIRECTION_WORD[signal.direction]} ${signal.symbol} setup triggered`;
}
