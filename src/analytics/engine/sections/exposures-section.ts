/**
 * The snapshot's dealer exposures and levels, all from chain analysis (row IV, as the definitions
 * require): GEX with flip and walls, DEX, vanna and charm exposure, max pain and spot's bias to it.
 */
import type { AnalyticsSnapshot } from '../../analytics-snapshot.js';
import type { ChainAnalysis } from '../../chain-analysis/index.js';

export type ExposuresSection = Pick<
  AnalyticsSnapshot,
  'gex' | 'dex' | 'vannaExposure' | 'charmExposure' | 'maxPain' | 'maxPainBias'
>;

const MAX_PAIN_NEUTRAL_BAND = 0.0025;

export function exposuresSection(analysis: ChainAnalysis, spot: number): ExposuresSection {
  return {
    gex: {
      total: analysis.gex.total,
      calls: analysis.gex.calls,
      puts: analysis.gex.puts,
      zeroDte: analysis.zeroDteGex,
      byStrike: analysis.gex.byStrike,
      byExpiry: analysis.gex.byExpiry,
      flip: analysis.flip,
      callWalls: analysis.callWalls,
      putWalls: analysis.putWalls,
    },
    dex: analysis.dex,
    vannaExposure: Number.isFinite(analysis.vannaExposure) ? analysis.vannaExposure : null,
    charmExposure: Number.isFinite(analysis.charmExposure) ? analysis.charmExposure : null,
    maxPain: analysis.maxPain,
    maxPainBias: maxPainBias(analysis.maxPain, spot),
  };
}

/**
 * Max pain of the nearest expiry and where spot stands: spot above max pain by more than 0.25 %
 * reads bearish (pinning pulls it down), below reads bullish, within the band neutral.
 * distancePct = (spot − strike) / spot as a decimal.
 */
export function maxPainBias(
  maxPain: Record<string, number>,
  spot: number,
): AnalyticsSnapshot['maxPainBias'] {
  const expiries = Object.keys(maxPain).sort();
  if (expiries.length === 0 || !(spot > 0)) return null;
  const expiry = expiries[0];
  const strike = maxPain[expiry];
  const distancePct = (spot - strike) / spot;
  const bias =
    distancePct > MAX_PAIN_NEUTRAL_BAND
      ? 'bearish'
      : distancePct < -MAX_PAIN_NEUTRAL_BAND
        ? 'bullish'
        : 'neutral';
  return { expiry, strike, distancePct, bias };
}
