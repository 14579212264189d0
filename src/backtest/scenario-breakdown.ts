/**
 * A backtest grouped by scenario: each New York date belongs to one scenario, and a scenario's
 * figures are its entries, closed trades (by the day they opened), rejections, its own equity
 * drawdown and, per strategy, trades, win rate, average R and P&L.
 */
import { nyDate } from '../common/market-calendar.js';
import type { SignalRecord } from '../engine/storage/lifecycle.js';
import type { VerdictRecord } from '../engine/storage/engine-repository.js';
import type { ClosedTrade } from '../engine/trading-engine.js';
import { maxDrawdown } from './metrics.js';

/** One strategy's closed trades within a scenario. */
export interface ScenarioStrategyFigures {
  trades: number;
  winRate: number;
  /** Mean of P&L ÷ the trade's risk at entry (R multiples); 0 without trades. */
  avgR: number;
  pnl: number;
}

/** One scenario's share of a run: entries per strategy (every strategy listed), closed P&L. */
export interface ScenarioBreakdown {
  days: string[];
  /** Positions opened (entry filled) on the scenario's days. */
  entries: number;
  /** Closed trades opened on the scenario's days. */
  trades: number;
  winRate: number;
  pnl: number;
  /** Largest fall of equity from its running peak over the scenario's days (0.1 = −10%). */
  maxDrawdown: number;
  entriesByStrategy: Record<string, number>;
  /** Closed trades per strategy (every strategy listed). */
  byStrategy: Record<string, ScenarioStrategyFigures>;
  rejectionsByRule: Record<string, number>;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function figures(trades: readonly ClosedTrade[]): ScenarioStrategyFigures {
  const n = trades.length;
  const wins = trades.filter((t) => t.pnl > 0).length;
  const r = trades.map((t) => (t.riskDollars > 0 ? t.pnl / t.riskDollars : 0));
  return {
    trades: n,
    winRate: n > 0 ? wins / n : 0,
    avgR: n > 0 ? Math.round((r.reduce((s, x) => s + x, 0) / n) * 100) / 100 : 0,
    pnl: round2(trades.reduce((s, t) => s + t.pnl, 0)),
  };
}

/** Entries, closed trades, drawdown and rejections of a run grouped by scenario. */
export function scenarioBreakdown(
  scenarioOf: ReadonlyMap<string, string>,
  strategyNames: readonly string[],
  run: {
    signals: readonly SignalRecord[];
    trades: readonly ClosedTrade[];
    verdicts: readonly VerdictRecord[];
    equityCurve: readonly { at: number; equity: number }[];
  },
): Record<string, ScenarioBreakdown> {
  const out: Record<string, ScenarioBreakdown> = {};
  for (const [day, name] of [...scenarioOf].sort((a, b) => a[0].localeCompare(b[0]))) {
    out[name] ??= {
      days: [],
      entries: 0,
      trades: 0,
      winRate: 0,
      pnl: 0,
      maxDrawdown: 0,
      entriesByStrategy: Object.fromEntries(strategyNames.map((n) => [n, 0])),
      byStrategy: {},
      rejectionsByRule: {},
    };
    out[name].days.push(day);
  }
  const nameOf = (at: number): string | undefined => scenarioOf.get(nyDate(at));
  for (const s of run.signals) {
    const entered = s.history.find((h) => h.status === 'active');
    const b = entered && out[nameOf(entered.at) ?? ''];
    if (!b) continue;
    b.entries += 1;
    b.entriesByStrategy[s.strategy] = (b.entriesByStrategy[s.strategy] ?? 0) + 1;
  }
  const tradesOf = new Map<string, ClosedTrade[]>();
  for (const t of run.trades) {
    const name = nameOf(t.openedAt);
    if (name !== undefined) tradesOf.set(name, [...(tradesOf.get(name) ?? []), t]);
  }
  const curveOf = new Map<string, number[]>();
  for (const p of run.equityCurve) {
    const name = nameOf(p.at);
    if (name !== undefined) curveOf.set(name, [...(curveOf.get(name) ?? []), p.equity]);
  }
  for (const [name, b] of Object.entries(out)) {
    const mine = tradesOf.get(name) ?? [];
    const all = figures(mine);
    b.trades = all.trades;
    b.winRate = all.winRate;
    b.pnl = all.pnl;
    b.maxDrawdown = maxDrawdown(curveOf.get(name) ?? []);
    for (const s of strategyNames) b.byStrategy[s] = figures(mine.filter((t) => t.strategy === s));
  }
  for (const v of run.verdicts) {
    const b = out[nameOf(v.evaluatedAt) ?? ''];
    if (!b) continue;
    for (const r of v.rejections)
      b.rejectionsByRule[r.rule] = (b.rejectionsByRule[r.rule] ?? 0) + 1;
  }
  return out;
}
