/**
 * The app's TradingDayReader: the engine's stored tables (engine_signal, engine_fill,
 * engine_position) read by SQL, so reports never import the engine. Only the few fields a report
 * needs are read from a position's stored JSON. The day's equity curve is the start-of-day equity
 * plus the realised P&L of each close, ending at the current equity.
 */
import type { DataSource } from 'typeorm';
import { nyInstant } from '../../common/market-calendar.js';
import type { SignalRecordView } from '../../signals/signal-record.js';
import type { Direction, StrategyName } from '../../vocabulary/trading.js';
import type { EquityPoint } from '../report.js';
import type {
  DayClosedTrade,
  DayFill,
  DayOpenPosition,
  TradingDayReader,
  TradingDayRecords,
} from '../report-sources.js';

const CONTRACT_MULTIPLIER = 100;

/** The part of the engine's stored position a report reads. */
interface StoredPosition {
  signalId: string;
  strategy: StrategyName;
  symbol: string;
  direction: Direction;
  status: string;
  legs: { openedQty: number; closedQty: number; quantity: number }[];
  entryNet: number | null;
  markNet: number | null;
  lastReturn: number | null;
  riskPerContract: number;
  realizedPnl: number;
  openedAt: number | null;
  closedAt: number | null;
  greeksPerUnit: { delta: number; gamma: number; theta: number; vega: number } | null;
}

function openUnits(p: StoredPosition): number {
  let units = Infinity;
  for (const l of p.legs) units = Math.min(units, (l.openedQty - l.closedQty) / l.quantity);
  return Number.isFinite(units) ? Math.max(0, units) : 0;
}

const unrealizedOf = (p: StoredPosition): number =>
  p.entryNet === null || p.markNet === null
    ? 0
    : (p.markNet - p.entryNet) * openUnits(p) * CONTRACT_MULTIPLIER;

const iso = (ms: number): string => new Date(ms).toISOString();

export class SqlTradingDayReader implements TradingDayReader {
  constructor(
    private readonly ds: DataSource,
    /** The paper account's starting equity (ENGINE_START_EQUITY). */
    private readonly startEquity: number,
  ) {}

  async dayRecords(date: string, asOf: number): Promise<TradingDayRecords> {
    const dayStart = nyInstant(date, '00:00');
    const [signals, fills, positions] = await Promise.all([
      this.signals(dayStart, asOf),
      this.fills(dayStart, asOf),
      this.positions(asOf),
    ]);
    const outcomes = new Map(signals.map((s) => [s.id, s.outcome]));
    const closedBefore = positions.filter((p) => p.closedAt !== null && p.closedAt < dayStart);
    const closedToday = positions.filter(
      (p) => p.closedAt !== null && p.closedAt >= dayStart && p.closedAt <= asOf,
    );
    const live = positions.filter((p) => p.status !== 'closed' || (p.closedAt ?? 0) > asOf);
    const closedTrades: DayClosedTrade[] = closedToday.map((p) => ({
      signalId: p.signalId,
      strategy: p.strategy,
      symbol: p.symbol,
      closedAt: p.closedAt!,
      pnl: p.realizedPnl,
      returnPct: outcomes.get(p.signalId)?.returnPct ?? p.lastReturn ?? 0,
    }));
    const openPositions: DayOpenPosition[] = live.map((p) => ({
      signalId: p.signalId,
      strategy: p.strategy,
      symbol: p.symbol,
      direction: p.direction,
      units: openUnits(p),
      entry: p.entryNet ?? 0,
      mark: p.markNet,
      unrealizedPnl: unrealizedOf(p),
      greeks: p.greeksPerUnit,
    }));
    const dayStartEquity = this.startEquity + closedBefore.reduce((s, p) => s + p.realizedPnl, 0);
    const realizedToday = closedTrades.reduce((s, t) => s + t.pnl, 0);
    const unrealized = openPositions.reduce((s, p) => s + p.unrealizedPnl, 0);
    const equity = dayStartEquity + realizedToday + unrealized;
    const capitalUsed = live.reduce((s, p) => {
      const u = openUnits(p);
      if (p.entryNet === null || u === 0) return s;
      return s + (p.entryNet >= 0 ? p.entryNet * u * CONTRACT_MULTIPLIER : p.riskPerContract * u);
    }, 0);
    return {
      signals,
      fills,
      closedTrades,
      openPositions,
      equityCurve: curve(dayStart, dayStartEquity, closedTrades, asOf, equity),
      book: {
        startEquity: dayStartEquity,
        equity,
        realizedToday,
        unrealized,
        capitalUsed,
        buyingPower: dayStartEquity + realizedToday - capitalUsed,
      },
    };
  }

  private async signals(from: number, to: number): Promise<SignalRecordView[]> {
    return this.ds.query(
      `SELECT id, status, published, explanation, outcome FROM engine_signal
        WHERE created_at >= $1 AND created_at <= $2 ORDER BY created_at, id`,
      [iso(from), iso(to)],
    );
  }

  private async fills(from: number, to: number): Promise<DayFill[]> {
    const rows: {
      signal_id: string;
      occ_symbol: string;
      side: 'buy' | 'sell';
      quantity: number;
      price: string;
      at: Date;
    }[] = await this.ds.query(
      `SELECT signal_id, occ_symbol, side, quantity, price, at FROM engine_fill
        WHERE at >= $1 AND at <= $2 ORDER BY at, id`,
      [iso(from), iso(to)],
    );
    return rows.map((r) => ({
      signalId: r.signal_id,
      occSymbol: r.occ_symbol,
      side: r.side,
      quantity: Number(r.quantity),
      price: Number(r.price),
      at: r.at.getTime(),
    }));
  }

  private async positions(asOf: number): Promise<StoredPosition[]> {
    const rows: { data: StoredPosition }[] = await this.ds.query(
      `SELECT data FROM engine_position WHERE opened_at IS NOT NULL AND opened_at <= $1
        ORDER BY opened_at, signal_id`,
      [iso(asOf)],
    );
    return rows.map((r) => r.data);
  }
}

function curve(
  dayStart: number,
  startEquity: number,
  closes: readonly DayClosedTrade[],
  asOf: number,
  equity: number,
): EquityPoint[] {
  const points: EquityPoint[] = [{ at: dayStart, equity: startEquity }];
  let e = startEquity;
  for (const t of [...closes].sort((a, b) => a.closedAt - b.closedAt)) {
    e += t.pnl;
    points.push({ at: t.closedAt, equity: e });
  }
  points.push({ at: asOf, equity });
  return points;
}
