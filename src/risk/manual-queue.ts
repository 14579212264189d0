/**
 * Manual mode: approved candidates wait here for a person, who approves (the engine executes at
 * the then-current quotes) or dismisses them. Entries expire after a time-to-live of engine time.
 * The engine sees the port; the app keeps the queue in PostgreSQL (so any process lists and
 * decides it), backtests and unit tests in memory.
 */
import type { RiskVerdict } from './risk-engine.js';

export interface ManualQueueEntry {
  id: string;
  verdict: RiskVerdict;
  queuedAt: number;
  expiresAt: number;
}

export interface ManualQueueStore {
  enqueue(verdict: RiskVerdict, now: number): Promise<ManualQueueEntry>;
  /** Entries still waiting for a decision (not expired at `now`), oldest first. */
  pending(now: number): Promise<ManualQueueEntry[]>;
  /** Takes an entry out for execution (waiting or approved, not expired); null when it is not there. */
  take(id: string, now: number): Promise<ManualQueueEntry | null>;
}

export const MANUAL_QUEUE_TTL_MS = 5 * 60_000;

export class ManualQueue implements ManualQueueStore {
  private readonly entries = new Map<string, ManualQueueEntry>();
  private seq = 0;
  constructor(private readonly ttlMs = MANUAL_QUEUE_TTL_MS) {}

  enqueue(verdict: RiskVerdict, now: number): Promise<ManualQueueEntry> {
    this.seq += 1;
    const entry = { id: `MQ-${this.seq}`, verdict, queuedAt: now, expiresAt: now + this.ttlMs };
    this.entries.set(entry.id, entry);
    return Promise.resolve(entry);
  }

  pending(now: number): Promise<ManualQueueEntry[]> {
    for (const [id, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(id);
    return Promise.resolve([...this.entries.values()]);
  }

  take(id: string, now: number): Promise<ManualQueueEntry | null> {
    const e = this.entries.get(id);
    this.entries.delete(id);
    return Promise.resolve(!e || e.expiresAt <= now ? null : e);
  }
}
