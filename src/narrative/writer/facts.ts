/**
 * What a narrative may say: the facts for one audience, structural and with every number labelled.
 * Callers build them from their own views (Premium: the signal, its explanation record, the
 * analytics it stood on, the regime; Basic/Free: only the tier's redacted view), so a writer — and
 * any model behind it — never sees a number the audience may not read. The fact check accepts a
 * number in the prose only if it matches one of these.
 */
import type { Direction, OptionRight } from '../../vocabulary/trading.js';
import { writtenNumbers } from './fact-check.js';
import { SMALL_NUMBER_WORDS } from './plain-words.js';
import type { Tier } from '../../vocabulary/tier.js';

/** Who reads the text: a subscriber tier, the operators (alerts), or a report's readers. */
export type NarrativeAudience = Tier | 'operator' | 'report';

export type NarrativeKind = 'signal' | 'operator_alert' | 'regime_context';

/**
 * How a number is written. `time` values are minutes after midnight New York (10:35 → 635);
 * `date` values are YYYYMMDD (2026-03-02 → 20260302); `pct` values are percent (6.67, not 0.0667);
 * `usd` values are dollars (a GEX of −$1.2B is −1.2e9).
 */
export type NumberUnit = 'usd' | 'price' | 'strike' | 'pct' | 'count' | 'minutes' | 'time' | 'date';

export interface NarrativeNumber {
  label: string;
  value: number;
  unit: NumberUnit;
}

export interface NarrativeContract {
  strike: number;
  right: OptionRight;
  /** YYYY-MM-DD, when the audience may see it. */
  expiry?: string;
}

export interface NarrativeSubject {
  symbol: string;
  direction?: Direction;
  /** The setup in plain words ("negative-gamma squeeze"), never a strategy id. */
  setup?: string;
  /** Premium only: the contract in words (strike and right), never an OCC symbol. */
  contract?: NarrativeContract;
}

/** The move that triggered a signal. */
export interface NarrativeMove {
  /** Signed percent. */
  pct: number;
  /** Over how long, when known. */
  minutes?: number;
  /** What moved: the option's premium or the underlying's price. */
  of: 'contract' | 'underlying';
  heavyVolume?: boolean;
}

/** Where price sits against the dealer-gamma levels. */
export interface NarrativeLevels {
  spot?: number;
  gammaFlip?: number;
  callWall?: number;
  putWall?: number;
  maxPain?: number;
  /** Sign of net dealer gamma exposure. */
  dealerGamma?: 'short' | 'long';
}

/** Premium only: the trade. */
export interface NarrativeTrade {
  entry: number;
  stop: number;
  target: number;
}

export interface NarrativeRegime {
  /** In words ("trending, low volatility"). */
  label: string;
  confidencePct?: number;
}

export interface NarrativeFacts {
  kind: NarrativeKind;
  audience: NarrativeAudience;
  subject: NarrativeSubject;
  /** A one-line statement of what happened (operator alerts, regime context); plain words. */
  headline?: string;
  move?: NarrativeMove;
  levels?: NarrativeLevels;
  trade?: NarrativeTrade;
  regime?: NarrativeRegime;
  /** Why it fired / what matters, in plain words. */
  points: string[];
  risks: string[];
  /** What voids the setup, in plain words ("SPY turns up over the next five minutes"). */
  invalidation?: string;
  counterfactuals: string[];
  /** Every other number the text may use, labelled. */
  numbers: NarrativeNumber[];
}

/** Empty lists filled in: the minimum a caller must give is kind, audience and subject. */
export function narrativeFacts(
  facts: Pick<NarrativeFacts, 'kind' | 'audience' | 'subject'> & Partial<NarrativeFacts>,
): NarrativeFacts {
  return { points: [], risks: [], counterfactuals: [], numbers: [], ...facts };
}

/**
 * Every number the facts hold: the labelled ones and those their sentences state. This is the set
 * the fact check matches against.
 */
export function factNumbers(facts: NarrativeFacts): NarrativeNumber[] {
  return [...labelledNumbers(facts), ...numbersInWords(facts)];
}

/** The structured fields' numbers plus `numbers`, labelled: the list a model's prompt shows. */
export function labelledNumbers(facts: NarrativeFacts): NarrativeNumber[] {
  const out: NarrativeNumber[] = [];
  const add = (label: string, value: number | undefined, unit: NumberUnit) => {
    if (value !== undefined && Number.isFinite(value)) out.push({ label, value, unit });
  };
  const c = facts.subject.contract;
  if (c) {
    add('contract strike', c.strike, 'strike');
    if (c.expiry) add('contract expiry', dateNumber(c.expiry), 'date');
  }
  if (facts.move) {
    add(`${facts.move.of === 'contract' ? 'premium' : 'price'} move`, facts.move.pct, 'pct');
    add('move window', facts.move.minutes, 'minutes');
  }
  const l = facts.levels;
  if (l) {
    add('spot', l.spot, 'price');
    add('gamma flip', l.gammaFlip, 'price');
    add('call wall', l.callWall, 'strike');
    add('put wall', l.putWall, 'strike');
    add('max pain', l.maxPain, 'strike');
  }
  if (facts.trade) {
    add('entry', facts.trade.entry, 'usd');
    add('stop', facts.trade.stop, 'usd');
    add('target', facts.trade.target, 'usd');
  }
  add('regime confidence', facts.regime?.confidencePct, 'pct');
  return [...out, ...facts.numbers];
}

const SPELLED_WORD = new RegExp(`\\b(${SMALL_NUMBER_WORDS.join('|')})\\b`, 'gi');

/**
 * The numbers the facts' own sentences state ("realised loss 4.2% against a 3% limit", "the next
 * five minutes"): the caller vetted those strings for the audience, so restating them is allowed.
 */
function numbersInWords(facts: NarrativeFacts): NarrativeNumber[] {
  const texts = [
    facts.headline ?? '',
    facts.invalidation ?? '',
    facts.regime?.label ?? '',
    ...facts.points,
    ...facts.risks,
    ...facts.counterfactuals,
  ];
  const out: NarrativeNumber[] = [];
  for (const text of texts) {
    for (const w of writtenNumbers(text)) {
      const label = `stated: ${w.text}`;
      if (w.kind === 'time') out.push({ label, value: w.value, unit: 'time' });
      else if (w.kind === 'date' && w.date?.year !== undefined) {
        const { year, month, day } = w.date;
        out.push({ label, value: year * 10000 + month * 100 + day, unit: 'date' });
      } else if (w.kind === 'percent') out.push({ label, value: w.value * w.scale, unit: 'pct' });
      else if (w.kind === 'number') out.push({ label, value: w.value * w.scale, unit: 'count' });
    }
    for (const [word] of text.matchAll(SPELLED_WORD))
      out.push({
        label: `stated: ${word}`,
        value: SMALL_NUMBER_WORDS.indexOf(word.toLowerCase()),
        unit: 'count',
      });
  }
  return out;
}

/** 2026-03-02 → 20260302 (the `date` unit). */
export function dateNumber(isoDate: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  return m ? Number(`${m[1]}${m[2]}${m[3]}`) : undefined;
}
