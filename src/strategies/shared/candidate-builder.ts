/**
 * Turning a chosen structure (legs, premium stop/target fractions, reasons) into a SignalCandidate
 * with the fields every strategy fills the same way: natural-price entry, premium stop and target,
 * Greeks per unit, size cap from the risk budget.
 *
 * Prices: a buy leg is priced at its ask and a sell leg at its bid (what the paper broker fills
 * at), so the entry is never better than the market offers. Entry, stop and target are net
 * premium per contract in dollars, positive = debit. For a credit structure they are negative:
 * entry −1.20 is a 1.20 credit, stop −2.40 means "buy it back at 2.40", target −0.60 "at 0.60".
 *
 * Greeks per unit are the option Greeks (DESIGN.md units, per share) of one unit of the position:
 * each leg's Greek × its ratio, signed by side. Multiply by 100 (CONTRACT_MULTIPLIER) and by the
 * contracts for share-equivalents — risk does that for its portfolio limits (net delta ≤ 2,000).
 */
import type { AnalyticsSnapshot, ContractAnalytics } from '../../analytics/analytics-snapshot.js';
import type { Direction, SignalLeg, StrategyName } from '../../vocabulary/trading.js';
import { CONTRACT_MULTIPLIER } from '../../vocabulary/units.js';
import type { SignalCandidate } from '../signal-candidate.js';
import type { StrategyContext } from '../strategy-context.js';

export interface LegSpec {
  contract: ContractAnalytics;
  side: 'buy' | 'sell';
  /** Contracts of this leg per unit of the position. */
  ratio?: number;
}

export interface CandidateSpec {
  strategy: StrategyName;
  setup: string;
  direction: Direction;
  legs: LegSpec[];
  /** Stop as a fraction of the entry premium: debit loses this fraction; credit grows by it. */
  stopPct: number;
  /** Target as a fraction of the entry premium: debit gains it; credit decays by it. */
  targetPct: number;
  /** Strategy's own contract cap before the risk budget. */
  maxContracts: number;
  /** Fraction of equity the trade may lose at its stop; caps contracts. */
  riskPerTradePct: number;
  confidence: number;
  triggeredBy: string[];
  riskFactors: string[];
  invalidation: string;
  timeStopAt: number | null;
  inputs: Record<string, number | string | boolean | null>;
  counterfactuals: string[];
}

export function roundCents(x: number): number {
  return Math.round(x * 100) / 100;
}

export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** Net premium of the legs at natural prices, per unit, positive = debit. */
export function naturalPremium(legs: readonly LegSpec[]): number {
  let p = 0;
  for (const l of legs) {
    const r = l.ratio ?? 1;
    p += l.side === 'buy' ? l.contract.ask * r : -l.contract.bid * r;
  }
  return p;
}

/** Stop and target premiums for an entry (see the file comment for credit signs). */
export function premiumLevels(
  entry: number,
  stopPct: number,
  targetPct: number,
): { stop: number; target: number } {
  if (entry >= 0) {
    return { stop: entry * (1 - stopPct), target: entry * (1 + targetPct) };
  }
  const credit = -entry;
  return { stop: -credit * (1 + stopPct), target: -credit * Math.max(0, 1 - targetPct) };
}

/** Contracts the risk budget allows: floor(budget / loss-at-stop per contract), at least 0. */
export function contractsForRisk(
  equity: number,
  riskPct: number,
  entry: number,
  stop: number,
): number {
  const lossPerContract = Math.abs(entry - stop) * CONTRACT_MULTIPLIER;
  if (!(lossPerContract > 0) || !(equity > 0)) return 0;
  return Math.floor((equity * riskPct) / lossPerContract);
}

export function greeksOf(legs: readonly LegSpec[]): SignalCandidate['greeksPerUnit'] {
  const g = { delta: 0, gamma: 0, theta: 0, vega: 0 };
  for (const l of legs) {
    const s = (l.side === 'buy' ? 1 : -1) * (l.ratio ?? 1);
    g.delta += s * (l.contract.delta ?? 0);
    g.gamma += s * (l.contract.gamma ?? 0);
    g.theta += s * (l.contract.theta ?? 0);
    g.vega += s * (l.contract.vega ?? 0);
  }
  return g;
}

function toLeg(l: LegSpec): SignalLeg {
  return {
    occSymbol: l.contract.occSymbol,
    right: l.contract.right,
    strike: l.contract.strike,
    expiry: l.contract.expiry,
    side: l.side,
    quantity: l.ratio ?? 1,
  };
}

/**
 * Builds the candidate, or returns null when the risk budget allows no contract (the caller
 * records nothing then: a trade that cannot be sized is not a candidate).
 */
export function buildCandidate(
  snapshot: AnalyticsSnapshot,
  context: StrategyContext,
  spec: CandidateSpec,
): SignalCandidate | null {
  const rawEntry = naturalPremium(spec.legs);
  if (!Number.isFinite(rawEntry) || Math.abs(rawEntry) < 0.01) return null;
  const entry = roundCents(rawEntry);
  const levels = premiumLevels(entry, spec.stopPct, spec.targetPct);
  const stop = roundCents(levels.stop);
  const target = roundCents(levels.target);
  const byRisk = contractsForRisk(context.equity, spec.riskPerTradePct, entry, stop);
  const maxContracts = Math.min(spec.maxContracts, byRisk);
  if (maxContracts < 1) return null;
  // A setup's measured hit rate, when the engine knows it, carries 30% of the confidence.
  const hitRate = context.history.setupHitRates?.[spec.setup];
  const confidence =
    hitRate !== undefined && Number.isFinite(hitRate)
      ? 0.7 * spec.confidence + 0.3 * clamp(hitRate, 0, 1)
      : spec.confidence;
  return {
    strategy: spec.strategy,
    setup: spec.setup,
    symbol: snapshot.symbol,
    direction: spec.direction,
    legs: spec.legs.map(toLeg),
    entry,
    stop,
    target,
    maxContracts,
    confidence: roundCents(clamp(confidence, 0.05, 0.95)),
    triggeredBy: spec.triggeredBy,
    riskFactors: spec.riskFactors,
    invalidation: spec.invalidation,
    timeStopAt: spec.timeStopAt,
    inputs: {
      ...spec.inputs,
      spot: snapshot.spot,
      riskBudgetContracts: byRisk,
      setupHitRate: hitRate ?? null,
    },
    counterfactuals: spec.counterfactuals,
    greeksPerUnit: greeksOf(spec.legs),
    liquidityGrade: snapshot.liquidity.grade,
    snapshotId: snapshot.snapshotId,
    dataAsOf: snapshot.asOf,
    proposedAt: context.now,
  };
}

/** Formats a fraction as a percent string, e.g. 0.0312 → "3.12%". */
export function pct(x: number, digits = 2): string {
  return `${(x * 100).toFixed(digits)}%`;
}

/** Formats dollars compactly: 2.1e9 → "$2.10B", −5.2e8 → "−$520M". */
export function money(x: number): string {
  const sign = x < 0 ? '-' : '';
  const a = Math.abs(x);
  if (a >= 1e9) return `${sign}$${(a / 1e9).toFixed(2)}B`;
  if (a >= 1e6) return `${sign}$${(a / 1e6).toFixed(0)}M`;
  if (a >= 1e3) return `${sign}$${(a / 1e3).toFixed(0)}K`;
  return `${sign}$${a.toFixed(2)}`;
}
