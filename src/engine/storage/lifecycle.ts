/**
 * The signal lifecycle: candidate → validated → published → active → closed, with `cancelled`
 * for a published signal whose entry never filled. Stable ids SIG-YYYYMMDD-NNN (New York date,
 * per-day sequence from the repository so ids survive restarts).
 */
import { DateTime } from 'luxon';
import type { RuleCheck } from '../../risk/rule-types.js';
import type { SignalCandidate } from '../../strategies/signal-candidate.js';
import type {
  SignalExplanation,
  SignalRecordView,
  SignalStatus,
} from '../../signals/signal-record.js';
import { PAPER_ONLY_NOTE } from '../../signals/signal-record.js';
import type { Direction, StrategyName } from '../../vocabulary/trading.js';
import { NEW_YORK_ZONE } from '../../vocabulary/units.js';

export type { SignalOutcome, SignalStatus } from '../../signals/signal-record.js';

const NEXT: Record<SignalStatus, SignalStatus[]> = {
  candidate: ['validated'],
  validated: ['published', 'cancelled'],
  published: ['active', 'cancelled'],
  active: ['closed'],
  closed: [],
  cancelled: [],
};

export class LifecycleError extends Error {
  constructor(id: string, from: SignalStatus, to: SignalStatus) {
    super(`signal ${id}: cannot go from ${from} to ${to}`);
    this.name = 'LifecycleError';
  }
}

export function canTransition(from: SignalStatus, to: SignalStatus): boolean {
  return NEXT[from].includes(to);
}

/** New York date of an instant as YYYYMMDD. */
export function signalDay(ms: number): string {
  return DateTime.fromMillis(ms, { zone: NEW_YORK_ZONE }).toFormat('yyyyLLdd');
}

export function formatSignalId(day: string, sequence: number): string {
  return `SIG-${day}-${String(sequence).padStart(3, '0')}`;
}

export const SIGNAL_ID_RE = /^SIG-\d{8}-\d{3,}$/;

/** The signal's explanation record, with the risk checks as the risk rules typed them. */
export interface Explanation extends SignalExplanation {
  inputs: SignalCandidate['inputs'];
  risk: Omit<SignalExplanation['risk'], 'checks'> & { checks: RuleCheck[] };
}

/** A trailing stop moved: the new stop price and why. */
export interface StopMove {
  at: number;
  newStop: number;
  reason: string;
}

/** The engine's full record of a signal: the read-side view plus the candidate it came from. */
export interface SignalRecord extends SignalRecordView {
  strategy: StrategyName;
  setup: string;
  symbol: string;
  direction: Direction;
  candidate: SignalCandidate;
  explanation: Explanation;
  history: { status: SignalStatus; at: number; note?: string }[];
  /**
   * Each trailing-stop move, oldest first, stored before it goes on the bus, so the track
   * record can rebuild its chain entry after a crash (absent on records made before).
   */
  stopMoves?: StopMove[];
  createdAt: number;
  updatedAt: number;
}

/**
 * Whether subscribers were sent the signal. A paper-only signal is traded on paper and kept, but
 * its stop moves and close must not reach anyone either, nor the track record's chain.
 */
export function wasDistributed(rec: Pick<SignalRecord, 'history'>): boolean {
  return !rec.history.some((h) => h.status === 'published' && h.note === PAPER_ONLY_NOTE);
}

/** Moves a record to `to`, appending to its history; throws LifecycleError on an illegal move. */
export function transition(
  rec: SignalRecord,
  to: SignalStatus,
  at: number,
  note?: string,
): SignalRecord {
  if (!canTransition(rec.status, to)) throw new LifecycleError(rec.id, rec.status, to);
  return {
    ...rec,
    status: to,
    updatedAt: at,
    history: [...rec.history, { status: to, at, ...(note ? { note } : {}) }],
  };
}
