/**
 * The daily digest email: one per trading day and subscriber who chose digest, after the close
 * (16:10 New York; 13:10 on a half day; none on holidays), with the day's signals at the
 * subscriber's tier — only those whose tier delay had passed by then — their outcomes, and the
 * close report's summary when a summary port is given.
 */
import { DateTime } from 'luxon';
import { isEarlyClose, isTradingDay, nyInstant } from '../common/market-calendar.js';
import type { PublishedSignal, SignalUpdate } from '../signals/signal.js';
import type { Tier } from '../vocabulary/tier.js';
import { NEW_YORK_ZONE } from '../vocabulary/units.js';
import type { DayEvent, DigestEvent } from './delivery-records.js';
import { scanMessage, type LeakFinding } from './leak-scanner.js';
import type { Rendered } from './renderer.js';
import {
  basicView,
  complianceFooter,
  freeView,
  money,
  outcomeWords,
  premiumView,
} from './views.js';

/** The close report's summary for a tier, if the reports module has one for the day. */
export interface DigestSummaries {
  closeSummary(day: string, tier: Tier): Promise<string | null>;
}

/** Optional provider of DigestSummaries (the app can bind the reports' close report to it). */
export const DIGEST_SUMMARIES = Symbol('DigestSummaries');

/** When a day's digest goes out, on the engine clock; null when the exchange is closed. */
export function digestTime(day: string): number | null {
  if (!isTradingDay(day)) return null;
  return nyInstant(day, isEarlyClose(day) ? '13:10' : '16:10');
}

export interface DigestSignal {
  signal: PublishedSignal;
  /** The close of the signal, if it closed by the digest's time. */
  closed: SignalUpdate | null;
  narrative: string;
}

/** The day's signals a tier's digest reports: those its delay let out by the digest's time. */
export function digestSignals(
  events: DayEvent[],
  delayMs: number,
  at: number,
): { signal: PublishedSignal; closed: SignalUpdate | null }[] {
  const closes = new Map<string, SignalUpdate>();
  for (const e of events) if (e.update?.kind === 'closed') closes.set(e.signal.id, e.update);
  return events
    .filter((e) => e.update === null && e.eventAt + delayMs <= at)
    .map((e) => ({ signal: e.signal, closed: closes.get(e.signal.id) ?? null }));
}

const TIER_NAME: Record<Tier, string> = { premium: 'Premium', basic: 'Basic', free: 'Free' };

function headlineOf(tier: Tier, s: PublishedSignal): string {
  if (tier === 'premium') {
    const v = premiumView(s);
    return `${v.headline} — entry ${v.entry}, stop ${v.stop}, target ${v.target}, size ${v.size}`;
  }
  if (tier === 'basic') {
    const v = basicView(s);
    return `${v.directionWord}: ${v.headline}`;
  }
  return freeView(s).headline;
}

function outcomeOf(tier: Tier, closed: SignalUpdate | null): string {
  if (!closed) return 'still open';
  const outcome = outcomeWords(closed.returnPct);
  const exit =
    tier === 'premium' && closed.exitPrice !== undefined ? ` at ${money(closed.exitPrice)}` : '';
  // A trade closed at its entry is neither a winner nor a loser: "closed flat at $3.25".
  if (outcome === 'flat') return `closed flat${exit}`;
  return `closed${exit}${outcome ? ` with a ${outcome}` : ''}`;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface DigestRenderInput {
  event: DigestEvent;
  signals: DigestSignal[];
  summary: string | null;
  delayMs: number;
  unsubscribeUrl: string | null;
}

/** The digest email (subject, text, HTML) in the shape of any rendered message. */
export function renderDigest(input: DigestRenderInput): Rendered {
  const { tier, day } = input.event.digest;
  const date = DateTime.fromISO(day, { zone: NEW_YORK_ZONE });
  const dayWords = date.toFormat('cccc, LLLL d, yyyy');
  const count = input.signals.length;
  const countText = `${count} signal${count === 1 ? '' : 's'}`;
  const listTitle = `Signals today (${count})`;
  const subject = `GammaDesk daily digest, ${day} (${TIER_NAME[tier]}): ${countText}`;
  const times = input.signals.map(({ signal }) =>
    DateTime.fromMillis(signal.publishedAt, { zone: NEW_YORK_ZONE }).toFormat('HH:mm'),
  );
  const items = input.signals.map((d, i) => ({
    title: `${times[i]} ET — ${headlineOf(tier, d.signal)}`,
    narrative: d.narrative,
    outcome: `Outcome: ${outcomeOf(tier, d.closed)}.`,
  }));
  const footer = complianceFooter(tier, input.delayMs);
  const intro = `Your GammaDesk digest for ${dayWords} (${TIER_NAME[tier]} tier).`;
  const none = 'No signals were published today.';
  const text = [
    intro,
    ...(input.summary ? ['', input.summary] : []),
    '',
    count === 0 ? none : `${listTitle}:`,
    ...items.flatMap((it, i) => [
      `${i + 1}. ${it.title}`,
      ...(it.narrative ? [`   ${it.narrative}`] : []),
      `   ${it.outcome}`,
    ]),
    '',
    footer,
    ...(input.unsubscribeUrl ? [`Unsubscribe: ${input.unsubscribeUrl}`] : []),
  ].join('\n');
  const html = [
    '<!doctype html>',
    '<html><body style="font-family:sans-serif">',
    `<h2>${escapeHtml(intro)}</h2>`,
    ...(input.summary ? [`<p>${escapeHtml(input.summary)}</p>`] : []),
    count === 0 ? `<p>${none}</p>` : `<h3>${listTitle}</h3><ol>`,
    ...items.map(
      (it) =>
        `<li><b>${escapeHtml(it.title)}</b>${it.narrative ? `<br>${escapeHtml(it.narrative)}` : ''}<br>${escapeHtml(it.outcome)}</li>`,
    ),
    count === 0 ? '' : '</ol>',
    `<p style="color:gray">${escapeHtml(footer)}</p>`,
    input.unsubscribeUrl
      ? `<p><a href="${escapeHtml(input.unsubscribeUrl)}">Unsubscribe</a></p>`
      : '',
    '</body></html>',
  ].join('\n');
  // Our own counts, dates and times: not numbers of a signal.
  const safeFragments = [
    footer,
    day,
    dayWords,
    countText,
    listTitle,
    ...times.map((t) => `${t} ET`),
  ];
  items.forEach((_, i) => safeFragments.push(`${i + 1}. `));
  if (input.unsubscribeUrl) safeFragments.push(input.unsubscribeUrl);
  return {
    message: { channel: 'email', subject, html, text },
    text: `Subject: ${subject}\n\n${text}`,
    parts: [subject, html, text],
    safeFragments,
  };
}

/** A lower tier's digest scanned against every signal in it (no number of a higher tier). */
export function scanDigest(tier: Tier, signals: DigestSignal[], rendered: Rendered): LeakFinding[] {
  return signals.flatMap((d) =>
    scanMessage({
      tier,
      signal: d.signal,
      update: d.closed,
      parts: rendered.parts,
      safeFragments: rendered.safeFragments,
    }),
  );
}
