/**
 * TradingEngine: the one driver from market data to published signals —
 * analytics → strategies → risk → paper execution → publish — fed by a clock and a data source.
 * The live pipeline, replays and backtests call exactly this code; nothing in it knows which one
 * is running. Look-ahead guard: data stamped after the clock is refused before any strategy sees it.
 */
import type { AnalyticsSnapshot, LiquidityGrade } from '../analytics/analytics-snapshot.js';
import type { Clock } from '../common/clock.js';
import type { Heartbeats } from '../common/heartbeats.js';
import { nextTradingDay, nyDate, sessionFor } from '../common/market-calendar.js';
import type { Broker, BrokerUpdate, Fill, OrderRequest, Quote } from '../execution/broker.js';
import { filledUnits, openUnits, PositionBook, type Position } from '../execution/positions.js';
import { settlementInstant } from '../execution/settlement.js';
import { DEFAULT_LADDER, ladderStep, type LadderConfig } from '../execution/trailing-ladder.js';
import type { ChainSnapshot } from '../market-data/chain-snapshot.js';
import type { MarketEvent } from '../market-data/market-events.js';
import type { Overseer, StrategyRecord } from '../overseer/overseer.js';
import { CorrelationTracker } from '../risk/correlation.js';
import { ManualQueue } from '../risk/manual-queue.js';
import { evaluateRisk, SetupStats, type RiskVerdict } from '../risk/risk-engine.js';
import type { RiskLimits } from '../risk/risk-limits.js';
import { riskPerContract, type RiskPosition } from '../risk/rules.js';
import type { EngineRepository } from './storage/engine-repository.js';
import {
  formatSignalId,
  signalDay,
  transition,
  type Explanation,
  type SignalRecord,
} from './storage/lifecycle.js';
import type { PublishedSignal, SignalBus } from '../signals/signal.js';
import type { StrategyName } from '../vocabulary/trading.js';
import type { SignalCandidate } from '../strategies/signal-candidate.js';
import { evaluateAll, type StrategyStates } from '../strategies/registry.js';
import type { Strategy } from '../strategies/strategy.js';
import type {
  ClosingAuctionPrint,
  SessionInfo,
  StrategyContext,
  UnderlyingBar,
} from '../strategies/strategy-context.js';
import { LookAheadError, type AnalyticsStage, type MarketStep } from './market-step.js';

export interface TradingEngineDeps {
  clock: Clock;
  analytics: AnalyticsStage;
  strategies: Strategy[];
  broker: Broker;
  repository: EngineRepository;
  bus: SignalBus;
  overseer: Overseer;
  limits: RiskLimits;
  ladder?: LadderConfig;
  startEquity: number;
  heartbeats?: Heartbeats;
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

/** One closed trade, for reports and backtests. */
export interface ClosedTrade {
  signalId: string;
  strategy: StrategyName;
  setup: string;
  symbol: string;
  openedAt: number;
  closedAt: number;
  units: number;
  entry: number;
  exit: number;
  pnl: number;
  returnPct: number;
  riskDollars: number;
  reason: string;
}

interface SymbolFeed {
  chain: ChainSnapshot;
  /** Built on first use: most steps need no quote of most symbols. */
  quotes: Map<string, Quote> | null;
  snapshot: AnalyticsSnapshot;
}

const MAX_BARS = 400;

export class TradingEngine {
  readonly book: PositionBook;
  readonly setupStats = new SetupStats();
  readonly manualQueue = new ManualQueue();
  readonly correlation = new CorrelationTracker();
  readonly closedTrades: ClosedTrade[] = [];
  private readonly ladder: LadderConfig;
  private readonly feeds = new Map<string, SymbolFeed>();
  private readonly feedTimes: Record<string, number> = {};
  private strategyStates: StrategyStates = {};
  private readonly bars = new Map<string, UnderlyingBar[]>();
  private readonly auctions = new Map<string, ClosingAuctionPrint[]>();
  private readonly signals = new Map<string, SignalRecord>();
  private readonly regimeStats = new Map<string, { trades: number; wins: number }>();
  private readonly strategyRecords = new Map<
    StrategyName,
    StrategyRecord & { confidenceSum: number }
  >();
  private readonly fillsSinceTick: Fill[] = [];
  private readonly snapshotsSinceTick: AnalyticsSnapshot[] = [];
  private currentDay: string | null = null;
  lookAheadRefused = 0;
  steps = 0;

