/**
 * Structural redaction: each tier renders from its own view type, built by a whitelist function
 * that copies only what the tier may see. A lower tier's view has no field that could carry an
 * entry, stop, target, exact strike, size or level, so a template cannot print one by mistake.
 * Everything a view says is already in words: strategy names, levels, legs and outcomes, never
 * the engine's identifiers.
 */

import type { Tier } from '../vocabulary/tier.js';
import type { PublishedSignal, SignalUpdate } from '../signals/signal.js';
import { tradeResult, wholePercent } from '../signals/trade-result.js';
import {
  basicActionHeadline,
  basicHeadline,
  describeStructure,
  DIRECTION_WORD,
  freeHeadline,
  freeTeaser,
  rightWord,
  roundStrike,
} from '../signals/tier-headlines.js';
import type { Direction } from '../vocabulary/trading.js';
import { newYorkLocalMs } from '../common/new-york-time.js';
import {
  durationInWords,
  inPlainWords,
  levelInWords,
  plural,
  strategyInWords,
} from '../narrative/writer/plain-words.js';
import { contractName, legInWords } from './contract-words.js';

export interface PremiumLegView {
  occSymbol: string;
  right: 'call' | 'put';
  strike: string;
  expiry: string;
  side: 'buy' | 'sell';
  quantity: number;
  /** "Buy 2 SPY 430 puts expiring 2026-03-06". */
  words: string;
}

export interface PremiumView {
  tier: 'premium';
  signalId: string;
  symbol: string;
  strategy: string;
  /** The strategy in words ("negative-gamma squeeze"). */
  strategyWords: string;
  direction: Direction;
  directionWord: string;
  /** "BUY SPY 442 call 2026-03-06" — the short name (the digest and follow-ups use it). */
  headline: string;
  /** "SPY 442C 2026-03-06", "SPY 425/430P 450/455C 2026-03-06 iron condor". */
  contract: string;
  /** "BUY SPY 442C 2026-03-06 @ $1.25 · Stop $0.65 · Target $2.40 · Size 3 contracts". */
  tradeLine: string;
  /** True for spreads, condors and other multi-leg positions (their legs are listed). */
  multiLeg: boolean;
  legs: PremiumLegView[];
  /** Contract symbols for a broker's order ticket, space separated. */
  contractCodes: string;
  entry: string;
  stop: string;
  target: string;
  size: number;
  /** "3 contracts", "1 condor". */
  sizeWords: string;
  confidencePct: number;
  narrative: string;
  triggeredBy: string[];
  riskFactors: string[];
  levels: { name: string; value: string }[];
  /** "gamma flip 438.5, call wall 445, put wall 430" ('' when none). */
  levelsInWords: string;
  /** When the trade idea is wrong, in words. */
  invalidation: string;
  chartUrl: string | null;
}

export interface BasicView {
  tier: 'basic';
  signalId: string;
  symbol: string;
  direction: Direction;
  directionWord: string;
  /** "calls", "puts", "call spread", "iron condor", "options"… */
  rightWord: string;
  /** The primary strike rounded to a coarse grid; equal to the exact strike only by chance. */
  strikeAround: number;
  /** "SPY calls around 440". */
  headline: string;
  /** "BUY SPY calls around 440". */
  actionHeadline: string;
  strategyWords: string;
}

export interface FreeView {
  tier: 'free';
  signalId: string;
  symbol: string;
  directionWord: string;
  /** "Bullish SPY setup triggered". */
  headline: string;
  /** "Premium members entered calls". */
  teaser: string;
}

export interface PremiumUpdateView {
  kind: SignalUpdate['kind'];
  /** "SPY 442C 2026-03-06: stop raised to breakeven ($1.25)" / "...: closed at $1.88, gain of 50%". */
  headline: string;
  newStop: string | null;
  exitPrice: string | null;
  returnPct: string | null;
  reason: string;
}

export interface BasicUpdateView {
  kind: SignalUpdate['kind'];
  /** "BUY SPY calls around 440 — trailing stop active" / "... — closed with a gain of 50%". */
  headline: string;
  trailingStopActive: boolean;
  outcome: string | null;
}

export interface FreeUpdateView {
  kind: 'closed';
  /** "Bullish SPY setup closed with a gain of 50%" / "Bullish SPY setup closed flat". */
  headline: string;
  outcome: string;
}

export type TierView = PremiumView | BasicView | FreeView;
export type TierUpdateView = PremiumUpdateView | BasicUpdateView | FreeUpdateView;

