import type { Fill } from '../../execution/broker.js';
import type { Position } from '../../execution/positions.js';
import type { EngineRepository, VerdictRecord } from './engine-repository.js';
import type { AlertRecord } from '../../overseer/alerts.js';
import type { SignalRecord } from './lifecycle.js';

const clone = <T>(x: T): T => structuredClone(x);

/** The in-memory repository: backtests and unit tests. Returns copies, like a database would. */
export class MemoryEngineRepository implements EngineRepository {
  private readonly sequences = new Map<string, number>();
  private readonly signals = new Map<string, SignalRecord>();
  private readonly verdicts: VerdictRecord[] = [];
  private readonly positions = new Map<string, Position>();
  private readonly fills: Fill[] = [];
  private readonly alerts: AlertRecord[] = [];

  async nextSignalSequence(day: string): Promise<number> {
    const n = (this.sequences.get(day) ?? 0) + 1;
    this.sequences.set(day, n);
    return n;
  }
  async saveSignal(rec: SignalRecord): Promise<void> {
    this.signals.set(rec.id, clone(rec));
  }
  async getSignal(id: string): Promise<SignalRecord | null> {
    const s = this.signals.get(id);
    return s ? clone(s) : null;
  }
  async listSignals(range: { from?: number; to?: number } = {}): Promise<SignalRecord[]> {
    return [...this.signals.values()]
      .filter(
        (s) => (range.from ?? -Infinity) <= s.createdAt && s.createdAt <= (range.to ?? Infinity),
      )
      .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
      .map(clone);
  }
  async saveVerdict(rec: VerdictRecord): Promise<void> {
    this.verdicts.push(clone(rec));
  }
  async listVerdicts(
    range: { from?: number; to?: number; status?: VerdictRecord['status'] } = {},
  ): Promise<VerdictRecord[]> {
    return this.verdicts
      .filter(
        (v) =>
          (range.from ?? -Infinity) <= v.evaluatedAt && v.evaluatedAt <= (range.to ?? Infinity),
      )
      .filter((v) => !range.status || v.status === range.status)
      .map(clone);
  }
  async savePosition(p: Position): Promise<void> {
    this.positions.set(p.signalId, clone(p));
  }
  async listPositions(): Promise<Position[]> {
    return [...this.positions.values()].map(clone);
  }
  async saveFill(f: Fill): Promise<void> {
    this.fills.push(clone(f));
  }
  async listFills(signalId?: string): Promise<Fill[]> {
    return this.fills.filter((f) => !signalId || f.signalId === signalId).map(clone);
  }
  async saveAlert(a: AlertRecord): Promise<void> {
    this.alerts.push(clone(a));
  }
  async listAlerts(limit = 100): Promise<AlertRecord[]> {
    return this.alerts.slice(-limit).reverse().map(clone);
  }
}
