/**
 * The plain sentences on top of each tier's report. Premium's regime context for the lead symbol
 * comes from the narrative service when one is given (its template or a fact-checked model text),
 * else from the same facts worded here; the day's story follows from the report's own figures.
 * Basic's and Free's sentences are written from their own views only, so they can hold no number
 * the tier may not see.
 */
import type { AnalyticsSnapshot } from '../analytics/analytics-snapshot.js';
import type { NarrativeFacts } from '../narrative/writer/facts.js';
import { regimeContextFacts } from '../narrative/writer/signal-facts.js';
import { countResults } from '../signals/trade-result.js';
import type { Report, SymbolLevels } from './report.js';
import {
  REGIME_WORDS,
  countWords,
  level,
  longDate,
  pct,
  signedUsd,
  strategyWords,
  tallyWords,
} from './report-words.js';
import type { BasicReportView, FreeReportView } from './tier-views.js';

/** The part of the NarrativeService a report uses. */
export interface RegimeNarrator {
  regimeContextNarrative(facts: NarrativeFacts, cacheKey?: string): Promise<{ text: string }>;
}

function gammaSentence(l: SymbolLevels): string {
  const side =
    l.flip === null
      ? `${l.symbol} is at ${level(l.spot)} with no gamma flip in range`
      : `${l.symbol} is at ${level(l.spot)}, ${l.spot >= l.flip ? 'above' : 'below'} the gamma flip at ${level(l.flip)}`;
  const dealers =
    l.netGex < 0
      ? 'dealers are short gamma, so moves can run'
      : 'dealers are long gamma, so moves tend to be absorbed';
  return `${side}; ${dealers}.`;
}

function wallsSentence(l: SymbolLevels, date: string): string | null {
  const parts: string[] = [];
  if (l.callWall !== null) parts.push(`the call wall at ${level(l.callWall)}`);
  if (l.putWall !== null) parts.push(`the put wall at ${level(l.putWall)}`);
  if (parts.length === 0) return null;
  const move = l.expectedMove
    ? ` Options price a move of about ${pct(l.expectedMove.pct)} ($${l.expectedMove.dollars.toFixed(2)}) by ${l.expectedMove.expiry === date ? "today's close" : longDate(l.expectedMove.expiry)}.`
    : '';
  return `Watch ${parts.join(' and ')}.${move}`;
}

function dayStory(r: Report): string[] {
  const results = countResults(
    r.signals.flatMap((s) => (s.outcome === null ? [] : [s.outcome.returnPct])),
  );
  const open = r.signals.filter((s) => s.status === 'open').length;
  const cancelled = r.signals.filter((s) => s.status === 'cancelled').length;
  const out: string[] = [];
  if (r.type === 'premarket') {
    out.push(
      r.positions.length === 0
        ? 'The book starts the day flat.'
        : `The book carries ${countWords(r.positions.length, 'open position')} into the open.`,
    );
    return out;
  }
  const when = r.type === 'close' ? 'Today' : 'So far today';
  out.push(
    r.signals.length === 0
      ? `${when} no setup met our bar, so no signal went out.`
      : `${when} we sent ${tallyWords(r.signals.length, 'signal', [
          [results.won, 'won'],
          [results.lost, 'lost'],
          [results.flat, 'closed flat'],
          [open, 'still open'],
          [cancelled, 'cancelled'],
        ])}.`,
  );
  out.push(
    r.risk.unrealizedPnl === 0
      ? `Day P&L is ${signedUsd(r.risk.dayPnl)}, all of it realised.`
      : `Day P&L is ${signedUsd(r.risk.dayPnl)} (${signedUsd(r.risk.realizedPnl)} realised, ${signedUsd(r.risk.unrealizedPnl)} on open positions).`,
  );
  const best = r.attribution[0];
  if (best && best.trades + (best.unrealizedPnl !== 0 ? 1 : 0) > 0)
    out.push(
      `The ${strategyWords(best.strategy)} setups led with ${signedUsd(best.realizedPnl + best.unrealizedPnl)}.`,
    );
  if (r.type === 'close' && r.plan[0]) {
    out.push(
      `For ${longDate(r.plan[0].nextSession)}, the plan follows each symbol's flip and walls below.`,
    );
  }
  return out;
}

export async function premiumNarrative(
  r: Report,
  snapshots: readonly AnalyticsSnapshot[],
  narrator?: RegimeNarrator,
): Promise<string[]> {
  const lead = r.chartData ? r.levels.find((l) => l.symbol === r.chartData?.symbol) : r.levels[0];
  const out: string[] = [];
  const snapshot = lead ? snapshots.find((s) => s.symbol === lead.symbol) : undefined;
  if (lead && snapshot && narrator) {
    const result = await narrator.regimeContextNarrative(
      regimeContextFacts(snapshot),
      `${r.id}:${lead.symbol}`,
    );
    out.push(result.text);
  } else if (lead) {
    out.push(gammaSentence(lead));
    const walls = wallsSentence(lead, r.date);
    if (walls) out.push(walls);
  }
  return [...out, ...dayStory(r)];
}

export function basicNarrative(v: Omit<BasicReportView, 'narrative'>): string[] {
  const out: string[] = [];
  const lead = v.gexShape ? v.levels.find((l) => l.symbol === v.gexShape?.symbol) : v.levels[0];
  if (lead) {
    const flip =
      lead.flipAround === null || lead.spotVsFlip === null
        ? `${lead.symbol} has no gamma flip in range`
        : `${lead.symbol} trades ${lead.spotVsFlip} its gamma flip, which sits around ${lead.flipAround}`;
    out.push(
      `${flip}; dealers are ${lead.dealerGamma} gamma, so ${lead.dealerGamma === 'short' ? 'moves can run' : 'moves tend to be absorbed'}.`,
    );
    if (lead.expectedMovePct !== null)
      out.push(`Options price a move of about ${lead.expectedMovePct}% for the session.`);
  }
  if (v.type !== 'premarket') {
    const count = (r: BasicReportView['signals'][number]['result']) =>
      v.signals.filter((s) => s.result === r).length;
    out.push(
      v.signals.length === 0
        ? 'No setup met our bar today, so no signal went out.'
        : `${v.type === 'close' ? 'Today' : 'So far today'} we sent ${tallyWords(
            v.signals.length,
            'signal',
            [
              [count('won'), 'won'],
              [count('lost'), 'lost'],
              [count('flat'), 'closed flat'],
              [count('open'), 'still open'],
              [count('cancelled'), 'cancelled'],
            ],
          )}.`,
    );
  }
  return out;
}

export function freeTeaser(v: Omit<FreeReportView, 'teaser'>): string[] {
  const lead = v.symbols.find((s) => s.symbol === 'SPY') ?? v.symbols[0];
  const out: string[] = [];
  if (lead)
    out.push(
      `${lead.symbol} is in a ${REGIME_WORDS[lead.regime]} tape with dealers ${lead.dealerGamma} gamma${lead.dealerGamma === 'short' ? ' — moves can run' : ' — moves tend to be absorbed'}.`,
    );
  if (v.type !== 'premarket')
    out.push(
      v.signalCount === 0
        ? 'No signal went out today.'
        : `${v.type === 'close' ? 'Today' : 'So far today'} our members got ${tallyWords(
            v.signalCount,
            'signal',
            [
              [v.wins, 'won'],
              [v.losses, 'lost'],
              [v.flat, 'closed flat'],
            ],
          )}.`,
    );
  out.push('Premium members see the exact levels, entries and charts.');
  return out;
}