export const money = (v: number): string => `$${v.toFixed(2)}`;
/** Up to two decimals, trailing zeros dropped: 440, 442.5, 5812.25. */
export const plain = (v: number): string => String(Number(v.toFixed(2)));
/** A premium as a price: credits (negative) read as their size. */
const price = (v: number): string => money(Math.abs(v));

export { roundStrike };

function invalidationOf(s: PublishedSignal): string {
  if (s.invalidation) return inPlainWords(s.invalidation);
  // The engine's own narrative ends "Invalidation: <condition>."
  const said = /Invalidation: (.+?)\.?\s*$/.exec(s.narrative)?.[1];
  if (said) return inPlainWords(said);
  const credit = s.entry < 0;
  return credit
    ? `the position costs ${price(s.stop)} or more to buy back (the stop)`
    : `the position trades at ${price(s.stop)} or less (the stop)`;
}

export function premiumView(s: PublishedSignal): PremiumView {
  const structure = describeStructure(s.legs);
  const multiLeg = s.legs.length > 1;
  const contract = contractName(s.symbol, s.legs, structure);
  const credit = s.entry < 0;
  const at = `${price(s.entry)}${multiLeg ? (credit ? ' credit' : ' debit') : ''}`;
  const sizeWords = plural(s.size, structure.unit);
  const levels = Object.entries(s.levels).map(([name, value]) => ({ name, value: plain(value) }));
  const primary = s.legs[0];
  return {
    tier: 'premium',
    signalId: s.id,
    symbol: s.symbol,
    strategy: s.strategy,
    strategyWords: strategyInWords(s.strategy),
    direction: s.direction,
    directionWord: DIRECTION_WORD[s.direction],
    headline:
      `${DIRECTION_WORD[s.direction]} ${s.symbol} ${primary ? `${plain(primary.strike)} ${primary.right}` : ''} ${primary?.expiry ?? ''}`
        .replace(/\s+/g, ' ')
        .trim(),
    contract,
    tradeLine: `${structure.action} ${contract} @ ${at} · Stop ${price(s.stop)} · Target ${price(s.target)} · Size ${sizeWords}`,
    multiLeg,
    legs: s.legs.map((l) => ({
      occSymbol: l.occSymbol,
      right: l.right,
      strike: plain(l.strike),
      expiry: l.expiry,
      side: l.side,
      quantity: l.quantity,
      words: legInWords(s.symbol, l),
    })),
    contractCodes: s.legs.map((l) => l.occSymbol).join(' '),
    entry: credit ? `${price(s.entry)} credit` : money(s.entry),
    stop: price(s.stop),
    target: price(s.target),
    size: s.size,
    sizeWords,
    confidencePct: Math.round(s.confidence * 100),
    narrative: inPlainWords(s.narrative),
    triggeredBy: s.triggeredBy.map(inPlainWords),
    riskFactors: s.riskFactors.map(inPlainWords),
    levels,
    levelsInWords: levels.map((l) => `${levelInWords(l.name)} ${l.value}`).join(', '),
    invalidation: invalidationOf(s),
    chartUrl: s.chartUrl ?? null,
  };
}

export function basicView(s: PublishedSignal): BasicView {
  const structure = describeStructure(s.legs);
  return {
    tier: 'basic',
    signalId: s.id,
    symbol: s.symbol,
    direction: s.direction,
    directionWord: DIRECTION_WORD[s.direction],
    rightWord: structure.kind === 'combo' ? rightWord(s) : structure.words,
    strikeAround: roundStrike(structure.primaryStrike),
    headline: basicHeadline(s),
    actionHeadline: basicActionHeadline(s),
    strategyWords: strategyInWords(s.strategy),
  };
}

export function freeView(s: PublishedSignal): FreeView {
  return {
    tier: 'free',
    signalId: s.id,
    symbol: s.symbol,
    directionWord: DIRECTION_WORD[s.direction],
    headline: freeHeadline(s),
    teaser: freeTeaser(s),
  };
}

export function viewForTier(tier: Tier, s: PublishedSignal): TierView {
  if (tier === 'premium') return premiumView(s);
  if (tier === 'basic') return basicView(s);
  return freeView(s);
}

/** Whole-percent outcome, e.g. "gain of 50%" / "loss of 25%" / "flat". */
export function outcomeWords(returnPct: number | undefined): string | null {
  if (returnPct === undefined) return null;
  // The same rule reports count flat trades by (signals/trade-result.ts).
  if (tradeResult(returnPct) === 'flat') return 'flat';
  const pct = wholePercent(returnPct);
  return pct > 0 ? `gain of ${pct}%` : `loss of ${-pct}%`;
}