  constructor(private readonly d: TradingEngineDeps) {
    this.book = new PositionBook(d.startEquity);
    this.ladder = d.ladder ?? DEFAULT_LADDER;
  }

  /** The overseer's switches and alerts (admin and the operator API read and flip these). */
  get overseer(): Overseer {
    return this.d.overseer;
  }

  /** Runs a data source to its end. The caller's clock must already stand at or after each step. */
  async run(source: AsyncIterable<MarketStep> | Iterable<MarketStep>): Promise<void> {
    for await (const step of source) await this.processStep(step);
  }

  async processStep(step: MarketStep): Promise<void> {
    const now = this.d.clock.now();
    if (step.at > now) throw new LookAheadError('market step', step.at, now);
    this.steps += 1;
    const day = nyDate(now);
    if (day !== this.currentDay) {
      this.d.overseer.newDay(now, this.currentDay);
      this.currentDay = day;
      this.auctions.clear();
    }

    // 1. Data in, guarded against look-ahead; events grouped by symbol.
    const events = (step.events ?? []).filter((e) => {
      if (eventTime(e) <= now) return true;
      this.refuse(`${e.kind} event`);
      return false;
    });
    this.recordEvents(events);
    const updated: AnalyticsSnapshot[] = [];
    for (const chain of step.chains) {
      const asOf = Date.parse(chain.asOf);
      if (!(asOf <= now)) {
        this.refuse(`chain ${chain.snapshotId}`);
        continue;
      }
      const snapshot = this.d.analytics.analyze(chain, events);
      if (snapshot.asOf > now) {
        this.refuse(`analytics ${snapshot.snapshotId}`);
        continue;
      }
      const quotes = new Map<string, Quote>();
      const grade = snapshot.liquidity.grade;
      for (const c of chain.contracts)
        quotes.set(c.occSymbol, toQuote(chain.underlying, c, grade, asOf));
      this.feeds.set(chain.underlying, { chain, quotes, snapshot });
      this.feedTimes[`chain:${chain.underlying}`] = asOf;
      this.feedTimes[`analytics:${chain.underlying}`] = snapshot.computedAt;
      this.d.heartbeats?.beat(
        `analytics:${chain.underlying}`,
        { snapshotId: snapshot.snapshotId },
        snapshot.computedAt,
      );
      this.correlation.record(chain.underlying, asOf, chain.spot);
      updated.push(snapshot);
    }
    this.snapshotsSinceTick.push(...updated);

    // 2. The broker sees the new quotes: resting orders work, expired contracts settle.
    await this.handleBroker(this.d.broker.onMarket(this.watchedQuotes(), this.spots(), now));

    // 3. Positions: mark, ladder tick by tick, time stops.
    for (const p of this.book.live()) await this.manage(p, now);

    // 4. Overseer once per engine second.
    if (this.d.overseer.due(now)) {
      const pnl = this.book.pnl(now);
      this.d.overseer.tick({
        now,
        feeds: { ...this.feedTimes },
        snapshots: this.snapshotsSinceTick.splice(0),
        fills: this.fillsSinceTick.splice(0),
        strategies: Object.fromEntries(this.strategyRecords.entries()),
        dayPnl: pnl.day,
        startOfDayEquity: this.book.startOfDayEquity(now),
      });
    }

    // 5. Strategies on each fresh snapshot → risk → execution.
    for (const snapshot of updated) {
      const context = this.context(snapshot.symbol, now);
      const result = evaluateAll(snapshot, context, this.strategyStates, {
        strategies: this.d.strategies,
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
    const entry = this.manualQueue.take(id, now);
    if (!entry) return null;
    const feed = this.feeds.get(entry.verdict.candidate.symbol);
    if (!feed) return null;
    return this.execute(entry.verdict, feed.snapshot, now);
  }

  signalRecords(): SignalRecord[] {
    return [...this.signals.values()];
  }

  private refuse(what: string): void {
    this.lookAheadRefused += 1;
    this.d.onEvent?.({ kind: 'lookahead_refused', what });
  }

  private recordEvents(events: MarketEvent[]): void {
    for (const e of events) {
      if (e.kind === 'bar') {
        const list = this.bars.get(e.symbol) ?? [];
        list.push({
          t: e.start,
          open: e.open,
          high: e.high,
          low: e.low,
          close: e.close,
          volume: e.volume,
        });
        if (list.length > MAX_BARS) list.splice(0, list.length - MAX_BARS);
        this.bars.set(e.symbol, list);
      } else if (e.kind === 'imbalance') {
        const list = this.auctions.get(e.symbol) ?? [];
        list.push({
          at: e.at,
          imbalanceShares: e.side === 'buy' ? e.shares : -e.shares,
          pairedShares: e.pairedShares,
          referencePrice: e.referencePrice,
        });
        this.auctions.set(e.symbol, list);
      } else if (e.kind === 'tick') {
        this.feedTimes[`ticks:${e.symbol}`] = Math.max(
          this.feedTimes[`ticks:${e.symbol}`] ?? 0,
          e.at,
        );
      }
    }
  }

  private spots(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [s, f] of this.feeds) out[s] = f.chain.spot;
    return out;
  }

  private quote(occ: string, symbol: string): Quote | undefined {
    const feed = this.feeds.get(symbol);
    if (!feed) return undefined;
    if (!feed.quotes) {
      const asOf = Date.parse(feed.chain.asOf);
      const grade = feed.snapshot.liquidity.grade;
      feed.quotes = new Map();
      for (const c of feed.chain.contracts)
        feed.quotes.set(c.occSymbol, toQuote(symbol, c, grade, asOf));
    }
    return feed.quotes.get(occ);
  }

  /** Only contracts the book holds or works orders in: the broker needs no others. */
  private watchedQuotes(): Quote[] {
    const out: Quote[] = [];
    for (const p of this.book.live()) {
      for (const l of p.legs) {
        const q = this.quote(l.occSymbol, p.symbol);
        if (q) out.push(q);
      }
    }
    return out;
  }

  private context(symbol: string, now: number): StrategyContext {
    const today = nyDate(now);
    const s = sessionFor(today) ?? sessionFor(nextTradingDay(today))!;
    const next = sessionFor(nextTradingDay(s.date));
    const pnl = this.book.pnl(now);
    const history = this.d.analytics.history(symbol);
    const hitRates: Record<string, number> = {};
    for (const [k, r] of this.setupStats.entries())
      if (r.trades > 0) hitRates[k] = r.wins / r.trades;
    return {
      now,
      session: toSessionInfo(s),
      nextSession: next ? toSessionInfo(next) : null,
      equity: this.book.equity(),
      buyingPower: this.book.buyingPower(),
      openPositions: this.riskPositions(),
      recentBars: (this.bars.get(symbol) ?? []).filter((b) => b.t <= now),
      dayPnl: pnl.day,
      history: { ...history, setupHitRates: hitRates },
      closingAuction: (this.auctions.get(symbol) ?? []).filter((a) => a.at <= now),
    };
  }

  private riskPositions(): RiskPosition[] {
    return this.book.live().map((p) => {
      const units = Math.max(openUnits(p), p.status === 'opening' ? p.targetUnits : 0);
      const g = p.greeksPerUnit;
      return {
        signalId: p.signalId,
        symbol: p.symbol,
        strategy: p.strategy,
        direction: p.direction,
        contracts: units,
        greeks: {
          delta: g.delta * units,
          gamma: g.gamma * units,
          theta: g.theta * units,
          vega: g.vega * units,
        },
        riskDollars: p.riskPerContract * units,
        capitalUsed: (p.entryNet ?? 0) * units * 100,
        openedAt: p.openedAt ?? undefined,
        setup: p.setup,
      };
    });
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
    const chainAt = this.feedTimes[`chain:${candidate.symbol}`];
    const anaAt = this.feedTimes[`analytics:${candidate.symbol}`];
    const pnl = this.book.pnl(now);
    const verdict = evaluateRisk(
      {
        candidate,
        now,
        limits: this.d.limits,
        account: {
          equity: this.book.equity(),
          startOfDayEquity: this.book.startOfDayEquity(now),
          buyingPower: this.book.buyingPower(),
          dayPnl: pnl.day,
        },
        positions: this.riskPositions(),
        feedAgeMs: chainAt === undefined ? null : now - chainAt,
        analyticsAgeMs: anaAt === undefined ? null : now - anaAt,
        correlation: (a, b) => this.correlation.correlation(a, b),
        controls: this.d.overseer.controls,
      },
      this.setupStats.get(candidate.strategy, candidate.setup),
    );
    let signalId: string | null = null;
    if (verdict.status === 'approved') signalId = await this.execute(verdict, snapshot, now);
    else if (verdict.status === 'queued_manual') this.manualQueue.enqueue(verdict, now);
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

  private explanation(verdict: RiskVerdict, snapshot: AnalyticsSnapshot): Explanation {
    const c = verdict.candidate;
    const rs = this.regimeStats.get(`${c.strategy}|${snapshot.regime.label}`);
    return {
      candidateKey: verdict.candidateKey,
      strategy: c.strategy,
      setup: c.setup,
      symbol: c.symbol,
      triggeredBy: c.triggeredBy,
      inputs: c.inputs,
      snapshotId: c.snapshotId,
      dataAsOf: c.dataAsOf,
      feedTimestamps: Object.fromEntries(
        Object.entries(this.feedTimes).filter(([k]) => k.endsWith(`:${c.symbol}`)),
      ),
      counterfactuals: c.counterfactuals,
      regime: { label: snapshot.regime.label, confidence: snapshot.regime.confidence },
      regimeHitRate: rs && rs.trades > 0 ? { ...rs, rate: rs.wins / rs.trades } : null,
      risk: {
        checks: verdict.checks,
        quantity: verdict.quantity,
        kellyFraction: verdict.kelly.betFraction,
        winRate: verdict.kelly.winRate,
      },
    };
  }

  private async execute(
    verdict: RiskVerdict,
    snapshot: AnalyticsSnapshot,
    now: number,
  ): Promise<string> {
    const c = verdict.candidate;
    const day = signalDay(now);
    const id = formatSignalId(day, await this.d.repository.nextSignalSequence(day));
    let rec: SignalRecord = {
      id,
      status: 'candidate',
      strategy: c.strategy,
      setup: c.setup,
      symbol: c.symbol,
      direction: c.direction,
      candidate: c,
      published: null,
      explanation: this.explanation(verdict, snapshot),
      outcome: null,
      history: [{ status: 'candidate', at: c.proposedAt }],
      createdAt: now,
      updatedAt: now,
    };
    rec = transition(rec, 'validated', now, `risk approved ${verdict.quantity} contract(s)`);
    this.signals.set(id, rec);
    const pos = this.book.open(
      {
        signalId: id,
        strategy: c.strategy,
        setup: c.setup,
        symbol: c.symbol,
        direction: c.direction,
        legs: c.legs,
        targetUnits: verdict.quantity,
        greeksPerUnit: c.greeksPerUnit,
        riskPerContract: riskPerContract(c),
        timeStopAt: c.timeStopAt,
      },
      now,
    );
    // The strategy's own stop tightens the ladder's initial 15% stop when it is closer.
    const ownStop = c.entry !== 0 ? (c.stop - c.entry) / Math.abs(c.entry) : -1;
    if (ownStop < 0 && ownStop > pos.ladder.stopReturn)
      pos.ladder = { ...pos.ladder, stopReturn: ownStop };
    const tif = c.legs.every((l) => l.expiry === nyDate(now)) ? 'DAY' : 'GTC';
    const update: BrokerUpdate = { fills: [], orders: [] };
    const quotes = c.legs
      .map((l) => this.quote(l.occSymbol, c.symbol))
      .filter((q): q is Quote => q !== undefined);
    const pre = this.d.broker.onMarket(quotes, this.spots(), now);
    update.fills.push(...pre.fills);
    c.legs.forEach((leg, i) => {
      const req: OrderRequest = {
        clientOrderId: `${id}:${i}:open`,
        signalId: id,
        occSymbol: leg.occSymbol,
        underlying: c.symbol,
        side: leg.side,
        quantity: leg.quantity * verdict.quantity,
        type: 'market',
        tif,
      };
      const r = this.d.broker.submit(req, now);
      update.fills.push(...r.fills);
      update.orders.push(...r.orders);
    });
    await this.d.repository.saveSignal(rec);
    await this.handleBroker(update);
    return id;
  }

  private async handleBroker(update: BrokerUpdate): Promise<void> {
    for (const f of update.fills) {
      const pos = this.book.applyFill(f);
      await this.d.repository.saveFill(f);
      this.fillsSinceTick.push(f);
      this.d.onEvent?.({ kind: 'fill', fill: f });
      if (!pos) continue;
      await this.afterFill(pos, f);
    }
    for (const o of update.orders) {
      if (o.status !== 'expired' && o.status !== 'cancelled') continue;
      const pos = this.book.get(o.signalId);
      const rec = this.signals.get(o.signalId);
      if (
        pos &&
        rec &&
        pos.status === 'opening' &&
        filledUnits(pos) === 0 &&
        (rec.status === 'validated' || rec.status === 'published')
      ) {
        pos.status = 'closed';
        pos.closedAt = o.updatedAt;
        pos.exitReason = 'entry never filled';
        await this.saveSignal(
          transition(rec, 'cancelled', o.updatedAt, 'entry order expired unfilled'),
        );
        await this.d.repository.savePosition(pos);
      }
    }
  }

  private async afterFill(pos: Position, f: Fill): Promise<void> {
    const rec = this.signals.get(pos.signalId);
    if (!rec) return;
    if (rec.status === 'validated' && pos.entryNet !== null) {
      const published = this.publishedSignal(rec, pos, f.at);
      let next = transition(
        rec,
        'published',
        f.at,
        this.d.overseer.controls.paperOnly ? 'paper-only: not distributed' : undefined,
      );
      next = transition({ ...next, published }, 'active', f.at, 'entry filled');
      await this.saveSignal(next);
      if (!this.d.overseer.controls.paperOnly) await this.d.bus.publish(published);
      this.d.onEvent?.({
        kind: 'published',
        signal: published,
        paperOnly: this.d.overseer.controls.paperOnly,
      });
    }
    if (pos.status === 'closed')
      await this.finish(
        pos,
        f.at,
        f.kind === 'settlement' ? 'settled at expiry' : (pos.exitReason ?? 'closed'),
      );
    else await this.d.repository.savePosition(pos);
  }

  private publishedSignal(rec: SignalRecord, pos: Position, at: number): PublishedSignal {
    const c = rec.candidate;
    const entry = round2(pos.entryNet ?? c.entry);
    const levels: Record<string, number> = {};
    const snap = this.feeds.get(c.symbol)?.snapshot;
    if (snap?.gex.flip != null) levels.gammaFlip = snap.gex.flip;
    if (snap?.gex.callWalls[0] !== undefined) levels.callWall = snap.gex.callWalls[0];
    if (snap?.gex.putWalls[0] !== undefined) levels.putWall = snap.gex.putWalls[0];
    if (snap?.maxPainBias) levels.maxPain = snap.maxPainBias.strike;
    return {
      id: rec.id,
      strategy: c.strategy,
      symbol: c.symbol,
      direction: c.direction,
      legs: c.legs.map((l) => ({ ...l, quantity: l.quantity * pos.targetUnits })),
      entry,
      stop: round2(stopPrice(entry, pos.ladder.stopReturn)),
      target: c.target,
      size: pos.targetUnits,
      confidence: c.confidence,
      triggeredBy: c.triggeredBy,
      riskFactors: c.riskFactors,
      narrative: `${c.strategy} ${c.setup}: ${c.triggeredBy.join('; ')}. Invalidation: ${c.invalidation}.`,
      levels,
      publishedAt: at,
      dataAsOf: c.dataAsOf,
    };
  }

  private async manage(p: Position, now: number): Promise<void> {
    if (p.status !== 'open' || p.entryNet === null) return;
    const mark = this.book.mark(p, (occ) => this.quote(occ, p.symbol));
    if (mark === null) return;
    p.markNet = mark;
    this.remarkGreeks(p);
    const r = PositionBookReturn(p.entryNet, mark);
    p.lastReturn = r;
    const step = ladderStep(p.ladder, r, this.ladder);
    p.ladder = step.state;
    for (const e of step.events) {
      if (e.kind === 'stop_moved') {
        await this.d.bus.update({
          signalId: p.signalId,
          kind: 'stop_moved',
          at: now,
          newStop: round2(stopPrice(p.entryNet, e.to)),
          reason: e.reason,
        });
      } else if (e.kind === 'exit') {
        await this.close(p, now, e.reason, e.stopReturn >= 0 ? e.stopReturn : null);
        return;
      }
    }
    if (p.timeStopAt !== null && now >= p.timeStopAt) {
      await this.close(p, now, 'time stop', null);
      return;
    }
    // Anything still open a minute before its contracts settle is closed at the market, so
    // 0DTE trades end on a fill rather than on the settlement print, unless quotes are gone.
    const expiry = Math.min(
      ...p.legs.map((l) => {
        const q = this.quote(l.occSymbol, p.symbol);
        return q ? settlementInstant(q.expiry, q.settlement) : Infinity;
      }),
    );
    if (now >= expiry - 60_000 && now < expiry)
      await this.close(p, now, 'expiry: closed before settlement', null);
  }

  /** Position Greeks from the latest analytics of its legs (exposure rules read these). */
  private remarkGreeks(p: Position): void {
    const contracts = this.feeds.get(p.symbol)?.snapshot.contracts;
    if (!contracts) return;
    const g = { delta: 0, gamma: 0, theta: 0, vega: 0 };
    for (const l of p.legs) {
      const c = contracts.find((x) => x.occSymbol === l.occSymbol);
      if (!c || c.delta === null || c.gamma === null || c.theta === null || c.vega === null) return;
      const k = (l.side === 'buy' ? 1 : -1) * l.quantity;
      g.delta += k * c.delta;
      g.gamma += k * c.gamma;
      g.theta += k * c.theta;
      g.vega += k * c.vega;
    }
    p.greeksPerUnit = g;
  }

  /** Closes a position: a limit at the locked stop when green (never closes red), else market. */
  private async close(
    p: Position,
    now: number,
    reason: string,
    lockedReturn: number | null,
  ): Promise<void> {
    p.status = 'closing';
    p.exitReason = reason;
    for (const o of this.d.broker.openOrders()) {
      if (o.signalId === p.signalId) this.d.broker.cancel(o.id, now);
    }
    const update: BrokerUpdate = { fills: [], orders: [] };
    const single = p.legs.length === 1;
    p.legs.forEach((l, i) => {
      const qty = l.openedQty - l.closedQty;
      if (qty <= 0) return;
      const limit =
        single && lockedReturn !== null && p.entryNet !== null
          ? round2(stopPrice(p.entryNet, lockedReturn))
          : undefined;
      const r = this.d.broker.submit(
        {
          clientOrderId: `${p.signalId}:${i}:close`,
          signalId: p.signalId,
          occSymbol: l.occSymbol,
          underlying: p.symbol,
          side: l.side === 'buy' ? 'sell' : 'buy',
          quantity: qty,
          type: limit !== undefined ? 'limit' : 'market',
          ...(limit !== undefined ? { limitPrice: limit } : {}),
          tif: 'GTC',
        },
        now,
      );
      update.fills.push(...r.fills);
      update.orders.push(...r.orders);
    });
    await this.handleBroker(update);
    if (this.book.get(p.signalId)?.status !== 'closed') await this.d.repository.savePosition(p);
  }

  private async finish(p: Position, at: number, reason: string): Promise<void> {
    const rec = this.signals.get(p.signalId);
    const units = filledUnits(p);
    const entry = p.entryNet ?? 0;
    const exit = p.legs.reduce(
      (s, l) => s + (l.side === 'buy' ? 1 : -1) * l.closeAvg * l.quantity,
      0,
    );
    const ret = entry !== 0 ? (exit - entry) / Math.abs(entry) : 0;
    const risk = p.riskPerContract * units;
    const trade: ClosedTrade = {
      signalId: p.signalId,
      strategy: p.strategy,
      setup: p.setup,
      symbol: p.symbol,
      openedAt: p.openedAt ?? at,
      closedAt: at,
      units,
      entry: round2(entry),
      exit: round2(exit),
      pnl: round2(p.realizedPnl),
      returnPct: ret,
      riskDollars: risk,
      reason,
    };
    this.closedTrades.push(trade);
    this.setupStats.record(p.strategy, p.setup, risk > 0 ? p.realizedPnl / risk : 0);
    const win = p.realizedPnl > 0;
    const sr = this.strategyRecords.get(p.strategy) ?? {
      trades: 0,
      wins: 0,
      expectedWinRate: 0,
      confidenceSum: 0,
    };
    sr.trades += 1;
    sr.wins += win ? 1 : 0;
    sr.confidenceSum += rec?.candidate.confidence ?? 0.5;
    sr.expectedWinRate = sr.confidenceSum / sr.trades;
    this.strategyRecords.set(p.strategy, sr);
    if (rec) {
      const regime = rec.explanation.regime?.label ?? 'unknown';
      const key = `${p.strategy}|${regime}`;
      const rs = this.regimeStats.get(key) ?? { trades: 0, wins: 0 };
      rs.trades += 1;
      rs.wins += win ? 1 : 0;
      this.regimeStats.set(key, rs);
      if (rec.status === 'active') {
        const closed = transition(
          {
            ...rec,
            outcome: {
              exitPrice: round2(exit),
              returnPct: ret,
              pnl: round2(p.realizedPnl),
              reason,
              win,
            },
          },
          'closed',
          at,
          reason,
        );
        await this.saveSignal(closed);
        await this.d.bus.update({
          signalId: p.signalId,
          kind: 'closed',
          at,
          exitPrice: round2(exit),
          returnPct: ret,
          reason,
        });
      }
    }
    await this.d.repository.savePosition(p);
    this.d.onEvent?.({ kind: 'closed', signalId: p.signalId, pnl: p.realizedPnl, reason });
  }

  private async saveSignal(rec: SignalRecord): Promise<void> {
    this.signals.set(rec.id, rec);
    await this.d.repository.saveSignal(rec);
  }
}

function PositionBookReturn(entryNet: number, markNet: number): number {
  return PositionBook.returnOf(entryNet, markNet);
}

/** Net premium at which a position's return equals `r`. */
function stopPrice(entryNet: number, r: number): number {
  return entryNet + r * Math.abs(entryNet);
}

/** When an event became known: a bar at its end, everything else at its stamp. */
function eventTime(e: MarketEvent): number {
  return e.kind === 'bar' ? e.end : e.at;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function toSessionInfo(s: {
  date: string;
  openAt: number;
  closeAt: number;
  halfDay: boolean;
}): SessionInfo {
  return { date: s.date, openAt: s.openAt, closeAt: s.closeAt, halfDay: s.halfDay };
}

function toQuote(
  underlying: string,
  c: ChainSnapshot['contracts'][number],
  grade: LiquidityGrade,
  at: number,
): Quote {
  return {
    occSymbol: c.occSymbol,
    underlying,
    bid: c.bid,
    ask: c.ask,
    strike: c.strike,
    right: c.right,
    expiry: c.expiry,
    settlement: c.settlement,
    expiresAt: Date.parse(c.expiresAt),
    liquidity: grade,
    at,
  };
}
