/**
 * Manual mode: approved candidates wait here for a person, who approves (the engine executes at
 * the then-current quotes) or dismisses them. Entries expire after `ttlMs` of engine time.
 */
import type { RiskVerdict } from './risk-engine.js';

export interface ManualQueueEntry {
  id: string;
  verdict: RiskVerdict;
  queuedAt: number;
  expiresAt: number;
}

export class ManualQueue {
  private readonly entries = new Map<string, ManualQueueEntry>();
  private seq = 0;
  constructor(private readonly ttlMs = 5 * 60_000) {}

  enqueue(verdict: RiskVerdict, now: number): ManualQueueEntry {
    this.seq += 1;
    const entry = { id: `MQ-${this.seq}`, verdict, queuedAt: now, expiresAt: now + this.ttlMs };
    this.entries.set(entry.id, entry);
    return entry;
  }

  pending(now: number): ManualQueueEntry[] {
    for (const [id, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(id);
    return [...this.entries.values()];
  }

  take(id: string, now: number): ManualQueueEntry | null {
    const e = this.entries.get(id);
    this.entries.delete(id);
    if (!e || e.expiresAt <= now) return null;
    return e;
  }
}
