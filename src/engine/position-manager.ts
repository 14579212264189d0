/**
 * The paper book and the orders that move it: entry orders for an approved trade, fills applied
 * as the broker reports them, each open position marked and walked up its trailing-stop ladder,
 * time stops and pre-settlement exits, and the closing orders. What a fill or a close means for
 * the signal (publish it, cancel it, close its record) is the SignalSide's business.
 */
import type { Broker, BrokerUpdate, Fill, OrderRequest, Quote } from '../execution/broker.js';
import { filledUnits, openUnits, PositionBook, type Position } from '../execution/positions.js';
import { settlementInstant } from '../execution/settlement.js';
import { ladderStep, type LadderConfig } from '../execution/trailing-ladder.js';
import type { RiskVerdict } from '../risk/risk-engine.js';
import { riskPerContract } from '../risk/rules.js';
import type { RiskPosition } from '../risk/rule-types.js';
import { nyDate } from '../common/market-calendar.js';
import { CONTRACT_MULTIPLIER } from '../vocabulary/units.js';
import type { MarketState } from './market-state.js';
import { round2, stopPrice } from './published-signal.js';
import type { EngineRepository } from './storage/engine-repository.js';
import type { ClosedTrade } from './trade-statistics.js';

/** What the position manager tells the signal side, in the order things happen. */
export interface SignalSide {
  /** Positions of signals the engine has no record of are left alone. */
  has(signalId: string): boolean;
  /** A fill landed on the position (its entry or its exit). */
  filled(position: Position, fill: Fill): Promise<void>;
  /** The entry order ended with nothing filled: true when the signal was cancelled for it. */
  cancelUnfilled(signalId: string, at: number): Promise<boolean>;
  /** The ladder moved the stop. */
  stopMoved(signalId: string, at: number, newStop: number, reason: string): Promise<void>;
  /** The position is flat: the trade is done. */
  closed(position: Position, trade: ClosedTrade): Promise<void>;
}

export interface PositionManagerDeps {
  broker: Broker;
  repository: EngineRepository;
  market: MarketState;
  ladder: LadderConfig;
  startEquity: number;
  onFill?: (fill: Fill) => void;
  onClosed?: (signalId: string, pnl: number, reason: string) => void;
}

export class PositionManager {
  readonly book: PositionBook;
  private readonly fillsSinceTick: Fill[] = [];
  private signals: SignalSide | null = null;

  constructor(private readonly d: PositionManagerDeps) {
    this.book = new PositionBook(d.startEquity);
  }

  /** Connects the signal side (the engine's ledger); set once before the first step. */
  attach(signals: SignalSide): void {
    this.signals = signals;
  }

  /** Fills since the last call (the overseer's slippage watch). */
  takeFills(): Fill[] {
    return this.fillsSinceTick.splice(0);
  }

  /** The broker sees the new quotes: resting orders work, expired contracts settle. */
  async onMarket(now: number): Promise<void> {
    await this.apply(this.d.broker.onMarket(this.watchedQuotes(), this.d.market.spots(), now));
  }

  /** Marks every live position, walks its ladder and applies time and expiry exits. */
  async manageAll(now: number): Promise<void> {
    for (const p of this.book.live()) await this.manage(p, now);
  }

