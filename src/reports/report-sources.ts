/**
 * What a report reads, as ports. Signals come through the signals' record view (published signal,
 * explanation, outcome); the day's fills, closed trades, open positions and equity are read through
 * TradingDayReader, which the engine's storage (or, for the CLI and replays, an adapter over a
 * finished run) implements — reports never import the engine. Analytics snapshots come from the
 * analytics service or a run's last snapshots through SnapshotReader.
 */
import type { AnalyticsSnapshot } from '../analytics/analytics-snapshot.js';
import type { SignalRecordView } from '../signals/signal-record.js';
import type { Direction, StrategyName } from '../vocabulary/trading.js';
import type { EquityPoint } from './report.js';

export interface DayFill {
  signalId: string;
  occSymbol: string;
  side: 'buy' | 'sell';
  quantity: number;
  price: number;
  at: number;
}

export interface DayClosedTrade {
  signalId: string;
  strategy: StrategyName;
  symbol: string;
  closedAt: number;
  pnl: number;
  returnPct: number;
}

export interface DayOpenPosition {
  signalId: string;
  strategy: StrategyName;
  symbol: string;
  direction: Direction;
  units: number;
  /** Net entry per unit (debit positive). */
  entry: number;
  /** Closing value per unit at the last mark. */
  mark: number | null;
  unrealizedPnl: number;
  greeks: { delta: number; gamma: number; theta: number; vega: number } | null;
}

/** The book's state at the report's time. */
export interface DayBook {
  startEquity: number;
  equity: number;
  realizedToday: number;
  unrealized: number;
  capitalUsed: number;
  buyingPower: number;
}

export interface TradingDayRecords {
  /** Signals recorded on the date up to the report's time (any status). */
  signals: SignalRecordView[];
  fills: DayFill[];
  closedTrades: DayClosedTrade[];
  openPositions: DayOpenPosition[];
  equityCurve: EquityPoint[];
  book: DayBook;
}

/** The engine's records of one New York date, as of an instant. */
export interface TradingDayReader {
  dayRecords(date: string, asOf: number): Promise<TradingDayRecords>;
}

/** The latest analytics snapshot of each symbol, as of an instant (missing symbols are left out). */
export interface SnapshotReader {
  latestSnapshots(symbols: readonly string[], asOf: number): Promise<AnalyticsSnapshot[]>;
}

export const TRADING_DAY_READER = Symbol('TradingDayReader');
export const REPORT_SNAPSHOT_READER = Symbol('ReportSnapshotReader');
