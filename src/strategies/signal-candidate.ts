/**
 * What a strategy proposes: a trade with its reasons. Risk turns a candidate into a verdict;
 * execution turns an approved one into a PublishedSignal (src/signals/signal.ts).
 */
import type { LiquidityGrade } from '../analytics/analytics-snapshot.js';
import type { Direction, SignalLeg, StrategyName } from '../vocabulary/trading.js';

export interface SignalCandidate {
  strategy: StrategyName;
  /** Setup within the strategy (e.g. "squeeze_long_calls"); Kelly sizing keys win rates by it. */
  setup: string;
  symbol: string;
  direction: Direction;
  legs: SignalLeg[];
  /**
   * Per-contract premium in dollars (net; positive = debit). Stop and target are on the same
   * signed scale — the position's closing value — so for every trade the loss at the stop is
   * entry − stop and the return is (value − entry) / |entry|. A 1.20 credit spread: entry −1.20,
   * stop −2.40 (buy back at 2.40, −100%), target −0.60 (buy back at 0.60, +50%).
   */
  entry: number;
  stop: number;
  target: number;
  /** Strategy's own cap on contracts; risk sizes at or below it. */
  maxContracts: number;
  /** 0..1. */
  confidence: number;
  triggeredBy: string[];
  riskFactors: string[];
  /** Plain-words rule that voids the trade, e.g. "SPY closes below 440 (gamma flip)". */
  invalidation: string;
  /** Engine-clock ms after which the position is closed regardless; null = none. */
  timeStopAt: number | null;
  /** The inputs that fired the rule (for explainability). */
  inputs: Record<string, number | string | boolean | null>;
  /** "Would not have fired if …" lines. */
  counterfactuals: string[];
  /**
   * Per-contract Greeks of the whole position (sum over legs, signed by side), in per-share option
   * units (DESIGN.md); × 100 × contracts gives share-equivalents.
   */
  greeksPerUnit: { delta: number; gamma: number; theta: number; vega: number };
  liquidityGrade: LiquidityGrade;
  snapshotId: string;
  /** Quote time of the data, ms. */
  dataAsOf: number;
  /** Engine clock when proposed, ms. */
  proposedAt: number;
  /** Confluence score of the snapshot (src/strategies/confluence.ts), set by evaluateAll. */
  confluence?: { score: number; signal: string };
  /**
   * Model-ensemble edge per leg (src/strategies/model-ensemble.ts), set by evaluateAll when it is
   * given pricers: positive edgePct = models value the leg above its mid.
   */
  modelEdge?: { occSymbol: string; edgePct: number; verdict: 'cheap' | 'rich' | 'fair' }[];
}
