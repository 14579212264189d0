/**
 * The bots' /signals source: today's published signals and how they ended, read by SQL from the
 * engine's signal table (engine_signal; migration 1763800300000-engine). Read only.
 */
import { rows, type Sql } from '../../database/sql.js';
import type { PublishedSignal } from '../../signals/signal.js';
import type { DaySignal, DaySignals } from '../insight-ports.js';

interface Row {
  published: PublishedSignal;
  outcome: { returnPct?: number } | null;
}

/** A signal is created (as a candidate) before it is published; this bounds the index scan. */
const CREATED_BEFORE_PUBLISHED_MS = 12 * 3_600_000;

export class EngineDaySignals implements DaySignals {
  constructor(private readonly sql: Sql) {}

  async publishedBetween(fromMs: number, toMs: number): Promise<DaySignal[]> {
    const found = await rows<Row>(
      this.sql,
      `SELECT published, outcome FROM engine_signal
        WHERE published IS NOT NULL AND created_at >= $1 AND created_at < $2
        ORDER BY created_at, id LIMIT 500`,
      [new Date(fromMs - CREATED_BEFORE_PUBLISHED_MS), new Date(toMs)],
    );
    return found
      .filter((r) => r.published.publishedAt >= fromMs && r.published.publishedAt < toMs)
      .sort((a, b) => a.published.publishedAt - b.published.publishedAt)
      .map((r) => ({
        signal: r.published,
        outcome:
          r.outcome && typeof r.outcome.returnPct === 'number'
            ? { returnPct: r.outcome.returnPct }
            : null,
      }));
  }
}
