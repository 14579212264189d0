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