/** "closed with a gain of 50%", "closed flat", "closed". */
export function closedWords(returnPct: number | undefined): string {
  const outcome = outcomeWords(returnPct);
  if (!outcome) return 'closed';
  return outcome === 'flat' ? 'closed flat' : `closed with a ${outcome}`;
}

/**
 * Whether a tier hears only the first update of this kind for a signal: Basic never sees the stop
 * level, so a second stop move would repeat "trailing stop active" word for word.
 */
export function firstUpdateOnly(kind: SignalUpdate['kind'], tier: Tier): boolean {
  return (kind === 'stop_moved' && tier !== 'premium') || kind === 'narrative';
}

/** Which tiers hear about an update: free only of the close; a late narrative Premium only. */
export function updateAudience(kind: SignalUpdate['kind'], tier: Tier): boolean {
  if (kind === 'narrative') return tier === 'premium';
  return tier !== 'free' || kind === 'closed';
}

/** "stop raised to breakeven ($1.25)", "stop raised to $0.95", "stop tightened to $2.00". */
function stopMoveWords(s: PublishedSignal, newStop: number | undefined): string {
  if (newStop === undefined) return 'stop moved';
  const at = price(newStop);
  if (Math.abs(Math.abs(newStop) - Math.abs(s.entry)) < 0.005)
    return `stop moved to breakeven (${at})`;
  const credit = s.entry < 0;
  const tighter = credit ? Math.abs(newStop) < Math.abs(s.stop) : newStop > s.stop;
  const verb = credit ? (tighter ? 'tightened' : 'widened') : tighter ? 'raised' : 'lowered';
  return `stop ${verb} to ${at}`;
}

export function updateViewForTier(
  tier: Tier,
  s: PublishedSignal,
  u: SignalUpdate,
): TierUpdateView | null {
  if (!updateAudience(u.kind, tier)) return null;
  const outcome = outcomeWords(u.returnPct);
  if (tier === 'premium') {
    const contract = contractName(s.symbol, s.legs, describeStructure(s.legs));
    const exit = u.exitPrice !== undefined ? ` at ${price(u.exitPrice)}` : '';
    return {
      kind: u.kind,
      headline:
        u.kind === 'narrative'
          ? `${contract}: the full read`
          : u.kind === 'stop_moved'
            ? `${contract}: ${stopMoveWords(s, u.newStop)}`
            : `${contract}: ${outcome === 'flat' ? `closed flat${exit}` : `closed${exit}${outcome ? `, ${outcome}` : ''}`}`,
      newStop: u.newStop !== undefined ? price(u.newStop) : null,
      exitPrice: u.exitPrice !== undefined ? price(u.exitPrice) : null,
      returnPct: outcome,
      reason: u.kind === 'narrative' ? (u.narrative ?? '') : inPlainWords(u.reason),
    };
  }
  if (tier === 'basic') {
    return {
      kind: u.kind,
      headline:
        u.kind === 'stop_moved'
          ? `${basicActionHeadline(s)} — trailing stop active`
          : `${basicActionHeadline(s)} — ${closedWords(u.returnPct)}`,
      trailingStopActive: u.kind === 'stop_moved',
      outcome,
    };
  }
  return {
    kind: 'closed',
    headline: `${DIRECTION_WORD[s.direction]} ${s.symbol} setup ${closedWords(u.returnPct)}`,
    outcome: outcome ?? 'closed',
  };
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * "Data as of 10:32:05 ET on 2026-03-02" — every message carries it. The New York wall clock is
 * read as a UTC date (new-york-time.ts), not through a zone lookup: every message renders it.
 */
export function freshnessStamp(dataAsOf: number): string {
  const local = new Date(newYorkLocalMs(dataAsOf)).toISOString();
  return `Data as of ${local.slice(11, 19)} ET on ${local.slice(0, 10)}`;
}

/** "10:00 ET, Mon Mar 2" — when a message's news happened, in New York time. */
export function newYorkTime(ms: number): string {
  const local = new Date(newYorkLocalMs(ms));
  const day = `${WEEKDAYS[local.getUTCDay()]} ${MONTHS[local.getUTCMonth()]} ${local.getUTCDate()}`;
  return `${local.toISOString().slice(11, 16)} ET, ${day}`;
}

export function complianceFooter(tier: Tier, delayMs: number): string {
  const base =
    'Not investment advice. Educational content only; options trading involves risk of loss.';
  if (tier === 'premium') return base;
  const when = delayMs > 0 ? `${durationInWords(delayMs)} after Premium` : 'with Premium';
  return `${base} ${tier === 'basic' ? 'Basic' : 'Free'} tier: sent ${when}, without the exact contract.`;
}
