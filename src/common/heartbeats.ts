import type { Clock } from './clock.js';

export interface HeartbeatView {
  feed: string;
  lastBeatAt: number;
  ageMs: number;
  detail?: Record<string, unknown>;
}

/**
 * In-memory heartbeats per feed (market-data providers, analytics per symbol, workers).
 * /health, the overseer and the stale-data lockout read ages from here on the engine clock.
 */
export class Heartbeats {
  private readonly beats = new Map<string, { at: number; detail?: Record<string, unknown> }>();
  constructor(private readonly clock: Clock) {}

  beat(feed: string, detail?: Record<string, unknown>, at = this.clock.now()): void {
    this.beats.set(feed, { at, detail });
  }

  ageMs(feed: string): number | null {
    const b = this.beats.get(feed);
    return b ? this.clock.now() - b.at : null;
  }

  all(): HeartbeatView[] {
    const now = this.clock.now();
    return [...this.beats.entries()]
      .map(([feed, b]) => ({ feed, lastBeatAt: b.at, ageMs: now - b.at, detail: b.detail }))
      .sort((a, b) => a.feed.localeCompare(b.feed));
  }
}

export const HEARTBEATS = Symbol('Heartbeats');
