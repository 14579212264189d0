/**
 * A position's contract in a trader's shorthand, for Premium eyes only: "SPY 442C 2026-03-06",
 * "SPY 440/445C 2026-03-06 call spread", "SPY 425/430P 450/455C 2026-03-06 iron condor".
 */
import type { SignalLeg } from '../vocabulary/trading.js';
import type { Structure } from './tier-headlines.js';

const k = (v: number): string => String(Number(v.toFixed(2)));
const letter = (l: Pick<SignalLeg, 'right'>): string => (l.right === 'call' ? 'C' : 'P');

function strikes(legs: readonly SignalLeg[]): string {
  const sorted = [...legs].sort((a, b) => a.strike - b.strike);
  return `${sorted.map((l) => k(l.strike)).join('/')}${sorted[0] ? letter(sorted[0]) : ''}`;
}

export function contractName(
  symbol: string,
  legs: readonly SignalLeg[],
  structure: Structure,
): string {
  const expiries = [...new Set(legs.map((l) => l.expiry))].sort().join('/');
  const puts = legs.filter((l) => l.right === 'put');
  const calls = legs.filter((l) => l.right === 'call');
  const first = legs[0];
  switch (structure.kind) {
    case 'single':
      return first ? `${symbol} ${k(first.strike)}${letter(first)} ${expiries}` : symbol;
    case 'vertical':
      return `${symbol} ${strikes(legs)} ${expiries} ${structure.words}`;
    case 'iron_condor':
      return `${symbol} ${strikes(puts)} ${strikes(calls)} ${expiries} iron condor`;
    case 'straddle':
      return `${symbol} ${first ? k(first.strike) : ''} ${expiries} straddle`;
    case 'strangle':
      return `${symbol} ${strikes(puts)} ${strikes(calls)} ${expiries} strangle`;
    case 'combo':
      return `${symbol} ${legs.map((l) => `${k(l.strike)}${letter(l)}`).join(' ')} ${expiries}`;
  }
}
