/**
 * The Report: what one scheduled report (pre-market, intraday, close) says, in full (the Premium
 * content). Lower tiers never render from this type: they get their own views (tier-views.ts),
 * which do not carry the fields they may not show. Versioned: a stored report keeps its version.
 */
import type { RegimeLabel } from '../analytics/analytics-snapshot.js';
import type { Direction, StrategyName } from '../vocabulary/trading.js';

export const REPORT_VERSION = 1;

export const REPORT_TYPES = ['premarket', 'intraday', 'close'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];

export function isReportType(value: unknown): value is ReportType {
  return typeof value === 'string' && (REPORT_TYPES as readonly string[]).includes(value);
}

export const REPORT_TITLES: Record<ReportType, string> = {
  premarket: 'Pre-market brief',
  intraday: 'Midday update',
  close: 'Closing report',
};

/** One symbol's levels at the report's time, exact. */
export interface SymbolLevels {
  symbol: string;
  spot: number;
  /** Quote time of the analytics the levels come from, ms. */
  asOf: number;
  flip: number | null;
  callWall: number | null;
  putWall: number | null;
  maxPain: number | null;
  maxPainExpiry: string | null;
  expectedMove: { expiry: string; dollars: number; pct: number } | null;
  ivRank: number | null;
  atmIv: number | null;
  regime: { label: RegimeLabel; confidence: number };
  /** Net dealer GEX, dollars per 1% move; its sign says whether dealers are long or short gamma. */
  netGex: number;
}

export interface ReportFillLine {
  at: number;
  side: 'buy' | 'sell';
  occSymbol: string;
  quantity: number;
  price: number;
}

/** A signal of the day, as Premium sees it. */
export interface ReportSignalLine {
  id: string;
  publishedAt: number;
  strategy: StrategyName;
  symbol: string;
  direction: Direction;
  /** The primary leg. */
  contract: { occSymbol: string; right: 'call' | 'put'; strike: number; expiry: string };
  /** True when the signal has more than one leg. */
  multiLeg: boolean;
  entry: number;
  stop: number;
  target: number;
  size: number;
  status: 'open' | 'closed' | 'cancelled';
  fills: ReportFillLine[];
  outcome: {
    exitPrice: number;
    returnPct: number;
    pnl: number;
    win: boolean;
    reason: string;
  } | null;
}

export interface ReportPositionLine {
  signalId: string;
  strategy: StrategyName;
  symbol: string;
  direction: Direction;
  units: number;
  entry: number;
  mark: number | null;
  unrealizedPnl: number;
}

/** Closed trades are counted by result (signals/trade-result.ts): a flat trade is neither. */
export interface StrategyAttribution {
  strategy: StrategyName;
  trades: number;
  wins: number;
  losses: number;
  flat: number;
  realizedPnl: number;
  unrealizedPnl: number;
}

export interface RiskFigures {
  startEquity: number;
  equity: number;
  dayPnl: number;
  realizedPnl: number;
  unrealizedPnl: number;
  capitalUsed: number;
  buyingPower: number;
  openPositions: number;
  /** Largest drop from a high of the day's equity curve, as a fraction. */
  maxDrawdownPct: number;
  portfolioGreeks: { delta: number; gamma: number; theta: number; vega: number } | null;
}

/** What to watch next session, per symbol (close report only). */
export interface PlanLine {
  symbol: string;
  nextSession: string;
  bias:
    'above flip: dealers dampen moves' | 'below flip: dealers amplify moves' | 'no flip in range';
  /** Levels to watch, exact. */
  watch: { label: string; price: number }[];
}

export interface EquityPoint {
  at: number;
  equity: number;
}

/** Chart inputs for the lead symbol, drawn from its snapshot at the report's time. */
export interface ReportChartData {
  symbol: string;
  spot: number;
  flip: number | null;
  callWall: number | null;
  putWall: number | null;
  /** Strikes near spot, ascending. */
  gexByStrike: { strike: number; call: number; put: number; net: number }[];
  /** Net dealer GEX per (strike, expiry), dollars per 1% move; `cells[i][j]` is strikes[i] × expiries[j]. */
  gammaGrid: { strikes: number[]; expiries: string[]; cells: number[][] };
  /**
   * Open interest and volume per strike near spot, ascending, with the quoted bid-ask spread in
   * dollars of the nearest expiry's out-of-the-money contract at that strike.
   */
  liquidity: {
    strike: number;
    callOpenInterest: number;
    putOpenInterest: number;
    volume: number;
    spread: number | null;
  }[];
}

export interface Report {
  version: typeof REPORT_VERSION;
  /** `<date>-<type>`, unique per report. */
  id: string;
  type: ReportType;
  /** New York trading date. */
  date: string;
  /** When it was built (engine clock), ms. */
  generatedAt: number;
  /** The scheduled New York time, 'HH:mm'. */
  scheduledFor: string;
  /** Premium narrative, plain sentences. */
  narrative: string[];
  levels: SymbolLevels[];
  signals: ReportSignalLine[];
  positions: ReportPositionLine[];
  attribution: StrategyAttribution[];
  risk: RiskFigures;
  equityCurve: EquityPoint[];
  /** Close report only; empty otherwise. */
  plan: PlanLine[];
  /** Null when no symbol had a snapshot. */
  chartData: ReportChartData | null;
  /** Close report: the track record's hash-chain head at the report's time (absent: no record). */
  recordHead?: { seq: number; hash: string } | null;
}
