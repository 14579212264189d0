/**
 * Structural redaction: each tier renders from its own view type, built by a whitelist function
 * that copies only what the tier may see. A lower tier's view has no field that could carry an
 * entry, stop, target, exact strike, size or level, so a template cannot print one by mistake.
 */
import { DateTime } from 'luxon';
import type { Tier } from '../vocabulary/tier.js';
import type { PublishedSignal, SignalUpdate } from '../signals/signal.js';
import {
  basicHeadline,
  DIRECTION_WORD,
  freeHeadline,
  rightWord,
  roundStrike,
} from '../signals/tier-headlines.js';
import type { Direction } from '../vocabulary/trading.js';
import { NEW_YORK_ZONE } from '../vocabulary/units.js';

export interface PremiumLegView {
  occSymbol: string;
  right: 'call' | 'put';
  strike: string;
  expiry: string;
  side: 'buy' | 'sell';
  quantity: number;
}

export interface PremiumView {
  tier: 'premium';
  signalId: string;
  symbol: string;
  strategy: string;
  direction: Direction;
  directionWord: string;
  headline: string;
  legs: PremiumLegView[];
  entry: string;
  stop: string;
  target: string;
  size: number;
  confidencePct: number;
  narrative: string;
  triggeredBy: string[];
  riskFactors: string[];
  levels: { name: string; value: string }[];
  chartUrl: string | null;
}

export interface BasicView {
  tier: 'basic';
  symbol: string;
  direction: Direction;
  directionWord: string;
  /** "calls", "puts" or "options" (mixed legs). */
  rightWord: string;
  /** The primary strike rounded to a coarse grid; equal to the exact strike only by chance. */
  strikeAround: number;
  /** "SPY calls around 440". */
  headline: string;
}

export interface FreeView {
  tier: 'free';
  symbol: string;
  directionWord: string;
  /** "Bullish SPY setup triggered". */
  headline: string;
}

export interface PremiumUpdateView {
  kind: SignalUpdate['kind'];
  headline: string;
  newStop: string | null;
  exitPrice: string | null;
  returnPct: string | null;
  reason: string;
}

export interface BasicUpdateView {
  kind: SignalUpdate['kind'];
  /** "SPY calls around 440: trailing stop active" / "...: closed, gain of 50%". */
  headline: string;
  trailingStopActive: boolean;
  outcome: string | null;
}

export interface FreeUpdateView {
  kind: 'closed';
  /** "Bullish SPY setup closed with a gain of 50%". */
  headline: string;
  outcome: string;
}

export type TierView = PremiumView | BasicView | FreeView;
export type TierUpdateView = PremiumUpdateView | BasicUpdateView | FreeUpdateView;

export const money = (v: number): string => `$${v.toFixed(2)}`;
/** Up to two decimals, trailing zeros dropped: 440, 442.5, 5812.25. */
export const plain = (v: number): string => String(Number(v.toFixed(2)));

export { roundStrike };

export function premiumView(s: PublishedSignal): PremiumView {
  const primary = s.legs[0];
  return {
    tier: 'premium',
    signalId: s.id,
    symbol: s.symbol,
    strategy: s.strategy,
    direction: s.direction,
    directionWord: DIRECTION_WORD[s.direction],
    headline:
      `${DIRECTION_WORD[s.direction]} ${s.symbol} ${primary ? `${plain(primary.strike)} ${primary.right}` : ''} ${primary?.expiry ?? ''}`
        .replace(/\s+/g, ' ')
        .trim(),
    legs: s.legs.map((l) => ({
      occSymbol: l.occSymbol,
      right: l.right,
      strike: plain(l.strike),
      expiry: l.expiry,
      side: l.side,
      quantity: l.quantity,
    })),
    entry: money(s.entry),
    stop: money(s.stop),
    target: money(s.target),
    size: s.size,
    confidencePct: Math.round(s.confidence * 100),
    narrative: s.narrative,
    triggeredBy: [...s.triggeredBy],
    riskFactors: [...s.riskFactors],
    levels: Object.entries(s.levels).map(([name, value]) => ({ name, value: plain(value) })),
    chartUrl: s.chartUrl ?? null,
  };
}

