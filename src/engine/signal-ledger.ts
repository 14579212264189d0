/**
 * The engine's signal records through their lifecycle: created when risk approves a candidate,
 * published (on the bus unless the overseer holds publishing to paper) when the entry fills,
 * cancelled when the entry never fills, closed with its outcome when the position is flat.
 * Every change is stored as it happens.
 */
import type { AnalyticsSnapshot } from '../analytics/analytics-snapshot.js';
import type { Fill } from '../execution/broker.js';
import type { Position } from '../execution/positions.js';
import type { Overseer } from '../overseer/overseer.js';
import type { RiskVerdict } from '../risk/risk-engine.js';
import { PAPER_ONLY_NOTE } from '../signals/signal-record.js';
import type { PublishedSignal, SignalBus } from '../signals/signal.js';
import type { MarketState } from './market-state.js';
import type { SignalSide } from './position-manager.js';
import { buildExplanation, buildPublishedSignal } from './published-signal.js';
import type { EngineRepository } from './storage/engine-repository.js';
import {
  formatSignalId,
  signalDay,
  transition,
  wasDistributed,
  type SignalRecord,
} from './storage/lifecycle.js';
import type { ClosedTrade, TradeStatistics } from './trade-statistics.js';

export interface SignalLedgerDeps {
  repository: EngineRepository;
  bus: SignalBus;
  overseer: Overseer;
  market: MarketState;
  stats: TradeStatistics;
  onPublished?: (signal: PublishedSignal, paperOnly: boolean) => void;
}

export class SignalLedger implements SignalSide {
  private readonly signals = new Map<string, SignalRecord>();

  constructor(private readonly d: SignalLedgerDeps) {}

  records(): SignalRecord[] {
    return [...this.signals.values()];
  }

  has(signalId: string): boolean {
    return this.signals.has(signalId);
  }

  /**
   * The validated record of an approved verdict, with its explanation and the next id of the
   * day. Kept in memory only: the caller stores it once its entry orders are out.
   */
  async create(
    verdict: RiskVerdict,
    snapshot: AnalyticsSnapshot,
    now: number,
  ): Promise<SignalRecord> {
    const c = verdict.candidate;
    const day = signalDay(now);
    const id = formatSignalId(day, await this.d.repository.nextSignalSequence(day));
    const explanation = buildExplanation(
      verdict,
      snapshot,
      this.d.market.feedTimesOf(c.symbol),
      this.d.stats.regimeHitRate(c.strategy, snapshot.regime.label),
    );
    let rec: SignalRecord = {
      id,
      status: 'candidate',
      strategy: c.strategy,
      setup: c.setup,
      symbol: c.symbol,
      direction: c.direction,
      candidate: c,
      published: null,
      explanation,
      outcome: null,
      history: [{ status: 'candidate', at: c.proposedAt }],
      createdAt: now,
      updatedAt: now,
    };
    rec = transition(rec, 'validated', now, `risk approved ${verdict.quantity} contract(s)`);
    this.signals.set(id, rec);
    return rec;
  }

  async save(rec: SignalRecord): Promise<void> {
    this.signals.set(rec.id, rec);
    await this.d.repository.saveSignal(rec);
  }

  /**
   * The first entry fill that gives the position its net price (every leg filled) publishes the
   * signal at that price; later fills change nothing.
   */
  async filled(pos: Position, f: Fill): Promise<void> {
    const rec = this.signals.get(pos.signalId);
    if (!rec || rec.status !== 'validated' || pos.entryNet === null) return;
    const published = buildPublishedSignal(
      rec,
      { entryNet: pos.entryNet, targetUnits: pos.targetUnits, stopReturn: pos.ladder.stopReturn },
      this.d.market.snapshot(rec.candidate.symbol),
      f.at,
    );
    const controls = this.d.overseer.controls;
    let next = transition(rec, 'published', f.at, controls.paperOnly ? PAPER_ONLY_NOTE : undefined);
    next = transition({ ...next, published }, 'active', f.at, 'entry filled');
    await this.save(next);
    if (!controls.paperOnly) await this.d.bus.publish(published);
    this.d.onPublished?.(published, controls.paperOnly);
  }

  async cancelUnfilled(signalId: string, at: number): Promise<boolean> {
    const rec = this.signals.get(signalId);
    if (!rec || (rec.status !== 'validated' && rec.status !== 'published')) return false;
    await this.save(transition(rec, 'cancelled', at, 'entry order expired unfilled'));
    return true;
  }

  /** Stores the stop move with the signal, then sends it (a crash between loses nothing). */
  async stopMoved(signalId: string, at: number, newStop: number, reason: string): Promise<void> {
    const rec = this.signals.get(signalId) ?? (await this.d.repository.getSignal(signalId));
    if (rec)
      await this.save({
        ...rec,
        stopMoves: [...(rec.stopMoves ?? []), { at, newStop, reason }],
        updatedAt: at,
      });
    if (rec && !wasDistributed(rec)) return;
    await this.d.bus.update({ signalId, kind: 'stop_moved', at, newStop, reason });
  }

  /** Records the trade in the statistics and closes an active signal with its outcome. */
  async closed(pos: Position, trade: ClosedTrade): Promise<void> {
    const rec = this.signals.get(pos.signalId);
    this.d.stats.record(
      trade,
      pos.realizedPnl,
      rec
        ? {
            confidence: rec.candidate.confidence,
            regime: rec.explanation.regime?.label ?? 'unknown',
          }
        : null,
    );
    if (rec?.status !== 'active') return;
    const { reason, exit, returnPct } = trade;
    const outcome = {
      exitPrice: exit,
      returnPct,
      pnl: trade.pnl,
      reason,
      win: pos.realizedPnl > 0,
    };
    await this.save(transition({ ...rec, outcome }, 'closed', trade.closedAt, reason));
    if (!wasDistributed(rec)) return;
    await this.d.bus.update({
      signalId: pos.signalId,
      kind: 'closed',
      at: trade.closedAt,
      exitPrice: exit,
      returnPct,
      reason,
    });
  }
}
