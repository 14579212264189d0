/**
 * Each tier's own view of a report. Premium reads the Report itself. Basic's view carries levels
 * rounded to a coarse grid, signals as headlines ("SPY calls around 540") with their result, and
 * strategy records as counts — no entry, stop, target, size, fill price or dollar P&L. Free's view
 * is a teaser: each symbol's regime in words and the day's count of signals. A field a tier may
 * not show is absent from its type, so no template can print it.
 */
import type { RegimeLabel } from '../analytics/analytics-snapshot.js';
import { basicHeadline, freeHeadline, roundStrike } from '../signals/tier-headlines.js';
import {
  countResults,
  tradeResult,
  wholePercent,
  type TradeResult,
} from '../signals/trade-result.js';
import type { Direction } from '../vocabulary/trading.js';
import { REPORT_TITLES, type Report, type ReportType } from './report.js';
import { basicNarrative, freeTeaser } from './report-narrative.js';
import { strategyWords } from './report-words.js';

interface ViewHeader {
  id: string;
  type: ReportType;
  date: string;
  title: string;
  scheduledFor: string;
}

export type PremiumReportView = Report & { tier: 'premium'; title: string };

export type IvRankWord = 'low' | 'normal' | 'elevated' | 'high';

export interface BasicLevels {
  symbol: string;
  spot: number;
  flipAround: number | null;
  callWallAround: number | null;
  putWallAround: number | null;
  maxPainAround: number | null;
  /** Expected move in percent, to the nearest 0.5. */
  expectedMovePct: number | null;
  ivRank: IvRankWord | null;
  regime: RegimeLabel;
  dealerGamma: 'long' | 'short';
  spotVsFlip: 'above' | 'below' | null;
}

export interface BasicSignalLine {
  headline: string;
  symbol: string;
  direction: Direction;
  setup: string;
  publishedAt: number;
  /** A closed trade's result (flat: its return rounds to 0%), or why it has none. */
  result: TradeResult | 'open' | 'cancelled';
  /** Whole percent, null while open. */
  returnPct: number | null;
}

export interface BasicReportView extends ViewHeader {
  tier: 'basic';
  narrative: string[];
  levels: BasicLevels[];
  signals: BasicSignalLine[];
  strategies: { setup: string; trades: number; wins: number; losses: number; flat: number }[];
  plan: { symbol: string; nextSession: string; watch: { label: string; around: number }[] }[];
  /** Lead symbol's dealer gamma by strike bucket, scaled to −1..1 (no dollar figures). */
  gexShape: { symbol: string; buckets: { around: number; relative: number }[] } | null;
}

export interface FreeReportView extends ViewHeader {
  tier: 'free';
  teaser: string[];
  symbols: { symbol: string; regime: RegimeLabel; dealerGamma: 'long' | 'short' }[];
  signalHeadlines: string[];
  /** The day's setups per symbol by direction (no contract, no price). */
  setups: { symbol: string; bullish: number; bearish: number; neutral: number }[];
  signalCount: number;
  wins: number;
  losses: number;
  flat: number;
}

export type ReportView = PremiumReportView | BasicReportView | FreeReportView;

function header(r: Report): ViewHeader {
  return {
    id: r.id,
    type: r.type,
    date: r.date,
    title: REPORT_TITLES[r.type],
    scheduledFor: r.scheduledFor,
  };
}

export function premiumView(r: Report): PremiumReportView {
  return { ...r, tier: 'premium', title: REPORT_TITLES[r.type] };
}

const around = (x: number | null): number | null => (x === null ? null : roundStrike(x));

export function ivRankWord(rank: number | null): IvRankWord | null {
  if (rank === null) return null;
  return rank < 25 ? 'low' : rank < 50 ? 'normal' : rank < 75 ? 'elevated' : 'high';
}

function gexShape(r: Report): BasicReportView['gexShape'] {
  const c = r.chartData;
  if (!c || c.gexByStrike.length === 0) return null;
  const buckets = new Map<number, number>();
  for (const b of c.gexByStrike) {
    const k = roundStrike(b.strike);
    buckets.set(k, (buckets.get(k) ?? 0) + b.net);
  }
  const max = Math.max(...[...buckets.values()].map(Math.abs), 1e-9);
  return {
    symbol: c.symbol,
    buckets: [...buckets.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([k, v]) => ({ around: k, relative: Math.round((v / max) * 100) / 100 })),
  };
}

export function basicView(r: Report): BasicReportView {
  const view: Omit<BasicReportView, 'narrative'> = {
    ...header(r),
    tier: 'basic',
    levels: r.levels.map((l) => ({
      symbol: l.symbol,
      spot: l.spot,
      flipAround: around(l.flip),
      callWallAround: around(l.callWall),
      putWallAround: around(l.putWall),
      maxPainAround: around(l.maxPain),
      expectedMovePct: l.expectedMove ? Math.round(l.expectedMove.pct * 200) / 2 : null,
      ivRank: ivRankWord(l.ivRank),
      regime: l.regime.label,
      dealerGamma: l.netGex < 0 ? 'short' : 'long',
      spotVsFlip: l.flip === null ? null : l.spot >= l.flip ? 'above' : 'below',
    })),
    signals: r.signals.map((s) => ({
      headline: basicHeadline({
        symbol: s.symbol,
        legs: [{ ...s.contract, side: 'buy', quantity: 0 }],
      }),
      symbol: s.symbol,
      direction: s.direction,
      setup: strategyWords(s.strategy),
      publishedAt: s.publishedAt,
      result:
        s.status === 'cancelled'
          ? 'cancelled'
          : s.outcome === null
            ? 'open'
            : tradeResult(s.outcome.returnPct),
      returnPct: s.outcome ? wholePercent(s.outcome.returnPct) : null,
    })),
    strategies: r.attribution.map((a) => ({
      setup: strategyWords(a.strategy),
      trades: a.trades,
      wins: a.wins,
      losses: a.losses,
      flat: a.flat,
    })),
    plan: r.plan.map((p) => ({
      symbol: p.symbol,
      nextSession: p.nextSession,
      watch: p.watch.map((w) => ({ label: w.label, around: roundStrike(w.price) })),
    })),
    gexShape: gexShape(r),
  };
  return { ...view, narrative: basicNarrative(view) };
}

function setupsBySymbol(r: Report): FreeReportView['setups'] {
  const by = new Map<string, FreeReportView['setups'][number]>();
  for (const s of r.signals) {
    const row = by.get(s.symbol) ?? { symbol: s.symbol, bullish: 0, bearish: 0, neutral: 0 };
    row[s.direction]++;
    by.set(s.symbol, row);
  }
  return [...by.values()].sort((a, b) => a.symbol.localeCompare(b.symbol));
}

export function freeView(r: Report): FreeReportView {
  const results = countResults(
    r.signals.flatMap((s) => (s.outcome === null ? [] : [s.outcome.returnPct])),
  );
  const view: Omit<FreeReportView, 'teaser'> = {
    ...header(r),
    tier: 'free',
    symbols: r.levels.map((l) => ({
      symbol: l.symbol,
      regime: l.regime.label,
      dealerGamma: l.netGex < 0 ? 'short' : 'long',
    })),
    signalHeadlines: r.signals.map((s) => freeHeadline(s)),
    setups: setupsBySymbol(r),
    signalCount: r.signals.length,
    wins: results.won,
    losses: results.lost,
    flat: results.flat,
  };
  return { ...view, teaser: freeTeaser(view) };
}
