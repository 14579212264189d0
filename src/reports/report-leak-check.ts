/**
 * The last line of defence behind the tier views: every string rendered for Basic or Free (email
 * HTML and text, chat summary, teaser, chart SVG text) is scanned for numbers only Premium may see
 * — exact levels, entries, stops, targets, strikes, fill and exit prices, dollar P&L. Numbers are
 * compared by value to the cent, so 550, 550.00 and $550 all match a wall of 550. Dates, clock
 * times and percentages are cut out first (no price is written as one), and numbers the tier's own
 * view carries (a rounded level that lands on a strike, a count of signals or trades) are allowed,
 * as for signals.
 */
import type { Report } from './report.js';
import type { BasicReportView, FreeReportView } from './tier-views.js';

export interface ForbiddenReportNumber {
  field: string;
  value: number;
}

export interface ReportLeak {
  field: string;
  token: string;
}

export function premiumOnlyReportNumbers(r: Report): ForbiddenReportNumber[] {
  const out: ForbiddenReportNumber[] = [];
  const add = (field: string, value: number | null | undefined): void => {
    if (value !== null && value !== undefined && Number.isFinite(value) && value !== 0)
      out.push({ field, value });
  };
  for (const l of r.levels) {
    add(`${l.symbol}.flip`, l.flip);
    add(`${l.symbol}.callWall`, l.callWall);
    add(`${l.symbol}.putWall`, l.putWall);
    add(`${l.symbol}.maxPain`, l.maxPain);
    add(`${l.symbol}.expectedMove`, l.expectedMove?.dollars);
  }
  for (const s of r.signals) {
    add(`${s.id}.entry`, s.entry);
    add(`${s.id}.stop`, s.stop);
    add(`${s.id}.target`, s.target);
    add(`${s.id}.strike`, s.contract.strike);
    s.fills.forEach((f, i) => add(`${s.id}.fills[${i}].price`, f.price));
    add(`${s.id}.exitPrice`, s.outcome?.exitPrice);
    add(`${s.id}.pnl`, s.outcome?.pnl);
  }
  for (const p of r.positions) {
    add(`${p.signalId}.position.entry`, p.entry);
    add(`${p.signalId}.position.mark`, p.mark);
    add(`${p.signalId}.position.pnl`, p.unrealizedPnl);
  }
  for (const a of r.attribution) {
    add(`${a.strategy}.realizedPnl`, a.realizedPnl);
    add(`${a.strategy}.unrealizedPnl`, a.unrealizedPnl);
  }
  add('risk.equity', r.risk.equity);
  add('risk.dayPnl', r.risk.dayPnl);
  return out;
}

/** Numbers the tier's own view carries. */
export function allowedReportNumbers(view: BasicReportView | FreeReportView): number[] {
  if (view.tier === 'free')
    return [
      view.signalCount,
      view.wins,
      view.losses,
      view.flat,
      ...(view.setups ?? []).flatMap((s) => [s.bullish, s.bearish, s.neutral]),
    ];
  const out: number[] = [view.signals.length];
  for (const s of view.strategies) out.push(s.trades, s.wins, s.losses, s.flat);
  const results = view.signals.map((s) => s.result);
  for (const r of ['won', 'lost', 'flat', 'open', 'cancelled'] as const)
    out.push(results.filter((x) => x === r).length);
  for (const l of view.levels) {
    out.push(l.spot);
    for (const x of [l.flipAround, l.callWallAround, l.putWallAround, l.maxPainAround])
      if (x !== null) out.push(x);
  }
  for (const p of view.plan) for (const w of p.watch) out.push(w.around);
  for (const b of view.gexShape?.buckets ?? []) out.push(b.around);
  for (const s of view.signals) {
    const m = /around (\d+(?:\.\d+)?)/.exec(s.headline);
    if (m) out.push(Number(m[1]));
  }
  return out;
}

const cents = (x: number): number => Math.round(x * 100);

/** What a reader sees of an HTML or SVG document: text content, no styles, tags or attributes. */
export function visibleText(markup: string): string {
  return markup
    .replace(/<style[\s\S]*?<\/style>/gi, ' ')
    .replace(/<head[\s\S]*?<\/head>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/gi, ' ');
}

const CUT = [
  /\b\d{4}-\d{2}-\d{2}\b/g, // dates
  /\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b/g,
  /\b\d{1,2}:\d{2}(?::\d{2})?\b/g, // clock times
  /[+\-−±]?\d[\d,]*(?:\.\d+)?\s?%/g, // percentages
];
const NUMBER = /\d[\d,]*(?:\.\d+)?/g;

export function scanReportText(
  text: string,
  forbidden: readonly ForbiddenReportNumber[],
  allowed: readonly number[],
): ReportLeak[] {
  let t = text;
  for (const re of CUT) t = t.replace(re, ' ');
  const allowedCents = new Set(allowed.map(cents));
  const byCents = new Map<number, string>();
  for (const f of forbidden) {
    const c = cents(Math.abs(f.value));
    if (!allowedCents.has(c) && !byCents.has(c)) byCents.set(c, f.field);
  }
  const leaks: ReportLeak[] = [];
  for (const token of t.match(NUMBER) ?? []) {
    const value = Number(token.replace(/,/g, ''));
    const field = byCents.get(cents(value));
    if (field !== undefined) leaks.push({ field, token });
  }
  return leaks;
}

export class ReportLeakError extends Error {
  constructor(
    readonly tier: string,
    readonly leaks: ReportLeak[],
  ) {
    super(
      `report for ${tier} holds Premium-only numbers: ${leaks.map((l) => `${l.token} (${l.field})`).join(', ')}`,
    );
  }
}
