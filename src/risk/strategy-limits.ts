/**
 * Limits that fit each strategy: theta budgets by book (the short-dated book — 0DTE, same-day
 * scalps, the closing auction, overnight 1DTE, short straddles — burns theta by design and gets
 * its own budget, separate from the swing book's `minNetTheta`), and per-strategy caps on open
 * positions and contracts an order.
 */
import type { StrategyName } from '../vocabulary/trading.js';
import type { RiskLimits } from './risk-limits.js';
import type { RiskPosition } from './rule-types.js';

export interface StrategyLimit {
  /** Open positions of this strategy at most (across symbols). */
  maxPositions?: number;
  /** Contracts in one order at most. */
  maxContracts?: number;
}

export interface ThetaBook {
  label: 'short-dated' | 'swing';
  minNetTheta: number;
  /** True for the positions that count against this book. */
  holds: (p: Pick<RiskPosition, 'strategy'>) => boolean;
}

/** The theta book a strategy's trades count against. */
export function thetaBookOf(strategy: StrategyName, limits: RiskLimits): ThetaBook {
  const short = new Set(limits.shortDatedTheta.strategies);
  return short.has(strategy)
    ? {
        label: 'short-dated',
        minNetTheta: limits.shortDatedTheta.minNetTheta,
        holds: (p) => short.has(p.strategy),
      }
    : { label: 'swing', minNetTheta: limits.minNetTheta, holds: (p) => !short.has(p.strategy) };
}

/** Parses `{"scalp":{"maxPositions":2,"maxContracts":5}}`; throws naming the bad entry. */
export function parseStrategyLimits(
  raw: string,
  known: readonly string[],
): Partial<Record<StrategyName, StrategyLimit>> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    throw new Error(`RISK_STRATEGY_LIMITS_JSON is not valid JSON: ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new Error('RISK_STRATEGY_LIMITS_JSON must be a JSON object');
  const out: Partial<Record<StrategyName, StrategyLimit>> = {};
  for (const [name, limit] of Object.entries(value as Record<string, unknown>)) {
    if (!known.includes(name))
      throw new Error(`RISK_STRATEGY_LIMITS_JSON: unknown strategy "${name}"`);
    if (limit === null || typeof limit !== 'object' || Array.isArray(limit))
      throw new Error(`RISK_STRATEGY_LIMITS_JSON: limits of "${name}" must be an object`);
    const l: StrategyLimit = {};
    for (const [k, v] of Object.entries(limit as Record<string, unknown>)) {
      if (k !== 'maxPositions' && k !== 'maxContracts')
        throw new Error(
          `RISK_STRATEGY_LIMITS_JSON: ${name}.${k} is not a limit (maxPositions, maxContracts)`,
        );
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
        throw new Error(`RISK_STRATEGY_LIMITS_JSON: ${name}.${k} must be an integer ≥ 0`);
      l[k] = v;
    }
    out[name as StrategyName] = l;
  }
  return out;
}
