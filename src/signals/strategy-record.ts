/**
 * The track record by strategy, as a tier's subscriber would have traded it (the record module
 * computes it from the signal chain; the bots' /performance reads it through this port).
 */
import type { Tier } from '../vocabulary/tier.js';

export interface StrategyRecordLine {
  strategy: string;
  trades: number;
  wins: number;
  /** Average R per trade; null before any closed trade. */
  avgR: number | null;
  /** Dollars per contract over every trade. */
  pnlPerContract: number;
}

export interface StrategyRecordReader {
  byStrategy(tier: Tier): Promise<StrategyRecordLine[]>;
}

export const STRATEGY_RECORD_READER = Symbol('StrategyRecordReader');
