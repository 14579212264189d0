/** Zod pieces the strategies' knob schemas share. */
import { z } from 'zod';

export const liquidityGrade = z.enum(['A', 'B', 'C', 'D', 'F']);

/** An [min, max] band with min ≤ max. */
export function band(defaults: [number, number]) {
  return z
    .tuple([z.number(), z.number()])
    .refine(([lo, hi]) => lo <= hi, 'band must be [min, max] with min ≤ max')
    .default(defaults);
}

/**
 * The knobs single-leg rules share, one validation each: liquidity floor, expiry window, contract
 * choice, premium stop and target, sizing, holding and cooldown. A rule takes the ones it uses,
 * with its own defaults: `...singleLegKnobs({ minLiquidity: 'B', stopPct: 0.4, ... })`.
 */
const SINGLE_LEG_KNOBS = {
  minLiquidity: (d: z.infer<typeof liquidityGrade>) => liquidityGrade.default(d),
  /** Days to expiry of the contract bought, inclusive. */
  minDte: (d: number) => z.number().int().min(0).default(d),
  maxDte: (d: number) => z.number().int().min(0).default(d),
  /** |delta| of the contract bought (nearest wins). */
  targetDelta: (d: number) => z.number().min(0.05).max(0.95).default(d),
  /** Spread cap as a fraction of mid. */
  maxSpreadPct: (d: number) => z.number().positive().default(d),
  /** Stop as the fraction of the premium lost. */
  stopPct: (d: number) => z.number().positive().max(1).default(d),
  /** Target as the fraction of the premium gained. */
  targetPct: (d: number) => z.number().positive().default(d),
  /** Fraction of equity the trade may lose at its stop. */
  riskPerTradePct: (d: number) => z.number().positive().max(1).default(d),
  maxContracts: (d: number) => z.number().int().min(1).default(d),
  /** Time exit at the close this many trading days after entry. */
  holdTradingDays: (d: number) => z.number().int().min(0).default(d),
  /** Per (symbol, setup): no second candidate within this many ms. */
  cooldownMs: (d: number) => z.number().int().min(0).default(d),
} as const;

type SingleLegKnobFields = typeof SINGLE_LEG_KNOBS;
export type SingleLegKnobName = keyof SingleLegKnobFields;
type SingleLegDefaults = { [K in SingleLegKnobName]: Parameters<SingleLegKnobFields[K]>[0] };

/** The zod shape of the chosen single-leg knobs with the rule's defaults (spread it in). */
export function singleLegKnobs<K extends SingleLegKnobName>(defaults: {
  [P in K]: SingleLegDefaults[P];
}): { [P in K]: ReturnType<SingleLegKnobFields[P]> } {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, value] of Object.entries(defaults)) {
    const field = SINGLE_LEG_KNOBS[name as K] as (d: unknown) => z.ZodType;
    shape[name] = field(value);
  }
  return shape as { [P in K]: ReturnType<SingleLegKnobFields[P]> };
}
