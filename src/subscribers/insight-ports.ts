/**
 * What the bots' /why and /levels answer with: ports the engine implements (signal
 * explanations, today's GEX levels). Until bound, they answer "not available yet".
 */
import type { Tier } from '../vocabulary/tier.js';

export interface SignalExplainer {
  /** The explanation of a signal as the given tier may read it, or null when unknown. */
  explain(signalId: string, tier: Tier): Promise<string | null>;
}

export interface LevelsProvider {
  /** Today's key levels of a symbol (gamma flip, walls, max pain) as text, or null. */
  levels(symbol: string): Promise<string | null>;
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
