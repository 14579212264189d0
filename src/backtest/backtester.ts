/**
 * The backtester: runs simulated or recorded sessions through the same TradingEngine the live
 * pipeline uses (a FakeClock stepped to each market step, a memory repository, an in-process
 * bus) and measures the result: trades, win rate, expectancy, profit factor, Sharpe, Sortino,
 * Calmar, max drawdown, by strategy and setup, walk-forward and Monte Carlo drawdowns.
 */
import { FakeClock } from '../common/clock.js';
import { nyDate } from '../common/market-calendar.js';
import type { AnalyticsConfig } from '../config/sections/analytics.js';
import type { EngineConfig } from '../config/sections/engine.js';
import { AnalyticsEngine } from '../analytics/engine/analytics-engine.js';
import { analyticsEngineOptions } from '../analytics/engine/engine-options.js';
import { AnalyticsEngineStage } from '../engine/analytics-stage.js';
import { buildEngine } from '../engine/engine-factory.js';
import type { AnalyticsStage, MarketStep } from '../engine/market-step.js';
import type { ClosedTrade, EngineEvent, TradingEngine } from '../engine/trading-engine.js';
import type { Fill } from '../execution/broker.js';
import { MemoryEngineRepository } from '../engine/storage/memory-engine-repository.js';
import type { SignalRecord } from '../engine/storage/lifecycle.js';
import { InProcessSignalBus, type PublishedSignal } from '../signals/signal.js';
import type { Strategy } from '../strategies/strategy.js';
import { strategySettingsFromConfig } from '../strategies/strategy-settings.js';
import type { StrategiesConfig } from '../config/sections/strategies.js';
import type { VerdictRecord } from '../engine/storage/engine-repository.js';
import { scenarioBreakdown, type ScenarioBreakdown } from './scenario-breakdown.js';
import {
  calmar,
  maxDrawdown,
  monteCarlo,
  periodReturns,
  sharpe,
  sortino,
  tradeStats,
  walkForward,
  type MonteCarloResult,
  type TradeStats,
  type WalkForwardFold,
} from './metrics.js';

export interface BacktestRunOptions {
  config: EngineConfig & Partial<AnalyticsConfig> & Partial<StrategiesConfig>;
  /**
   * Strategies to run instead of the configured ones; absent: STRATEGIES_ENABLED with
   * STRATEGY_KNOBS_JSON (and the confluence/ensemble settings), as the live engine builds them.
   */
  strategies?: Strategy[];
  steps: AsyncIterable<MarketStep> | Iterable<MarketStep>;
  analytics?: AnalyticsStage;
  onStep?: (engine: TradingEngine) => void;
  monteCarloRuns?: number;
  seed?: number;
  walkForwardWindow?: number;
  /**
   * Receives the AnalyticsEngine the run builds (when no `analytics` stage is given), e.g. to
   * seed each symbol's daily history before the first step.
   */
  onAnalyticsEngine?: (engine: AnalyticsEngine) => void;
  /** New York date → scenario name: adds the per-scenario breakdown (`byScenario`). */
  scenarioOf?: ReadonlyMap<string, string>;
  /**
   * What the run's market data was, printed with every figure: e.g. "simulator seed 11, scenarios
   * all" or "recorded alphavantage days in DIR". Default: "simulated steps".
   */
  dataSource?: string;
}

export type { ScenarioBreakdown } from './scenario-breakdown.js';

export interface BacktestReport {
  /** The market data the figures come from (simulated scenario, recorded provider days). */
  dataSource: string;
  trades: number;
  winRate: number;
  avgWin: number;
  avgLoss: number;
  expectancy: number;
  profitFactor: number | null;
  pnl: number;
  sharpe: number | null;
  sortino: number | null;
  calmar: number | null;
  maxDrawdown: number;
  startEquity: number;
  endEquity: number;
  days: string[];
  signals: number;
  rejections: number;
  rejectionsByRule: Record<string, number>;
  openAtEnd: number;
  byStrategy: Record<string, { trades: number; winRate: number; pnl: number; expectancy: number }>;
  bySetup: Record<string, { trades: number; winRate: number; pnl: number }>;
  walkForward: WalkForwardFold[];
  monteCarlo: MonteCarloResult | null;
  lookAheadRefused: number;
  steps: number;
  byScenario?: Record<string, ScenarioBreakdown>;
}

export interface BacktestResult {
  report: BacktestReport;
  closedTrades: ClosedTrade[];
  signals: SignalRecord[];
  published: PublishedSignal[];
  fills: Fill[];
  verdicts: VerdictRecord[];
  equityCurve: { at: number; equity: number }[];
  engine: TradingEngine;
}