export function basicView(s: PublishedSignal): BasicView {
  const strikeAround = roundStrike(s.legs[0]?.strike ?? 0);
  const word = rightWord(s);
  return {
    tier: 'basic',
    symbol: s.symbol,
    direction: s.direction,
    directionWord: DIRECTION_WORD[s.direction],
    rightWord: word,
    strikeAround,
    headline: basicHeadline(s),
  };
}

export function freeView(s: PublishedSignal): FreeView {
  return {
    tier: 'free',
    symbol: s.symbol,
    directionWord: DIRECTION_WORD[s.direction],
    headline: freeHeadline(s),
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
  const pct = Math.round(returnPct * 100);
  if (pct === 0) return 'flat';
  return pct > 0 ? `gain of ${pct}%` : `loss of ${-pct}%`;
}

/**
 * Whether a tier hears only the first update of this kind for a signal: Basic never sees the stop
 * level, so a second stop move would repeat "trailing stop active" word for word.
 */
export function firstUpdateOnly(kind: SignalUpdate['kind'], tier: Tier): boolean {
  return kind === 'stop_moved' && tier !== 'premium';
}

/** Which tiers hear about an update: free only of the close. */
export function updateAudience(kind: SignalUpdate['kind'], tier: Tier): boolean {
  return tier !== 'free' || kind === 'closed';
}

export function updateViewForTier(
  tier: Tier,
  s: PublishedSignal,
  u: SignalUpdate,
): TierUpdateView | null {
  if (!updateAudience(u.kind, tier)) return null;
  const outcome = outcomeWords(u.returnPct);
  if (tier === 'premium') {
    return {
      kind: u.kind,
      headline:
        u.kind === 'stop_moved'
          ? `${s.symbol}: stop moved to ${u.newStop !== undefined ? money(u.newStop) : 'a new level'}`
          : `${s.symbol}: closed${u.exitPrice !== undefined ? ` at ${money(u.exitPrice)}` : ''}${outcome ? `, ${outcome}` : ''}`,
      newStop: u.newStop !== undefined ? money(u.newStop) : null,
      exitPrice: u.exitPrice !== undefined ? money(u.exitPrice) : null,
      returnPct: outcome,
      reason: u.reason,
    };
  }
  if (tier === 'basic') {
    const b = basicView(s);
    return {
      kind: u.kind,
      headline:
        u.kind === 'stop_moved'
          ? `${b.headline}: trailing stop active`
          : `${b.headline}: closed${outcome ? `, ${outcome}` : ''}`,
      trailingStopActive: u.kind === 'stop_moved',
      outcome,
    };
  }
  const f = freeView(s);
  return {
    kind: 'closed',
    headline: `${f.directionWord} ${s.symbol} setup closed${outcome ? ` with a ${outcome}` : ''}`,
    outcome: outcome ?? 'closed',
  };
}

/** "Data as of 10:32:05 ET on 2026-03-02" — every message carries it. */
export function freshnessStamp(dataAsOf: number): string {
  const t = DateTime.fromMillis(dataAsOf, { zone: NEW_YORK_ZONE });
  return `Data as of ${t.toFormat('HH:mm:ss')} ET on ${t.toFormat('yyyy-LL-dd')}`;
}

export function complianceFooter(tier: Tier, delayMs: number): string {
  const base =
    'Not investment advice. Educational content only; options trading involves risk of loss.';
  if (tier === 'premium') return base;
  return `${base} ${tier === 'basic' ? 'Basic' : 'Free'} tier: delayed ${Math.round(delayMs / 1000)} s and redacted.`;
}
