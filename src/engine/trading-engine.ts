/**
 * TradingEngine: the one driver from market data to published signals —
 * analytics → strategies → risk → paper execution → publish — fed by a clock and a data source.
 * The live pipeline, replays and backtests call exactly this code; nothing in it knows which one
 * is running. Look-ahead guard: data stamped after the clock is refused before any strategy sees it.
 */
import type { AnalyticsSnapshot } from '../analytics/analytics-snapshot.js';
import type { Clock } from '../common/clock.js';
import type { Heartbeats } from '../common/heartbeats.js';
import { nextTradingDay, nyDate, sessionFor } from '../common/market-calendar.js';
import type { Broker, Fill } from '../execution/broker.js';
import type { PositionBook } from '../execution/positions.js';
import { DEFAULT_LADDER, type LadderConfig } from '../execution/trailing-ladder.js';
import type { MarketEvent } from '../market-data/market-events.js';
import type { Overseer } from '../overseer/overseer.js';
import type { CorrelationTracker } from '../risk/correlation.js';
import { ManualQueue, type ManualQueueStore } from '../risk/manual-queue.js';
import { evaluateRisk, type RiskVerdict, type SetupStats } from '../risk/risk-engine.js';
import type { RiskLimits } from '../risk/risk-limits.js';
import type { PublishedSignal, SignalBus } from '../signals/signal.js';
import { evaluateAll, type EvaluateOptions, type StrategyStates } from '../strategies/registry.js';
import type { SignalCandidate } from '../strategies/signal-candidate.js';
import type { Strategy } from '../strategies/strategy.js';
import {
  SwitchableStrategyRegistry,
  type StrategyRegistry,
} from '../strategies/strategy-registry.js';
import type { SessionInfo, StrategyContext } from '../strategies/strategy-context.js';
import type { StrategyName } from '../vocabulary/trading.js';
import { MarketState } from './market-state.js';
import { LookAheadError, type AnalyticsStage, type MarketStep } from './market-step.js';
import { PositionManager } from './position-manager.js';
import { SignalLedger } from './signal-ledger.js';
import type { EngineRepository } from './storage/engine-repository.js';
import type { SignalRecord } from './storage/lifecycle.js';
import { TradeStatistics, type ClosedTrade } from './trade-statistics.js';

export interface TradingEngineDeps {
  clock: Clock;
  analytics: AnalyticsStage;
  /** The strategies the engine can run; `registry` decides on each step which of them do. */
  strategies: Strategy[];
  /** Which strategies run now (operator and portal switches); absent: all of `strategies`. */
  registry?: StrategyRegistry;
  broker: Broker;
  repository: EngineRepository;
  bus: SignalBus;
  overseer: Overseer;
  limits: RiskLimits;
  /** Where manual mode's candidates wait (the app: PostgreSQL, for every process); default in memory. */
  manualQueue?: ManualQueueStore;
  ladder?: LadderConfig;
  startEquity: number;
  heartbeats?: Heartbeats;
  /** Confluence and model-ensemble settings for the strategies' evaluation (defaults when absent). */
  evaluation?: Pick<EvaluateOptions, 'confluence' | 'ensemble'>;
  /** Called for each published signal, verdict and fill (progress, logs, tests). */
  onEvent?: (e: EngineEvent) => void;
}

export type EngineEvent =
  | { kind: 'verdict'; verdict: RiskVerdict; signalId: string | null }
  | { kind: 'published'; signal: PublishedSignal; paperOnly: boolean }
  | { kind: 'fill'; fill: Fill }
  | { kind: 'closed'; signalId: string; pnl: number; reason: string }
  | { kind: 'lookahead_refused'; what: string }
  | { kind: 'strategy_failure'; strategy: StrategyName; message: string };

export type { ClosedTrade } from './trade-statistics.js';

export class TradingEngine {
  readonly market = new MarketState();
  readonly stats = new TradeStatistics();
  readonly positions: PositionManager;
  readonly manualQueue: ManualQueueStore;
  private readonly ledger: SignalLedger;
  private readonly snapshotsSinceTick: AnalyticsSnapshot[] = [];
  private strategyStates: StrategyStates = {};
  private readonly registry: StrategyRegistry;
  private currentDay: string | null = null;
  lookAheadRefused = 0;
  steps = 0;

