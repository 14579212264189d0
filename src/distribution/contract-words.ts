/**
 * A position's contract in a trader's shorthand and its legs in words, for Premium messages:
 * "SPY 442C 2026-03-06", "SPY 440/445C 2026-03-06 call spread", "SPY 425/430P 450/455C 2026-03-06
 * iron condor"; "Buy 2 SPY 430 puts expiring 2026-03-06".
 */
import type { Structure } from '../signals/tier-headlines.js';
import type { SignalLeg } from '../vocabulary/trading.js';
import { plural } from '../narrative/writer/plain-words.js';

const k = (v: number): string => String(Number(v.toFixed(2)));
const letter = (l: Pick<SignalLeg, 'right'>): string => (l.right === 'call' ? 'C' : 'P');

function strikes(legs: readonly SignalLeg[]): string {
  const sorted = [...legs].sort((a, b) => a.strike - b.strike);
  return `${sorted.map((l) => k(l.strike)).join('/')}${letter(sorted[0]!)}`;
}

export function contractName(
  symbol: string,
  legs: readonly SignalLeg[],
  structure: Structure,
): string {
  const expiries = [...new Set(legs.map((l) => l.expiry))].sort().join('/');
  const puts = legs.filter((l) => l.right === 'put');
  const calls = legs.filter((l) => l.right === 'call');
  switch (structure.kind) {
    case 'single':
      return `${symbol} ${k(legs[0]!.strike)}${letter(legs[0]!)} ${expiries}`;
    case 'vertical':
      return `${symbol} ${strikes(legs)} ${expiries} ${structure.words}`;
    case 'iron_condor':
      return `${symbol} ${strikes(puts)} ${strikes(calls)} ${expiries} iron condor`;
    case 'straddle':
      return `${symbol} ${k(legs[0]!.strike)} ${expiries} straddle`;
    case 'strangle':
      return `${symbol} ${strikes(puts)} ${strikes(calls)} ${expiries} strangle`;
    case 'combo':
      return `${symbol} ${legs.map((l) => `${k(l.strike)}${letter(l)}`).join(' ')} ${expiries}`;
  }
}

/** "Buy 2 SPY 430 puts expiring 2026-03-06". */
export function legInWords(symbol: string, l: SignalLeg): string {
  const side = l.side === 'buy' ? 'Buy' : 'Sell';
  return `${side} ${plural(l.quantity, `${symbol} ${k(l.strike)} ${l.right}`)} expiring ${l.expiry}`;
}
