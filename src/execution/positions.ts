/**
 * Paper positions, one per signal, built from fills: legs, average prices, the ladder state,
 * realised and unrealised P&L, and P&L by New York day, ISO week and month.
 */
import { DateTime } from 'luxon';
import { nyDate } from '../common/market-calendar.js';
import type { Direction, SignalLeg, StrategyName } from '../vocabulary/trading.js';
import { CONTRACT_MULTIPLIER, NEW_YORK_ZONE } from '../vocabulary/units.js';
import type { PositionGreeks } from '../strategies/strategy-context.js';
import type { Fill, Quote } from './broker.js';
import { initialLadderState, type LadderState } from './trailing-ladder.js';

export type PositionStatus = 'opening' | 'open' | 'closing' | 'closed';

export interface PositionLeg extends SignalLeg {
  openedQty: number;
  openAvg: number;
  closedQty: number;
  closeAvg: number;
}

export interface Position {
  signalId: string;
  strategy: StrategyName;
  setup: string;
  symbol: string;
  direction: Direction;
  legs: PositionLeg[];
  /** Units (contracts of the primary leg) wanted. */
  targetUnits: number;
  status: PositionStatus;
  openedAt: number | null;
  closedAt: number | null;
  /** Net entry per unit (debit positive, credit negative); null until every leg has filled. */
  entryNet: number | null;
  /** Closing value per unit at the last mark (what closing now would bring). */
  markNet: number | null;
  lastReturn: number | null;
  ladder: LadderState;
  greeksPerUnit: PositionGreeks;
  riskPerContract: number;
  timeStopAt: number | null;
  realizedPnl: number;
  exitReason: string | null;
  updatedAt: number;
}

export interface PnlSummary {
  realized: number;
  unrealized: number;
  day: number;
  week: number;
  month: number;
}

const sign = (side: 'buy' | 'sell'): number => (side === 'buy' ? 1 : -1);

/** Units held: the smallest per-leg (opened − closed) / ratio. */
export function openUnits(p: Position): number {
  let units = Infinity;
  for (const l of p.legs) units = Math.min(units, (l.openedQty - l.closedQty) / l.quantity);
  return Number.isFinite(units) ? Math.max(0, units) : 0;
}

export function filledUnits(p: Position): number {
  let units = Infinity;
  for (const l of p.legs) units = Math.min(units, l.openedQty / l.quantity);
  return Number.isFinite(units) ? Math.max(0, Math.floor(units)) : 0;
}

export class PositionBook {
  private readonly positions = new Map<string, Position>();
  private readonly realizedEvents: { at: number; amount: number }[] = [];

  constructor(readonly startEquity: number) {}

  open(
    p: Omit<
      Position,
      | 'legs'
      | 'status'
      | 'openedAt'
      | 'closedAt'
      | 'entryNet'
      | 'markNet'
      | 'lastReturn'
      | 'ladder'
      | 'realizedPnl'
      | 'exitReason'
      | 'updatedAt'
    > & { legs: SignalLeg[] },
    now: number,
  ): Position {
    const pos: Position = {
      ...p,
      legs: p.legs.map((l) => ({ ...l, openedQty: 0, openAvg: 0, closedQty: 0, closeAvg: 0 })),
      status: 'opening',
      openedAt: null,
      closedAt: null,
      entryNet: null,
      markNet: null,
      lastReturn: null,
      ladder: initialLadderState(),
      realizedPnl: 0,
      exitReason: null,
      updatedAt: now,
    };
    this.positions.set(pos.signalId, pos);
    return pos;
  }

  get(signalId: string): Position | undefined {
    return this.positions.get(signalId);
  }

  all(): Position[] {
    return [...this.positions.values()];
  }

  live(): Position[] {
    return this.all().filter((p) => p.status !== 'closed');
  }

