/** How reports write numbers, times and names for readers. */
import { DateTime } from 'luxon';
import type { RegimeLabel } from '../analytics/analytics-snapshot.js';
import { strategyInWords } from '../narrative/writer/plain-words.js';
import { NEW_YORK_ZONE } from '../vocabulary/units.js';

export function strategyWords(strategy: string): string {
  return strategyInWords(strategy);
}

export const REGIME_WORDS: Record<RegimeLabel, string> = {
  trending: 'trending',
  mean_reverting: 'range-bound',
  volatile: 'volatile',
  calm: 'calm',
};

const SMALL = [
  'no',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
];

/**
 * A count in words up to twelve ("three signals"), so a count in a lower tier's text never reads
 * like a price or a size.
 */
export function countWords(n: number, noun: string, plural = `${noun}s`): string {
  const word = SMALL[n] ?? String(n);
  return `${word} ${n === 1 ? noun : plural}`;
}

export function price(x: number): string {
  return x.toFixed(2);
}

/** A level: whole strikes without decimals, others to the cent. */
export function level(x: number | null): string {
  if (x === null) return '—';
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}

export function usd(x: number): string {
  const abs = Math.abs(x).toLocaleString('en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  return `${x < 0 ? '−' : ''}$${abs}`;
}

export function signedUsd(x: number): string {
  return x > 0 ? `+${usd(x)}` : usd(x);
}

/** Dollars in short form: $1.2B, $350M, $12K. */
export function compactUsd(x: number): string {
  const abs = Math.abs(x);
  const sign = x < 0 ? '−' : '';
  if (abs >= 1e9) return `${sign}$${(abs / 1e9).toFixed(1)}B`;
  if (abs >= 1e6) return `${sign}$${(abs / 1e6).toFixed(0)}M`;
  if (abs >= 1e3) return `${sign}$${(abs / 1e3).toFixed(0)}K`;
  return `${sign}$${abs.toFixed(0)}`;
}

export function pct(x: number, digits = 1): string {
  return `${(x * 100).toFixed(digits)}%`;
}

export function signedPct(x: number, digits = 0): string {
  const s = (x * 100).toFixed(digits);
  return x > 0 ? `+${s}%` : `${s}%`;
}

/** New York wall time, '10:42'. */
export function nyClock(ms: number): string {
  return DateTime.fromMillis(ms, { zone: NEW_YORK_ZONE }).toFormat('HH:mm');
}

/** 'Monday, 2 March 2026'. */
export function longDate(date: string): string {
  return DateTime.fromISO(date, { zone: NEW_YORK_ZONE }).toFormat('cccc, d LLLL yyyy');
}
