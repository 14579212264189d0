/**
 * Builds a Report from what it reads: levels from each symbol's analytics snapshot, the day's
 * signals with their fills and outcomes, open positions and P&L attributed by strategy, risk
 * figures from the book, and at the close a plan for the next session. Pure: same inputs, same
 * report. The narrative is written afterwards (report-narrative.ts) from the built report.
 */
import type { AnalyticsSnapshot } from '../analytics/analytics-snapshot.js';
import { nextTradingDay } from '../common/market-calendar.js';
import type { SignalRecordView } from '../signals/signal-record.js';
import { tradeResult } from '../signals/trade-result.js';
import type { StrategyName } from '../vocabulary/trading.js';
import {
  REPORT_VERSION,
  type PlanLine,
  type Report,
  type ReportSignalLine,
  type ReportType,
  type RiskFigures,
  type StrategyAttribution,
  type SymbolLevels,
} from './report.js';
import { chartDataOf, leadSymbol } from './report-chart-data.js';
import type { DayFill, TradingDayRecords } from './report-sources.js';

export interface ReportBuildInput {
  type: ReportType;
  date: string;
  /** The scheduled New York time, 'HH:mm'. */
  scheduledFor: string;
  generatedAt: number;
  snapshots: readonly AnalyticsSnapshot[];
  records: TradingDayRecords;
}

/**
 * The max pain a reader can still trade against: at the close, today's expiry has settled, so the
 * plan for the next session reads the first expiry after the report's date.
 */
function maxPainFor(
  s: AnalyticsSnapshot,
  after: string | undefined,
): { strike: number; expiry: string } | null {
  if (!after)
    return s.maxPainBias ? { strike: s.maxPainBias.strike, expiry: s.maxPainBias.expiry } : null;
  const expiry = Object.keys(s.maxPain)
    .filter((e) => e > after)
    .sort()[0];
  return expiry === undefined ? null : { strike: s.maxPain[expiry]!, expiry };
}

/** A symbol's levels; `afterDate` (the close report) reads max pain from the next expiry. */
export function levelsOf(s: AnalyticsSnapshot, afterDate?: string): SymbolLevels {
  const maxPain = maxPainFor(s, afterDate);
  return {
    symbol: s.symbol,
    spot: s.spot,
    asOf: s.asOf,
    flip: s.gex.flip,
    callWall: s.gex.callWalls[0] ?? null,
    putWall: s.gex.putWalls[0] ?? null,
    maxPain: maxPain?.strike ?? null,
    maxPainExpiry: maxPain?.expiry ?? null,
    expectedMove: s.expectedMove,
    ivRank: s.ivRank,
    atmIv: s.atmIv,
    regime: { label: s.regime.label, confidence: s.regime.confidence },
    netGex: s.gex.total,
  };
}

function signalLine(rec: SignalRecordView, fills: readonly DayFill[]): ReportSignalLine | null {
  const p = rec.published;
  const leg = p?.legs[0];
  if (!p || !leg) return null;
  const status =
    rec.status === 'closed' ? 'closed' : rec.status === 'cancelled' ? 'cancelled' : 'open';
  return {
    id: p.id,
    publishedAt: p.publishedAt,
    strategy: p.strategy,
    symbol: p.symbol,
    direction: p.direction,
    contract: {
      occSymbol: leg.occSymbol,
      right: leg.right,
      strike: leg.strike,
      expiry: leg.expiry,
    },
    multiLeg: p.legs.length > 1,
    entry: p.entry,
    stop: p.stop,
    target: p.target,
    size: p.size,
    status,
    fills: fills
      .filter((f) => f.signalId === p.id)
      .sort((a, b) => a.at - b.at)
      .map((f) => ({
        at: f.at,
        side: f.side,
        occSymbol: f.occSymbol,
        quantity: f.quantity,
        price: f.price,
      })),
    outcome: rec.outcome
      ? {
          exitPrice: rec.outcome.exitPrice,
          returnPct: rec.outcome.returnPct,
          pnl: rec.outcome.pnl,
          win: rec.outcome.win,
          reason: rec.outcome.reason,
        }
      : null,
  };
}