  /** Applies a fill: opening fills raise a leg's opened quantity, closing ones realise P&L. */
  applyFill(f: Fill): Position | null {
    const p = this.positions.get(f.signalId);
    if (!p) return null;
    const leg = p.legs.find((l) => l.occSymbol === f.occSymbol);
    if (!leg) return null;
    const opening = f.side === leg.side;
    if (opening) {
      leg.openAvg =
        (leg.openAvg * leg.openedQty + f.price * f.quantity) / (leg.openedQty + f.quantity);
      leg.openedQty += f.quantity;
      if (p.openedAt === null) p.openedAt = f.at;
      if (p.status === 'opening') p.status = 'open';
      // The net entry exists once every leg has filled: a condor's bought wings alone would read
      // as a debit (and be published and laddered as one) before its sold legs fill.
      p.entryNet = p.legs.every((l) => l.openedQty > 0)
        ? p.legs.reduce((s, l) => s + sign(l.side) * l.openAvg * l.quantity, 0)
        : null;
    } else {
      leg.closeAvg =
        (leg.closeAvg * leg.closedQty + f.price * f.quantity) / (leg.closedQty + f.quantity);
      leg.closedQty += f.quantity;
      const pnl = sign(leg.side) * (f.price - leg.openAvg) * f.quantity * CONTRACT_MULTIPLIER;
      p.realizedPnl += pnl;
      this.realizedEvents.push({ at: f.at, amount: pnl });
      if (p.legs.every((l) => l.closedQty >= l.openedQty && l.openedQty > 0)) {
        p.status = 'closed';
        p.closedAt = f.at;
      }
    }
    p.updatedAt = f.at;
    return p;
  }

  /** Closing value per unit from current quotes (buy legs sell at the bid, sell legs buy at the ask). */
  mark(p: Position, quote: (occ: string) => Quote | undefined): number | null {
    let v = 0;
    for (const l of p.legs) {
      const q = quote(l.occSymbol);
      if (!q) return null;
      v += l.side === 'buy' ? q.bid * l.quantity : -q.ask * l.quantity;
    }
    return v;
  }

  /** Return on premium of a closing value against the entry. */
  static returnOf(entryNet: number, markNet: number): number {
    const base = Math.abs(entryNet);
    return base > 0 ? (markNet - entryNet) / base : 0;
  }

  unrealized(p: Position): number {
    if (p.entryNet === null || p.markNet === null) return 0;
    return (p.markNet - p.entryNet) * openUnits(p) * CONTRACT_MULTIPLIER;
  }

  /** Dollars of premium (debit) or risk (credit) tied up by open positions. */
  capitalUsed(): number {
    let s = 0;
    for (const p of this.live()) {
      const u = openUnits(p);
      if (p.entryNet === null || u === 0) continue;
      s += p.entryNet >= 0 ? p.entryNet * u * CONTRACT_MULTIPLIER : p.riskPerContract * u;
    }
    return s;
  }

  realizedTotal(): number {
    return this.realizedEvents.reduce((s, e) => s + e.amount, 0);
  }

  equity(): number {
    return (
      this.startEquity +
      this.realizedTotal() +
      this.live().reduce((s, p) => s + this.unrealized(p), 0)
    );
  }

  buyingPower(): number {
    return this.startEquity + this.realizedTotal() - this.capitalUsed();
  }

  /** Realised P&L since the start of the New York day / ISO week / month, plus open unrealised. */
  pnl(now: number): PnlSummary {
    const starts = periodStarts(now);
    const since = (unit: 'day' | 'week' | 'month'): number => {
      const start = starts[unit];
      return this.realizedEvents.filter((e) => e.at >= start).reduce((s, e) => s + e.amount, 0);
    };
    const unrealized = this.live().reduce((s, p) => s + this.unrealized(p), 0);
    return {
      realized: this.realizedTotal(),
      unrealized,
      day: since('day') + unrealized,
      week: since('week') + unrealized,
      month: since('month') + unrealized,
    };
  }

  /** Equity at the start of the New York day of `now` (realised before today). */
  startOfDayEquity(now: number): number {
    const start = periodStarts(now).day;
    return (
      this.startEquity +
      this.realizedEvents.filter((e) => e.at < start).reduce((s, e) => s + e.amount, 0)
    );
  }
}

type PeriodStarts = Record<'day' | 'week' | 'month', number>;
let lastPeriods: { date: string; starts: PeriodStarts } | null = null;

/** Starts of the New York day, ISO week and month of `now`; the engine asks every step, so the
 * last day's are kept. */
function periodStarts(now: number): PeriodStarts {
  const date = nyDate(now);
  if (lastPeriods?.date !== date) {
    const t = DateTime.fromMillis(now, { zone: NEW_YORK_ZONE });
    lastPeriods = {
      date,
      starts: {
        day: t.startOf('day').toMillis(),
        week: t.startOf('week').toMillis(),
        month: t.startOf('month').toMillis(),
      },
    };
  }
  return lastPeriods.starts;
}
