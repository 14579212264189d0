/**
 * The lines the bots' /signals and /performance answer with, at the caller's tier: Premium the
 * trade, Basic the action and a rounded strike, Free the direction. Plain text (both bots send
 * it as is), New York times with the zone.
 */
import { DateTime } from 'luxon';
import { contractName } from '../signals/contract-name.js';
import type { StrategyRecordLine } from '../signals/strategy-record.js';
import { basicActionHeadline, describeStructure, freeHeadline } from '../signals/tier-headlines.js';
import type { PublishedSignal } from '../signals/signal.js';
import type { Tier } from '../vocabulary/tier.js';
import { strategyInWords } from '../vocabulary/strategy-words.js';
import { NEW_YORK_ZONE } from '../vocabulary/units.js';
import type { DaySignal } from './insight-ports.js';

export const nyClock = (ms: number): string =>
  `${DateTime.fromMillis(ms, { zone: NEW_YORK_ZONE }).toFormat('HH:mm')} ET`;

const usd = (v: number): string => `$${Math.abs(v).toFixed(2)}`;

export function plural(n: number, unit: string): string {
  return `${n} ${n === 1 ? unit : `${unit}s`}`;
}

function outcomeText(o: DaySignal['outcome']): string {
  if (!o) return 'open';
  const pct = Math.round(o.returnPct * 100);
  if (pct === 0) return 'closed flat';
  return pct > 0 ? `closed with a gain of ${pct}%` : `closed with a loss of ${-pct}%`;
}

function premiumTrade(s: PublishedSignal): string {
  const structure = describeStructure(s.legs);
  const credit = s.entry < 0 && s.legs.length > 1 ? ' credit' : '';
  return `${structure.action} ${contractName(s.symbol, s.legs, structure)} @ ${usd(s.entry)}${credit} · stop ${usd(s.stop)} · target ${usd(s.target)}`;
}

/** One line of /signals at a tier. */
export function signalLine(tier: Tier, d: DaySignal): string {
  const s = d.signal;
  const what =
    tier === 'premium'
      ? premiumTrade(s)
      : tier === 'basic'
        ? basicActionHeadline(s)
        : freeHeadline(s);
  return `${nyClock(s.publishedAt)} · ${s.id} · ${what} — ${outcomeText(d.outcome)}`;
}

/** One line of /performance: "negative-gamma squeeze: 12 trades, 7 wins (58%), +0.41 R a trade". */
export function recordLine(l: StrategyRecordLine, tier: Tier): string {
  const rate = l.trades > 0 ? Math.round((l.wins / l.trades) * 100) : 0;
  const r =
    l.avgR === null ? '' : `, ${l.avgR >= 0 ? '+' : '−'}${Math.abs(l.avgR).toFixed(2)} R a trade`;
  const dollars =
    tier === 'free'
      ? ''
      : `, ${l.pnlPerContract >= 0 ? '+' : '−'}${usd(l.pnlPerContract)} a contract in all`;
  return `${strategyInWords(l.strategy)}: ${plural(l.trades, 'trade')}, ${plural(l.wins, 'win')} (${rate}%)${r}${dollars}`;
}
