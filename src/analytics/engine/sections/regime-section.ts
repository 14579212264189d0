/**
 * The snapshot's regime: trending, mean-reverting, volatile or calm from the IV percentile, the
 * moving-average slope, liquidity and the sign of dealer gamma.
 */
import type { AnalyticsSnapshot } from '../../analytics-snapshot.js';
import {
  classifyRegime,
  gammaSignSignal,
  maSlopeSignal,
  type RegimeSignal,
} from '../../regime/regime.js';
import { HISTORY_DAYS } from '../symbol-state.js';

export interface RegimeEvidence {
  /** IV percentile 0–100, null without history. */
  ivPercentile: number | null;
  /** Past days behind the percentile. */
  ivHistoryDays: number;
  closes: readonly number[];
  atr14: number | null;
  liquidityScore: number;
  /** Whether liquidity came from a real book (more confident than quotes alone). */
  hasBook: boolean;
  gex: { total: number; calls: number; puts: number };
}

export function regimeSection(e: RegimeEvidence): AnalyticsSnapshot['regime'] {
  const gross = e.gex.calls - e.gex.puts;
  return classifyRegime({
    volPercentile:
      e.ivPercentile !== null
        ? {
            value: e.ivPercentile / 100,
            confidence: Math.min(1, e.ivHistoryDays / HISTORY_DAYS),
          }
        : null,
    maSlope: maSlopeSignal(e.closes, e.atr14),
    liquidity: { value: e.liquidityScore, confidence: e.hasBook ? 1 : 0.7 } as RegimeSignal,
    gammaSign: gammaSignSignal(e.gex.total, gross),
  });
}
