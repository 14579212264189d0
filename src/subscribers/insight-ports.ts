/**
 * What the bots' /why and /levels answer with: ports the engine implements (signal
 * explanations, today's GEX levels). Until bound, they answer "not available yet".
 */
import type { PublishedSignal } from '../signals/signal.js';
import type { Tier } from '../vocabulary/tier.js';

export interface SignalExplainer {
  /** The explanation of a signal as the given tier may read it, or null when unknown. */
  explain(signalId: string, tier: Tier): Promise<string | null>;
}

export interface LevelsProvider {
  /** Today's key levels of a symbol (gamma flip, walls, max pain) as text, or null. */
  levels(symbol: string): Promise<string | null>;
  /**
   * Basic's view: the levels rounded to the coarse grid, as they stood `delayMs` ago (null when
   * no snapshot that old is known). Optional: without it Basic is told levels are not available.
   */
  roundedLevels?(symbol: string, delayMs: number): Promise<string | null>;
}

/** A signal published today, with how it ended (null while open). */
export interface DaySignal {
  signal: PublishedSignal;
  outcome: { returnPct: number } | null;
}

export interface DaySignals {
  /** Signals published in [fromMs, toMs), oldest first. */
  publishedBetween(fromMs: number, toMs: number): Promise<DaySignal[]>;
}

export const SIGNAL_EXPLAINER = Symbol('SignalExplainer');
export const LEVELS_PROVIDER = Symbol('LevelsProvider');

export class UnavailableSignalExplainer implements SignalExplainer {
  async explain(): Promise<string | null> {
    return null;
  }
}

export class UnavailableLevelsProvider implements LevelsProvider {
  async levels(): Promise<string | null> {
    return null;
  }
}
