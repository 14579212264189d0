/**
 * Narratives by key — (signal id, tier) for signals — so a resend, or a second request while the
 * first is still being written, never calls the model again. Bounded: the oldest entry goes first.
 */
import type { Tier } from '../../vocabulary/tier.js';

export function signalNarrativeKey(signalId: string, tier: Tier): string {
  return `signal:${signalId}:${tier}`;
}

export class NarrativeCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  constructor(private readonly maxEntries = 10_000) {}

  get(key: string): Promise<T> | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: Promise<T>): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