export async function runBacktest(o: BacktestRunOptions): Promise<BacktestResult> {
  const strategies =
    o.strategies ??
    strategySettingsFromConfig({
      ...o.config,
      STRATEGIES_ENABLED: o.config.STRATEGIES_ENABLED ?? ['all'],
    }).strategies;
  const clock = new FakeClock(0);
  const repository = new MemoryEngineRepository();
  const bus = new InProcessSignalBus();
  const published: PublishedSignal[] = [];
  bus.onPublished((s) => {
    published.push(s);
  });
  const events: EngineEvent[] = [];
  let analytics = o.analytics;
  if (!analytics && o.onAnalyticsEngine) {
    const analyticsEngine = new AnalyticsEngine(clock, analyticsEngineOptions(o.config));
    o.onAnalyticsEngine(analyticsEngine);
    analytics = new AnalyticsEngineStage(analyticsEngine);
  }
  const engine = buildEngine({
    clock,
    config: o.config,
    repository,
    bus,
    strategies,
    analytics,
    onEvent: (e) => {
      if (e.kind === 'lookahead_refused') events.push(e);
    },
  });
  const curve: { at: number; equity: number }[] = [];
  const dayEnd = new Map<string, number>();
  for await (const step of o.steps) {
    clock.set(step.at);
    await engine.processStep(step);
    const eq = engine.book.equity();
    curve.push({ at: step.at, equity: eq });
    dayEnd.set(nyDate(step.at), eq);
    o.onStep?.(engine);
  }
  const trades = engine.closedTrades;
  const stats = tradeStats(trades);
  const days = [...dayEnd.keys()].sort();
  const dailyEquity = [o.config.ENGINE_START_EQUITY, ...days.map((d) => dayEnd.get(d)!)];
  const dailyReturns = periodReturns(dailyEquity);
  const verdicts = await repository.listVerdicts();
  const rejectionsByRule: Record<string, number> = {};
  for (const v of verdicts)
    for (const r of v.rejections) rejectionsByRule[r.rule] = (rejectionsByRule[r.rule] ?? 0) + 1;
  const group = <K extends 'strategy' | 'setup'>(key: K): Map<string, ClosedTrade[]> => {
    const m = new Map<string, ClosedTrade[]>();
    for (const t of trades) {
      const k = key === 'setup' ? `${t.strategy}/${t.setup}` : t.strategy;
      m.set(k, [...(m.get(k) ?? []), t]);
    }
    return m;
  };
  const byStrategy: BacktestReport['byStrategy'] = {};
  for (const s of strategies) byStrategy[s.name] = { trades: 0, winRate: 0, pnl: 0, expectancy: 0 };
  for (const [k, list] of group('strategy')) {
    const st: TradeStats = tradeStats(list);
    byStrategy[k] = {
      trades: st.trades,
      winRate: st.winRate,
      pnl: round2(st.pnl),
      expectancy: round2(st.expectancy),
    };
  }
  const bySetup: BacktestReport['bySetup'] = {};
  for (const [k, list] of group('setup')) {
    const st = tradeStats(list);
    bySetup[k] = { trades: st.trades, winRate: st.winRate, pnl: round2(st.pnl) };
  }
  const report: BacktestReport = {
    dataSource: o.dataSource ?? 'simulated steps',
    trades: stats.trades,
    winRate: stats.winRate,
    avgWin: round2(stats.avgWin),
    avgLoss: round2(stats.avgLoss),
    expectancy: round2(stats.expectancy),
    profitFactor: stats.profitFactor,
    pnl: round2(stats.pnl),
    sharpe: sharpe(dailyReturns),
    sortino: sortino(dailyReturns),
    calmar: calmar(dailyEquity, days.length),
    maxDrawdown: maxDrawdown([o.config.ENGINE_START_EQUITY, ...curve.map((p) => p.equity)]),
    startEquity: o.config.ENGINE_START_EQUITY,
    endEquity: round2(engine.book.equity()),
    days,
    signals: published.length,
    rejections: verdicts.filter((v) => v.status === 'rejected').length,
    rejectionsByRule,
    openAtEnd: engine.book.live().length,
    byStrategy,
    bySetup,
    walkForward: walkForward(trades, days, nyDate, o.walkForwardWindow ?? 2),
    monteCarlo:
      (o.monteCarloRuns ?? 1000) > 0
        ? monteCarlo(
            trades.map((t) => t.pnl),
            o.config.ENGINE_START_EQUITY,
            o.monteCarloRuns ?? 1000,
            o.seed ?? 1,
          )
        : null,
    lookAheadRefused: engine.lookAheadRefused,
    steps: engine.steps,
  };
  const signals = await repository.listSignals();
  if (o.scenarioOf)
    report.byScenario = scenarioBreakdown(
      o.scenarioOf,
      strategies.map((s) => s.name),
      { signals, trades, verdicts, equityCurve: curve },
    );
  return {
    report,
    closedTrades: trades,
    signals,
    published,
    fills: await repository.listFills(),
    verdicts,
    equityCurve: curve,
    engine,
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
