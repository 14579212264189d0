/** How reports write numbers, times and names for readers. */
import { DateTime } from 'luxon';
import type { RegimeLabel } from '../analytics/analytics-snapshot.js';
import { strategyInWords } from '../narrative/writer/plain-words.js';
import { regimeInWords } from '../vocabulary/regime-words.js';
import { NEW_YORK_ZONE } from '../vocabulary/units.js';

export function strategyWords(strategy: string): string {
  return strategyInWords(strategy);
}

export const REGIME_WORDS: Record<RegimeLabel, string> = {
  trending: regimeInWords('trending'),
  mean_reverting: regimeInWords('mean_reverting'),
  volatile: regimeInWords('volatile'),
  calm: regimeInWords('calm'),
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

/**
 * "24 signals: 13 won, 10 lost and 1 closed flat" — parts of zero left out, and every count in the
 * sentence written the same way (words up to twelve, else digits), so it never reads "24 signals:
 * 13 winners, eleven losers".
 */
export function tallyWords(
  total: number,
  noun: string,
  parts: readonly (readonly [count: number, label: string])[],
): string {
  const shown = parts.filter(([n]) => n > 0);
  const digits = [total, ...shown.map(([n]) => n)].some((n) => n >= SMALL.length);
  const num = (n: number): string => (digits ? String(n) : (SMALL[n] ?? String(n)));
  const head = `${num(total)} ${total === 1 ? noun : `${noun}s`}`;
  const words = shown.map(([n, label]) => `${num(n)} ${label}`);
  if (words.length === 0) return head;
  const list =
    words.length === 1
      ? words[0]
      : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
  return `${head}: ${list}`;
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
  const s = Math.abs(x * 100).toFixed(digits);
  if (Number(s) === 0) return `${s}%`;
  return x > 0 ? `+${s}%` : `−${s}%`;
}

const RESULT_WORDS = {
  won: 'won',
  lost: 'lost',
  flat: 'closed flat',
  open: 'still open',
  cancelled: 'cancelled',
} as const;

/** A signal's result as a lower tier reads it: "won (+27%)", "lost (−18%)", "closed flat". */
export function resultWords(result: keyof typeof RESULT_WORDS, wholePct: number | null): string {
  if ((result === 'won' || result === 'lost') && wholePct !== null)
    return `${RESULT_WORDS[result]} (${wholePct > 0 ? '+' : '−'}${Math.abs(wholePct)}%)`;
  return RESULT_WORDS[result];
}

/** Why a paper trade closed, as a clause: "the initial 15% stop was hit". */
export function exitWords(reason: string): string {
  const initial = /^initial (\S+) stop hit$/.exec(reason);
  if (initial) return `the initial ${initial[1]} stop was hit`;
  const trail = /^(trailing|ladder) stop at ([+\-−]?[\d.]+%) hit$/.exec(reason);
  if (trail) {
    const at = Number(trail[2].replace(/[+%]/g, '').replace('−', '-'));
    return at === 0
      ? 'the stop, raised to breakeven, was hit'
      : `the ${trail[1] === 'ladder' ? 'profit-locking' : 'trailing'} stop at ${trail[2]} was hit`;
  }
  if (reason === 'time stop') return 'it reached its time limit';
  if (reason.startsWith('expiry')) return 'it was closed before expiry';
  return reason;
}

/** The next session's bias for a symbol, as a sentence. */
export function biasWords(
  symbol: string,
  bias:
    'above flip: dealers dampen moves' | 'below flip: dealers amplify moves' | 'no flip in range',
): string {
  if (bias === 'no flip in range') return `${symbol} has no gamma flip nearby.`;
  const above = bias.startsWith('above');
  return `${symbol} closed ${above ? 'above' : 'below'} its gamma flip, where dealers tend to ${above ? 'dampen' : 'amplify'} moves.`;
}

/** A list in words: "a, b and c". */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** New York wall time, '10:42'. */
export function nyClock(ms: number): string {
  return DateTime.fromMillis(ms, { zone: NEW_YORK_ZONE }).toFormat('HH:mm');
}

/** '6 Mar' (an expiry in a Premium line). */
export function shortDate(date: string): string {
  return DateTime.fromISO(date, { zone: NEW_YORK_ZONE }).toFormat('d LLL');
}

/** 'Monday, 2 March 2026'. */
export function longDate(date: string): string {
  return DateTime.fromISO(date, { zone: NEW_YORK_ZONE }).toFormat('cccc, d LLLL yyyy');
}
