/**
 * The one-line headlines a lower tier may read about a signal, from the fields that tier may see:
 * Basic gets the action, the structure and a strike rounded to a coarse grid ("BUY SPY calls
 * around 440"), Free the direction and what Premium members did ("Bullish SPY setup triggered —
 * Premium members entered calls"). Distribution's tier views and the /why explainer both word a
 * signal through here.
 */
import type { Direction, SignalLeg } from '../vocabulary/trading.js';
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

export type StructureKind =
  'single' | 'vertical' | 'iron_condor' | 'straddle' | 'strangle' | 'combo';

/** What a position is, in words, from its legs only. */
export interface Structure {
  kind: StructureKind;
  /** BUY for a debit (or a long option), SELL for a credit. */
  action: 'BUY' | 'SELL';
  /** "calls", "puts", "call spread", "put spread", "iron condor", "straddle", "options". */
  words: string;
  /** What one unit of size is: "contract", "spread", "condor", "straddle", "position". */
  unit: string;
  /** The strike a reader would name it by (the long strike of a debit spread, a condor's middle). */
  primaryStrike: number;
}

/** "calls", "puts" or "options" (mixed legs). */
export function rightWord(signal: Pick<PublishedSignal, 'legs'>): string {
  const rights = new Set(signal.legs.map((l) => l.right));
  if (rights.size !== 1) return 'options';
  return rights.has('call') ? 'calls' : 'puts';
}

const sideAction = (l: SignalLeg | undefined): 'BUY' | 'SELL' =>
  l?.side === 'sell' ? 'SELL' : 'BUY';

/** Single options, vertical spreads, iron condors, straddles and strangles; anything else is a combo. */
export function describeStructure(legs: readonly SignalLeg[]): Structure {
  const first = legs[0];
  const sameExpiry = new Set(legs.map((l) => l.expiry)).size <= 1;
  if (legs.length === 1 && first) {
    return {
      kind: 'single',
      action: sideAction(first),
      words: first.right === 'call' ? 'calls' : 'puts',
      unit: 'contract',
      primaryStrike: first.strike,
    };
  }
  if (legs.length === 2 && sameExpiry) {
    const [a, b] = legs as [SignalLeg, SignalLeg];
    if (a.right === b.right && a.side !== b.side) {
      const [low, high] = a.strike <= b.strike ? [a, b] : [b, a];
      // A call spread is a debit when the lower strike is bought; a put spread when the higher is.
      const long = a.side === 'buy' ? a : b;
      const debit = a.right === 'call' ? low === long : high === long;
      const short = long === a ? b : a;
      return {
        kind: 'vertical',
        action: debit ? 'BUY' : 'SELL',
        words: `${a.right} spread`,
        unit: 'spread',
        primaryStrike: debit ? long.strike : short.strike,
      };
    }
    if (a.right !== b.right && a.side === b.side) {
      const kind = a.strike === b.strike ? 'straddle' : 'strangle';
      return {
        kind,
        action: sideAction(a),
        words: kind,
        unit: kind,
        primaryStrike: (a.strike + b.strike) / 2,
      };
    }
  }
  if (legs.length === 4 && sameExpiry) {
    const puts = legs.filter((l) => l.right === 'put').sort((x, y) => x.strike - y.strike);
    const calls = legs.filter((l) => l.right === 'call').sort((x, y) => x.strike - y.strike);
    if (puts.length === 2 && calls.length === 2) {
      const [pLow, pHigh] = puts as [SignalLeg, SignalLeg];
      const [cLow, cHigh] = calls as [SignalLeg, SignalLeg];
      const shortInner =
        pHigh.side === 'sell' &&
        cLow.side === 'sell' &&
        pLow.side === 'buy' &&
        cHigh.side === 'buy';
      const longInner =
        pHigh.side === 'buy' &&
        cLow.side === 'buy' &&
        pLow.side === 'sell' &&
        cHigh.side === 'sell';
      if (shortInner || longInner) {
        return {
          kind: 'iron_condor',
          action: shortInner ? 'SELL' : 'BUY',
          words: 'iron condor',
          unit: 'condor',
          primaryStrike: (pHigh.strike + cLow.strike) / 2,
        };
      }
    }
  }
  return {
    kind: 'combo',
    action: sideAction(first),
    words:
      rightWord({ legs: [...legs] }) === 'options' ? 'options' : rightWord({ legs: [...legs] }),
    unit: 'position',
    primaryStrike: first?.strike ?? 0,
  };
}

/** "SPY calls around 440" (an iron condor: around the middle of its short strikes). */
export function basicHeadline(signal: Pick<PublishedSignal, 'symbol' | 'legs'>): string {
  const s = describeStructure(signal.legs);
  return `${signal.symbol} ${s.words} around ${roundStrike(s.primaryStrike)}`;
}

/** "BUY SPY calls around 440", "SELL SPY iron condor around 440". */
export function basicActionHeadline(signal: Pick<PublishedSignal, 'symbol' | 'legs'>): string {
  return `${describeStructure(signal.legs).action} ${basicHeadline(signal)}`;
}

/** "Bullish SPY setup triggered". */
export function freeHeadline(signal: Pick<PublishedSignal, 'symbol' | 'direction'>): string {
  return `${DIRECTION_WORD[signal.direction]} ${signal.symbol} setup triggered`;
}

/** "Premium members entered calls", "Premium members sold an iron condor". */
export function freeTeaser(signal: Pick<PublishedSignal, 'legs'>): string {
  const s = describeStructure(signal.legs);
  const verb = s.action === 'BUY' ? (s.kind === 'single' ? 'entered' : 'bought') : 'sold';
  if (s.kind === 'single') return `Premium members ${verb} ${s.words}`;
  if (s.kind === 'combo') return 'Premium members entered an options position';
  const article = /^[aeiou]/.test(s.words) ? 'an' : 'a';
  return `Premium members ${verb} ${article} ${s.words}`;
}
