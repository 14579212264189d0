/**
 * The read side of a signal once the engine has recorded it: the published signal, the record of
 * why it fired (its explanation) and how it ended. Narrative, reports and admin read signals
 * through the SignalRecordReader port; the engine's storage implements it. The types are
 * structural (no strategy or risk types), so readers depend on signals only.
 */
import type { StrategyName } from '../vocabulary/trading.js';
import type { PublishedSignal } from './signal.js';

export type SignalStatus =
  'candidate' | 'validated' | 'published' | 'active' | 'closed' | 'cancelled';

/** The measured inputs that fired the rule, by name. */
export type SignalInputs = Record<string, number | string | boolean | null>;

/** One check the signal was put through (a risk rule), with its value and limit. */
export interface SignalCheck {
  rule: string;
  passed: boolean;
  value: number | string | null;
  limit: number | string | null;
  message: string;
}

/** Why a signal fired, what it stood on, and what would have stopped it. */
export interface SignalExplanation {
  candidateKey: string;
  strategy: StrategyName;
  setup: string;
  symbol: string;
  triggeredBy: string[];
  inputs: SignalInputs;
  snapshotId: string;
  /** Quote time of the analytics, and every feed's last timestamp seen, ms. */
  dataAsOf: number;
  feedTimestamps: Record<string, number>;
  counterfactuals: string[];
  regime: { label: string; confidence: number } | null;
  /** The strategy's measured hit rate in this regime so far (null before any closed trade). */
  regimeHitRate: { trades: number; wins: number; rate: number } | null;
  risk: { checks: SignalCheck[]; quantity: number; kellyFraction: number; winRate: number };
}

export interface SignalOutcome {
  exitPrice: number;
  returnPct: number;
  pnl: number;
  reason: string;
  win: boolean;
}

/** A recorded signal as its readers see it. `published` is null until its entry fills. */
export interface SignalRecordView {
  id: string;
  status: SignalStatus;
  published: PublishedSignal | null;
  explanation: SignalExplanation;
  outcome: SignalOutcome | null;
}

/** Reads recorded signals by id. */
export interface SignalRecordReader {
  getSignal(id: string): Promise<SignalRecordView | null>;
}

export const SIGNAL_RECORD_READER = Symbol('SignalRecordReader');

/**
 * The note on the `published` step of a signal taken while paper-only was on: it is traded on
 * paper and kept, but neither it nor its follow-ups reach subscribers or the track record's chain.
 */
export const PAPER_ONLY_NOTE = 'paper-only: not distributed';