  constructor(private readonly d: TradingEngineDeps) {
    this.manualQueue = d.manualQueue ?? new ManualQueue();
    this.registry =
      d.registry ??
      new SwitchableStrategyRegistry(
        d.strategies.map((s) => s.name),
        d.clock,
      );
    this.positions = new PositionManager({
      broker: d.broker,
      repository: d.repository,
      market: this.market,
      ladder: d.ladder ?? DEFAULT_LADDER,
      startEquity: d.startEquity,
      onFill: (fill) => d.onEvent?.({ kind: 'fill', fill }),
      onClosed: (signalId, pnl, reason) => d.onEvent?.({ kind: 'closed', signalId, pnl, reason }),
    });
    this.ledger = new SignalLedger({
      repository: d.repository,
      bus: d.bus,
      overseer: d.overseer,
      market: this.market,
      stats: this.stats,
      onPublished: (signal, paperOnly) => d.onEvent?.({ kind: 'published', signal, paperOnly }),
    });
    this.positions.attach(this.ledger);
  }

  /** The paper book (positions, equity, P&L). */
  get book(): PositionBook {
    return this.positions.book;
  }

  get setupStats(): SetupStats {
    return this.stats.setupStats;
  }

  get closedTrades(): ClosedTrade[] {
    return this.stats.closedTrades;
  }

  get correlation(): CorrelationTracker {
    return this.market.correlation;
  }

  /** The overseer's switches and alerts (admin and the operator API read and flip these). */
  get overseer(): Overseer {
    return this.d.overseer;
  }

  /** Which strategies run: the operator API and the portal switch them here. */
  get strategies(): StrategyRegistry {
    return this.registry;
  }

  /** The strategies evaluated on this step: those the registry has enabled. */
  runningStrategies(): Strategy[] {
    return this.d.strategies.filter((s) => this.registry.isEnabled(s.name));
  }

  /** Runs a data source to its end. The caller's clock must already stand at or after each step. */
  async run(source: AsyncIterable<MarketStep> | Iterable<MarketStep>): Promise<void> {
    for await (const step of source) await this.processStep(step);
  }

  async processStep(step: MarketStep): Promise<void> {
    const now = this.d.clock.now();
    if (step.at > now) throw new LookAheadError('market step', step.at, now);
    this.steps += 1;
    for (const s of step.retired ?? []) this.market.forget(s);
    const day = nyDate(now);
    if (day !== this.currentDay) {
      this.d.overseer.newDay(now, this.currentDay);
      this.currentDay = day;
      this.market.newDay();
    }

    // 1. Data in, guarded against look-ahead; events grouped by symbol.
    const events = (step.events ?? []).filter((e) => {
      if (eventTime(e) <= now) return true;
      this.refuse(`${e.kind} event`);
      return false;
    });
    this.market.recordEvents(events);
    const updated: AnalyticsSnapshot[] = [];
    for (const chain of step.chains) {
      if (!(Date.parse(chain.asOf) <= now)) {
        this.refuse(`chain ${chain.snapshotId}`);
        continue;
      }
      const snapshot = this.d.analytics.analyze(chain, events);
      if (snapshot.asOf > now) {
        this.refuse(`analytics ${snapshot.snapshotId}`);
        continue;
      }
      this.market.update(chain, snapshot);
      this.d.heartbeats?.beat(
        `analytics:${chain.underlying}`,
        { snapshotId: snapshot.snapshotId },
        snapshot.computedAt,
      );
      updated.push(snapshot);
    }
    this.snapshotsSinceTick.push(...updated);

    // 2. The broker sees the new quotes: resting orders work, expired contracts settle.
    await this.positions.onMarket(now);

    // 3. Positions: mark, ladder tick by tick, time stops.
    await this.positions.manageAll(now);

    // 4. Overseer once per engine second.
    if (this.d.overseer.due(now)) {
      this.d.overseer.tick({
        now,
        feeds: this.market.feedTimes(),
        snapshots: this.snapshotsSinceTick.splice(0),
        fills: this.positions.takeFills(),
        strategies: this.stats.strategyRecords(),
        dayPnl: this.book.pnl(now).day,
        startOfDayEquity: this.book.startOfDayEquity(now),
      });
    }

    // 5. Strategies on each fresh snapshot → risk → execution.
    for (const snapshot of updated) {
      const context = this.context(snapshot.symbol, now);
      const result = evaluateAll(snapshot, context, this.strategyStates, {
        ...this.d.evaluation,
        strategies: this.runningStrategies(),
      });
      this.strategyStates = result.states;
      for (const f of result.failures)
        this.d.onEvent?.({ kind: 'strategy_failure', strategy: f.strategy, message: f.message });
      for (const candidate of result.candidates) await this.consider(candidate, snapshot, now);
    }
  }

