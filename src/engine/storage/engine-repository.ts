/**
 * Where the engine keeps what it decided and did: signals, risk verdicts, positions, fills and
 * overseer alerts. A port with two adapters: PostgreSQL for the app (adapters/postgres-...) and
 * memory for backtests and tests (adapters/memory-...).
 */
import type { Fill } from '../../execution/broker.js';
import type { Position } from '../../execution/positions.js';
import type { RuleCheck } from '../../risk/rule-types.js';
import type { VerdictStatus } from '../../risk/risk-engine.js';
import type { SignalRecordReader } from '../../signals/signal-record.js';
import type { StrategyName } from '../../vocabulary/trading.js';
import type { SignalRecord } from './lifecycle.js';
import type { AlertRecord } from '../../overseer/alerts.js';

export interface VerdictRecord {
  candidateKey: string;
  status: VerdictStatus;
  strategy: StrategyName;
  setup: string;
  symbol: string;
  quantity: number;
  signalId: string | null;
  checks: RuleCheck[];
  rejections: RuleCheck[];
  evaluatedAt: number;
}

/** Also the SignalRecordReader of the app: readers get a signal's record by id from here. */
export interface EngineRepository extends SignalRecordReader {
  /** The next per-day sequence number for signal ids (1, 2, …), atomically. */
  nextSignalSequence(day: string): Promise<number>;
  saveSignal(rec: SignalRecord): Promise<void>;
  getSignal(id: string): Promise<SignalRecord | null>;
  listSignals(range?: { from?: number; to?: number }): Promise<SignalRecord[]>;
  saveVerdict(rec: VerdictRecord): Promise<void>;
  listVerdicts(range?: {
    from?: number;
    to?: number;
    status?: VerdictStatus;
  }): Promise<VerdictRecord[]>;
  savePosition(p: Position): Promise<void>;
  listPositions(): Promise<Position[]>;
  saveFill(f: Fill): Promise<void>;
  listFills(signalId?: string): Promise<Fill[]>;
  saveAlert(a: AlertRecord): Promise<void>;
  listAlerts(limit?: number): Promise<AlertRecord[]>;
}

export const ENGINE_REPOSITORY = Symbol('EngineRepository');
