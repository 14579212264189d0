/**
 * What a Basic API key may see of a snapshot (DESIGN.md tier policy: Basic gets rounded levels,
 * never the exact ones Premium's /levels gives). Levels — gamma flip, call/put walls, max pain,
 * support/resistance — move to a coarse grid; the per-strike profiles they are read from (GEX and
 * DEX by strike, the priced chain in /analytics) and anomaly texts quoting them are left out.
 */
import type { AnalyticsSnapshot } from '../analytics-snapshot.js';

/** Coarse grid of a price level: the grid of Basic's "SPY calls around 440" headlines. */
export function coarseLevel(level: number): number {
  const step = level < 25 ? 1 : level < 100 ? 5 : level < 1000 ? 10 : 50;
  return Math.round(level / step) * step;
}

const coarseAll = (levels: readonly number[]): number[] => [...new Set(levels.map(coarseLevel))];

/**
 * The snapshot with Basic's redactions. Contracts stay (ATM Greeks and portfolio positions are
 * read from them); the /analytics route leaves them out of a Basic answer.
 */
export function basicSnapshot(s: AnalyticsSnapshot): AnalyticsSnapshot {
  const bias = s.maxPainBias;
  const biasStrike = bias ? coarseLevel(bias.strike) : 0;
  return {
    ...s,
    gex: {
      ...s.gex,
      byStrike: [],
      flip: s.gex.flip === null ? null : coarseLevel(s.gex.flip),
      callWalls: coarseAll(s.gex.callWalls),
      putWalls: coarseAll(s.gex.putWalls),
    },
    dex: { ...s.dex, byStrike: [] },
    maxPain: Object.fromEntries(
      Object.entries(s.maxPain).map(([expiry, strike]) => [expiry, coarseLevel(strike)]),
    ),
    maxPainBias: bias && {
      ...bias,
      strike: biasStrike,
      distancePct: (s.spot - biasStrike) / s.spot,
    },
    supportResistance: {
      support: coarseAll(s.supportResistance.support),
      resistance: coarseAll(s.supportResistance.resistance),
    },
    anomalies: [],
  };
}