  /** Approves a manually queued candidate: it executes at the current quotes. */
  async approveManual(id: string): Promise<string | null> {
    const now = this.d.clock.now();
    const entry = await this.manualQueue.take(id, now);
    if (!entry) return null;
    const snapshot = this.market.snapshot(entry.verdict.candidate.symbol);
    if (!snapshot) return null;
    return this.execute(entry.verdict, snapshot, now);
  }

  signalRecords(): SignalRecord[] {
    return this.ledger.records();
  }

  private refuse(what: string): void {
    this.lookAheadRefused += 1;
    this.d.onEvent?.({ kind: 'lookahead_refused', what });
  }

  private context(symbol: string, now: number): StrategyContext {
    const today = nyDate(now);
    const s = sessionFor(today) ?? sessionFor(nextTradingDay(today))!;
    const next = sessionFor(nextTradingDay(s.date));
    const history = this.d.analytics.history(symbol);
    return {
      now,
      session: toSessionInfo(s),
      nextSession: next ? toSessionInfo(next) : null,
      equity: this.book.equity(),
      buyingPower: this.book.buyingPower(),
      openPositions: this.positions.riskPositions(),
      recentBars: this.market.recentBars(symbol, now),
      dayPnl: this.book.pnl(now).day,
      history: { ...history, setupHitRates: this.stats.setupHitRates() },
      closingAuction: this.market.closingAuction(symbol, now),
    };
  }

  private async consider(
    candidate: SignalCandidate,
    snapshot: AnalyticsSnapshot,
    now: number,
  ): Promise<void> {
    if (candidate.dataAsOf > now) {
      this.refuse(`candidate ${candidate.strategy}`);
      return;
    }
    const verdict = evaluateRisk(
      {
        candidate,
        now,
        limits: this.d.limits,
        account: {
          equity: this.book.equity(),
          startOfDayEquity: this.book.startOfDayEquity(now),
          buyingPower: this.book.buyingPower(),
          dayPnl: this.book.pnl(now).day,
        },
        positions: this.positions.riskPositions(),
        ...this.market.ages(candidate.symbol, now),
        correlation: (a, b) => this.market.correlation.correlation(a, b),
        controls: this.d.overseer.controls,
      },
      this.stats.setupStats.get(candidate.strategy, candidate.setup),
    );
    let signalId: string | null = null;
    if (verdict.status === 'approved') signalId = await this.execute(verdict, snapshot, now);
    else if (verdict.status === 'queued_manual') await this.manualQueue.enqueue(verdict, now);
    await this.d.repository.saveVerdict({
      candidateKey: verdict.candidateKey,
      status: verdict.status,
      strategy: candidate.strategy,
      setup: candidate.setup,
      symbol: candidate.symbol,
      quantity: verdict.quantity,
      signalId,
      checks: verdict.checks,
      rejections: verdict.rejections,
      evaluatedAt: now,
    });
    this.d.onEvent?.({ kind: 'verdict', verdict, signalId });
  }

  /** An approved trade: its signal record, its position and entry orders, then their fills. */
  private async execute(
    verdict: RiskVerdict,
    snapshot: AnalyticsSnapshot,
    now: number,
  ): Promise<string> {
    const rec = await this.ledger.create(verdict, snapshot, now);
    const update = this.positions.open(rec.id, verdict, now);
    await this.d.repository.saveSignal(rec);
    await this.positions.apply(update);
    return rec.id;
  }
}

/** When an event became known: a bar at its end, everything else at its stamp. */
function eventTime(e: MarketEvent): number {
  return e.kind === 'bar' ? e.end : e.at;
}

function toSessionInfo(s: {
  date: string;
  openAt: number;
  closeAt: number;
  halfDay: boolean;
}): SessionInfo {
  return { date: s.date, openAt: s.openAt, closeAt: s.closeAt, halfDay: s.halfDay };
}