function attribution(records: TradingDayRecords): StrategyAttribution[] {
  const by = new Map<StrategyName, StrategyAttribution>();
  const row = (strategy: StrategyName): StrategyAttribution => {
    let r = by.get(strategy);
    if (!r) {
      r = { strategy, trades: 0, wins: 0, losses: 0, flat: 0, realizedPnl: 0, unrealizedPnl: 0 };
      by.set(strategy, r);
    }
    return r;
  };
  for (const t of records.closedTrades) {
    const r = row(t.strategy);
    r.trades++;
    const result = tradeResult(t.returnPct);
    if (result === 'won') r.wins++;
    else if (result === 'lost') r.losses++;
    else r.flat++;
    r.realizedPnl += t.pnl;
  }
  for (const p of records.openPositions) row(p.strategy).unrealizedPnl += p.unrealizedPnl;
  return [...by.values()]
    .map((r) => ({
      ...r,
      realizedPnl: cents(r.realizedPnl),
      unrealizedPnl: cents(r.unrealizedPnl),
    }))
    .sort((a, b) => b.realizedPnl + b.unrealizedPnl - (a.realizedPnl + a.unrealizedPnl));
}

function maxDrawdown(values: readonly number[]): number {
  let peak = -Infinity;
  let worst = 0;
  for (const v of values) {
    peak = Math.max(peak, v);
    if (peak > 0) worst = Math.max(worst, (peak - v) / peak);
  }
  return worst;
}

function riskFigures(records: TradingDayRecords): RiskFigures {
  const b = records.book;
  const withGreeks = records.openPositions.filter((p) => p.greeks !== null);
  const greeks =
    withGreeks.length === 0
      ? null
      : withGreeks.reduce(
          (s, p) => ({
            delta: s.delta + (p.greeks?.delta ?? 0) * p.units,
            gamma: s.gamma + (p.greeks?.gamma ?? 0) * p.units,
            theta: s.theta + (p.greeks?.theta ?? 0) * p.units,
            vega: s.vega + (p.greeks?.vega ?? 0) * p.units,
          }),
          { delta: 0, gamma: 0, theta: 0, vega: 0 },
        );
  return {
    startEquity: b.startEquity,
    equity: cents(b.equity),
    dayPnl: cents(b.realizedToday + b.unrealized),
    realizedPnl: cents(b.realizedToday),
    unrealizedPnl: cents(b.unrealized),
    capitalUsed: cents(b.capitalUsed),
    buyingPower: cents(b.buyingPower),
    openPositions: records.openPositions.length,
    maxDrawdownPct: maxDrawdown(records.equityCurve.map((p) => p.equity)),
    portfolioGreeks: greeks,
  };
}

function planLine(l: SymbolLevels, date: string): PlanLine {
  const watch: PlanLine['watch'] = [];
  if (l.flip !== null) watch.push({ label: 'gamma flip', price: l.flip });
  if (l.callWall !== null) watch.push({ label: 'call wall', price: l.callWall });
  if (l.putWall !== null) watch.push({ label: 'put wall', price: l.putWall });
  if (l.maxPain !== null) watch.push({ label: 'max pain', price: l.maxPain });
  return {
    symbol: l.symbol,
    nextSession: nextTradingDay(date),
    bias:
      l.flip === null
        ? 'no flip in range'
        : l.spot >= l.flip
          ? 'above flip: dealers dampen moves'
          : 'below flip: dealers amplify moves',
    watch,
  };
}

/** The report without its narrative (see writeReportNarrative). */
export function buildReport(input: ReportBuildInput): Report {
  const { records } = input;
  const levels = [...input.snapshots]
    .sort((a, b) => a.symbol.localeCompare(b.symbol))
    .map((s) => levelsOf(s, input.type === 'close' ? input.date : undefined));
  const signals = records.signals
    .map((r) => signalLine(r, records.fills))
    .filter((s): s is ReportSignalLine => s !== null)
    .sort((a, b) => a.publishedAt - b.publishedAt);
  const leadName = leadSymbol(input.snapshots.map((s) => s.symbol));
  const lead = input.snapshots.find((s) => s.symbol === leadName);
  return {
    version: REPORT_VERSION,
    id: `${input.date}-${input.type}`,
    type: input.type,
    date: input.date,
    generatedAt: input.generatedAt,
    scheduledFor: input.scheduledFor,
    narrative: [],
    levels,
    signals,
    positions: records.openPositions.map((p) => ({
      signalId: p.signalId,
      strategy: p.strategy,
      symbol: p.symbol,
      direction: p.direction,
      units: p.units,
      entry: p.entry,
      mark: p.mark,
      unrealizedPnl: cents(p.unrealizedPnl),
    })),
    attribution: attribution(records),
    risk: riskFigures(records),
    equityCurve: records.equityCurve,
    plan: input.type === 'close' ? levels.map((l) => planLine(l, input.date)) : [],
    chartData: lead ? chartDataOf(lead) : null,
  };
}

function cents(x: number): number {
  return Math.round(x * 100) / 100;
}
