/**
 * The two records a signal carries out of the engine, built as pure functions of their inputs:
 * the explanation (why it fired, what it stood on, what would have stopped it), fixed when risk
 * approves the candidate, and the published signal, fixed when its entry fills.
 */
import type { AnalyticsSnapshot } from '../analytics/analytics-snapshot.js';
import type { RiskVerdict } from '../risk/risk-engine.js';
import type { PublishedSignal } from '../signals/signal.js';
import type { Explanation, SignalRecord } from './storage/lifecycle.js';
import type { RegimeHitRate } from './trade-statistics.js';

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Net premium at which a position's return equals `r`. */
export function stopPrice(entryNet: number, r: number): number {
  return entryNet + r * Math.abs(entryNet);
}

/** The explanation of an approved candidate, with the market it was approved on. */
export function buildExplanation(
  verdict: RiskVerdict,
  snapshot: Pick<AnalyticsSnapshot, 'regime'>,
  feedTimestamps: Record<string, number>,
  regimeHitRate: RegimeHitRate | null,
): Explanation {
  const c = verdict.candidate;
  return {
    candidateKey: verdict.candidateKey,
    strategy: c.strategy,
    setup: c.setup,
    symbol: c.symbol,
    triggeredBy: c.triggeredBy,
    inputs: c.inputs,
    snapshotId: c.snapshotId,
    dataAsOf: c.dataAsOf,
    feedTimestamps,
    counterfactuals: c.counterfactuals,
    regime: { label: snapshot.regime.label, confidence: snapshot.regime.confidence },
    regimeHitRate,
    risk: {
      checks: verdict.checks,
      quantity: verdict.quantity,
      kellyFraction: verdict.kelly.betFraction,
      winRate: verdict.kelly.winRate,
    },
  };
}

/** The position as filled, as far as the published signal needs it. */
export interface FilledEntry {
  /** Net premium per unit actually paid (positive) or received (negative); null before a fill. */
  entryNet: number | null;
  targetUnits: number;
  /** The ladder's stop as a return on the entry premium. */
  stopReturn: number;
}

/** Key levels a premium reader sees: gamma flip, the largest walls, max pain. */
export function keyLevels(snapshot: AnalyticsSnapshot | undefined): Record<string, number> {
  const levels: Record<string, number> = {};
  if (snapshot?.gex.flip != null) levels.gammaFlip = snapshot.gex.flip;
  if (snapshot?.gex.callWalls[0] !== undefined) levels.callWall = snapshot.gex.callWalls[0];
  if (snapshot?.gex.putWalls[0] !== undefined) levels.putWall = snapshot.gex.putWalls[0];
  if (snapshot?.maxPainBias) levels.maxPain = snapshot.maxPainBias.strike;
  return levels;
}

/**
 * The signal as published at `at`: the candidate's contract and reasons, sized and priced by the
 * fill, the stop where the ladder holds it, the levels from the symbol's latest analytics.
 */
export function buildPublishedSignal(
  record: Pick<SignalRecord, 'id' | 'candidate'>,
  entry: FilledEntry,
  snapshot: AnalyticsSnapshot | undefined,
  at: number,
): PublishedSignal {
  const c = record.candidate;
  const price = round2(entry.entryNet ?? c.entry);
  return {
    id: record.id,
    strategy: c.strategy,
    symbol: c.symbol,
    direction: c.direction,
    legs: c.legs.map((l) => ({ ...l, quantity: l.quantity * entry.targetUnits })),
    entry: price,
    stop: round2(stopPrice(price, entry.stopReturn)),
    target: c.target,
    size: entry.targetUnits,
    confidence: c.confidence,
    triggeredBy: c.triggeredBy,
    riskFactors: c.riskFactors,
    narrative: `${c.strategy} ${c.setup}: ${c.triggeredBy.join('; ')}. Invalidation: ${c.invalidation}.`,
    levels: keyLevels(snapshot),
    publishedAt: at,
    dataAsOf: c.dataAsOf,
  };
}
