/**
 * Everything a strategy may know besides the analytics snapshot. The engine builds one context per
 * (symbol, evaluation): strategies never read a clock, a database or a feed themselves, which is
 * what lets a backtest and the live pipeline run the same rules. Times are ms since the epoch on the
 * engine clock; money in dollars.
 */
import type { StrategyName } from '../vocabulary/trading.js';

/** One regular trading session (New York), as the exchange calendar gives it. */
export interface SessionInfo {
  /** New York trading date, YYYY-MM-DD. */
  date: string;
  /** Regular-session open, ms (09:30 ET). */
  openAt: number;
  /** Regular-session close, ms (16:00 ET, 13:00 ET on half days). */
  closeAt: number;
  halfDay: boolean;
}

/**
 * A position's Greeks: the candidate's greeksPerUnit (per-share option Greeks summed over legs,
 * signed by side) × contracts. × 100 gives share-equivalents.
 */
export interface PositionGreeks {
  delta: number;
  gamma: number;
  theta: number;
  vega: number;
}

/** An open (paper or live) position, as execution reports it. */
export interface OpenPositionView {
  symbol: string;
  strategy: StrategyName;
  /** Contracts of the primary leg. */
  contracts: number;
  /** Greeks of the whole position: greeksPerUnit × contracts (not × 100). */
  greeks: PositionGreeks;
  /** Dollars the position can still lose to its stop (portfolio heat); optional. */
  riskDollars?: number;
  /** Dollars of premium / margin tied up by the position; optional. */
  capitalUsed?: number;
  /** When the first fill happened, ms; optional. */
  openedAt?: number;
  /** The setup of the candidate that opened it; optional. */
  setup?: string;
}

/** One bar of the underlying, stamped at its start; only bars at or before `now` are given. */
export interface UnderlyingBar {
  t: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/**
 * One print of the exchange's closing-auction imbalance feed (NYSE/Nasdaq publish from 15:50 ET;
 * earlier prints are indicative). Shares are signed: positive = buy imbalance.
 */
export interface ClosingAuctionPrint {
  at: number;
  imbalanceShares: number;
  pairedShares: number;
  /** Indicative clearing price, when published. */
  referencePrice?: number | null;
}

/** Slow-moving history of the symbol being evaluated. */
export interface SymbolHistory {
  /** Daily closes of the underlying, oldest first, ending with the last completed session. */
  dailyCloses: number[];
  /** 30-day average daily options volume (contracts); falls back to snapshot.flow when absent. */
  avgOptionsVolume30d?: number | null;
  /** Average daily underlying volume (shares). */
  avgUnderlyingVolume?: number | null;
  /** Measured hit rate per setup (0..1), for confidence; absent = unknown. */
  setupHitRates?: Record<string, number>;
}

export interface StrategyContext {
  /** Engine clock, ms. Strategies take time only from here. */
  now: number;
  /** Today's session (or the next one, before the open). */
  session: SessionInfo;
  /** The following session, for overnight exits and multi-day time stops; optional. */
  nextSession?: SessionInfo | null;
  /** New York dates of exchange holidays from today onward (YYYY-MM-DD); optional. */
  holidays?: string[];
  /** Account equity, dollars. */
  equity: number;
  /** Buying power left, dollars; optional. */
  buyingPower?: number;
  /** Open positions across all symbols. */
  openPositions: OpenPositionView[];
  /** 1-minute bars of this symbol's underlying, oldest first, none after `now`. */
  recentBars?: UnderlyingBar[];
  /** Realised + unrealised P&L today, dollars. */
  dayPnl: number;
  history: SymbolHistory;
  /** Closing-auction imbalance prints for this symbol today, oldest first; optional. */
  closingAuction?: ClosingAuctionPrint[];
}
