/**
 * A day's shape: overrides of the drawn day (trend, gap, vol regime, variance premium, closing
 * pressure, activity, scheduled news bursts, open-interest shape) that turn an ordinary seeded
 * day into a named scenario (src/market-data/simulator/scenarios.ts). Everything not given is
 * drawn as usual, so a shaped day is still seeded and reproducible.
 */
import { z } from 'zod';
import type { Burst } from './bursts.js';
import type { DayPlan } from './day-skeleton.js';

const hhmm = z.string().regex(/^\d{2}:\d{2}$/, 'times are HH:MM New York');

export const dayShapeSchema = z
  .object({
    /** Log return from the open that the close is pulled toward (replaces the drawn trend). */
    trendReturn: z.number().min(-0.3).max(0.3).optional(),
    /** Overnight gap as a log return from the previous close. */
    gapReturn: z.number().min(-0.3).max(0.3).optional(),
    /** Multiplies the day's volatility regime. */
    volScale: z.number().min(0.2).max(5).optional(),
    /** Multiplies implied over realised vol (rich before an event, cheap after it). */
    volPremiumScale: z.number().min(0.3).max(3).optional(),
    /** Closing-auction pressure, σ units (the drawn one is a standard normal). */
    mocPressure: z.number().min(-6).max(6).optional(),
    /** Multiplies the day's option and share activity. */
    activity: z.number().min(0.1).max(20).optional(),
    /** Share of block prints (≥ 100 contracts) among ordinary option prints. */
    blockShare: z.number().min(0).max(0.5).optional(),
    /** News bursts at fixed times: a jump of 40% of `size` (log) then drift over `minutes`. */
    bursts: z
      .array(
        z.object({
          at: hhmm,
          direction: z.union([z.literal(1), z.literal(-1)]),
          size: z.number().positive().max(0.3),
          minutes: z.number().int().min(1).max(120),
        }),
      )
      .optional(),
    /** Share of open interest in calls (the drawn one is 0.5 ± 0.08): below 0.5 dealers are short gamma. */
    callShare: z.number().min(0.05).max(0.95).optional(),
    /** Multiplier of the two wall strikes' open interest (drawn 5–12). */
    wallBoost: z.number().min(1).max(100).optional(),
    /** Distance of the call wall above and the put wall below the open, fraction of spot. */
    wallDistance: z.number().min(0.001).max(0.2).optional(),
  })
  .strict();

export type DayShape = z.infer<typeof dayShapeSchema>;

/** Shapes by symbol; `*` applies to every symbol without its own. */
export const dayShapesSchema = z.record(z.string(), dayShapeSchema);
export type DayShapes = z.infer<typeof dayShapesSchema>;

export function shapeFor(shapes: DayShapes | undefined, symbol: string): DayShape | undefined {
  return shapes?.[symbol] ?? shapes?.['*'];
}

/** The plan with the shape's gap, trend and vol regime. */
export function shapePlan(plan: DayPlan, shape: DayShape | undefined): DayPlan {
  if (!shape) return plan;
  const open =
    shape.gapReturn !== undefined ? plan.prevClose * Math.exp(shape.gapReturn) : plan.open;
  const targetClose =
    shape.trendReturn !== undefined
      ? open * Math.exp(shape.trendReturn)
      : plan.targetClose * (open / plan.open);
  return { prevClose: plan.prevClose, open, targetClose, vol: plan.vol * (shape.volScale ?? 1) };
}

/** The shape's scheduled bursts as simulator bursts on a session grid. */
export function shapeBursts(
  shape: DayShape | undefined,
  grid: { readonly stepMs: number; readonly steps: number },
  openAt: number,
  instant: (hhmm: string) => number,
): Burst[] {
  return (shape?.bursts ?? []).map((b) => ({
    step: Math.min(grid.steps - 2, Math.max(1, Math.round((instant(b.at) - openAt) / grid.stepMs))),
    length: Math.max(1, Math.round((b.minutes * 60_000) / grid.stepMs)),
    direction: b.direction,
    size: b.size,
  }));
}