  /** Open positions as the risk rules and strategies see them. */
  riskPositions(): RiskPosition[] {
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
        // The debit paid, or for a credit the risk it ties up (as the book counts buying power).
        capitalUsed:
          p.entryNet === null
            ? 0
            : p.entryNet >= 0
              ? p.entryNet * units * CONTRACT_MULTIPLIER
              : p.riskPerContract * units,
        openedAt: p.openedAt ?? undefined,
        setup: p.setup,
      };
    });
  }

  /**
   * Opens the position of an approved trade and submits its entry orders at the market. The
   * broker's answer is returned unapplied: the caller stores the signal first, then applies it.
   */
  open(signalId: string, verdict: RiskVerdict, now: number): BrokerUpdate {
    const c = verdict.candidate;
    const pos = this.book.open(
      {
        signalId,
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
      .map((l) => this.d.market.quote(l.occSymbol, c.symbol))
      .filter((q): q is Quote => q !== undefined);
    const pre = this.d.broker.onMarket(quotes, this.d.market.spots(), now);
    update.fills.push(...pre.fills);
    c.legs.forEach((leg, i) => {
      const req: OrderRequest = {
        clientOrderId: `${signalId}:${i}:open`,
        signalId,
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
    return update;
  }

  /** Applies a broker update: fills to their positions, unfilled expired entries cancelled. */
  async apply(update: BrokerUpdate): Promise<void> {
    const signals = this.signalSide();
    for (const f of update.fills) {
      const pos = this.book.applyFill(f);
      await this.d.repository.saveFill(f);
      this.fillsSinceTick.push(f);
      this.d.onFill?.(f);
      if (!pos || !signals.has(pos.signalId)) continue;
      await signals.filled(pos, f);
      if (pos.status === 'closed')
        await this.finish(
          pos,
          f.at,
          f.kind === 'settlement' ? 'settled at expiry' : (pos.exitReason ?? 'closed'),
        );
      else await this.d.repository.savePosition(pos);
    }
    for (const o of update.orders) {
      if (o.status !== 'expired' && o.status !== 'cancelled') continue;
      const pos = this.book.get(o.signalId);
      if (!pos || pos.status !== 'opening' || filledUnits(pos) !== 0) continue;
      if (!(await signals.cancelUnfilled(o.signalId, o.updatedAt))) continue;
      pos.status = 'closed';
      pos.closedAt = o.updatedAt;
      pos.exitReason = 'entry never filled';
      await this.d.repository.savePosition(pos);
    }
  }

  private signalSide(): SignalSide {
    if (!this.signals) throw new Error('PositionManager: no signal side attached');
    return this.signals;
  }

  /** Only contracts the book holds or works orders in: the broker needs no others. */
  private watchedQuotes(): Quote[] {
    const out: Quote[] = [];
    for (const p of this.book.live()) {
      for (const l of p.legs) {
        const q = this.d.market.quote(l.occSymbol, p.symbol);
        if (q) out.push(q);
      }
    }
    return out;
  }

  private async manage(p: Position, now: number): Promise<void> {
    if (p.status === 'closing') {
      await this.pressExit(p, now);
      return;
    }
    if (p.status !== 'open') return;
    // Time exits come first and do not wait for a mark: a leg without a quote (a thinned or late
    // chain), no bid or an entry still filling closes on time all the same, at the market (its
    // orders rest until a quote has a bid).
    const timed = this.timedExit(p, now);
    if (timed !== null) {
      await this.close(p, now, timed, null);
      return;
    }
    if (p.entryNet === null) return;
    const mark = this.book.mark(p, (occ) => this.d.market.quote(occ, p.symbol));
    if (mark === null) return;
    p.markNet = mark;
    this.remarkGreeks(p);
    const r = PositionBook.returnOf(p.entryNet, mark);
    p.lastReturn = r;
    const step = ladderStep(p.ladder, r, this.d.ladder);
    p.ladder = step.state;
    for (const e of step.events) {
      if (e.kind === 'stop_moved') {
        await this.signalSide().stopMoved(
          p.signalId,
          now,
          round2(stopPrice(p.entryNet, e.to)),
          e.reason,
        );
      } else if (e.kind === 'exit') {
        await this.close(p, now, e.reason, e.stopReturn >= 0 ? e.stopReturn : null);
        return;
      }
    }
  }

  /**
   * 'time stop' once the position's time stop has passed; the pre-settlement exit in the minute
   * before its contracts settle (so 0DTE trades end on a fill rather than on the settlement print,
   * unless quotes are gone); else null.
   */
  private timedExit(p: Position, now: number): string | null {
    if (p.timeStopAt !== null && now >= p.timeStopAt) return 'time stop';
    const expiry = Math.min(
      ...p.legs.map((l) => {
        const q = this.d.market.quote(l.occSymbol, p.symbol);
        return q ? settlementInstant(q.expiry, q.settlement) : Infinity;
      }),
    );
    return now >= expiry - 60_000 && now < expiry ? 'expiry: closed before settlement' : null;
  }

  /**
   * A position whose exit has not filled yet. A green ladder exit rests as a limit at the locked
   * stop (it never fills red), but it does not outlive the position's time exits: at the time stop
   * or in the minute before settlement it is replaced by a market order. A leg with contracts left
   * and no working order (cancelled or expired by the broker) is offered again at the market.
   * Market orders that found no bid keep working and fill at the next quote with one.
   */
  private async pressExit(p: Position, now: number): Promise<void> {
    const working = this.d.broker.openOrders().filter((o) => o.signalId === p.signalId);
    const timed = this.timedExit(p, now);
    const limitDue = timed !== null && working.some((o) => o.type === 'limit');
    const uncovered = p.legs.some(
      (l) => l.openedQty > l.closedQty && !working.some((o) => o.occSymbol === l.occSymbol),
    );
    if (limitDue || uncovered) await this.close(p, now, timed ?? p.exitReason ?? 'closed', null);
  }

  /** Position Greeks from the latest analytics of its legs (exposure rules read these). */
  private remarkGreeks(p: Position): void {
    const contracts = this.d.market.snapshot(p.symbol)?.contracts;
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
    // A repeated close (a resting exit pressed to the market) needs order ids of its own.
    const again = p.status === 'closing' ? `:${now}` : '';
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
          clientOrderId: `${p.signalId}:${i}:close${again}`,
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
    await this.apply(update);
    if (this.book.get(p.signalId)?.status !== 'closed') await this.d.repository.savePosition(p);
  }

  /** The position is flat: the closed trade goes to the signal side, then the book is saved. */
  private async finish(p: Position, at: number, reason: string): Promise<void> {
    const units = filledUnits(p);
    const entry = p.entryNet ?? 0;
    const exit = p.legs.reduce(
      (s, l) => s + (l.side === 'buy' ? 1 : -1) * l.closeAvg * l.quantity,
      0,
    );
    await this.signalSide().closed(p, {
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
      returnPct: entry !== 0 ? (exit - entry) / Math.abs(entry) : 0,
      riskDollars: p.riskPerContract * units,
      reason,
    });
    await this.d.repository.savePosition(p);
    this.d.onClosed?.(p.signalId, p.realizedPnl, reason);
  }
}
