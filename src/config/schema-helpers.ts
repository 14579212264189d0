import { z } from 'zod';

/** An integer environment variable with a default and bounds. */
export function int(def: number, description: string, bounds: { min?: number; max?: number } = {}) {
  let schema = z.coerce.number().int();
  if (bounds.min !== undefined) schema = schema.min(bounds.min);
  if (bounds.max !== undefined) schema = schema.max(bounds.max);
  return schema.default(def).describe(description);
}

/** A decimal environment variable with a default and bounds. */
export function num(def: number, description: string, bounds: { min?: number; max?: number } = {}) {
  let schema = z.coerce.number().finite();
  if (bounds.min !== undefined) schema = schema.min(bounds.min);
  if (bounds.max !== undefined) schema = schema.max(bounds.max);
  return schema.default(def).describe(description);
}

/** A boolean environment variable: true/false/1/0/yes/no. */
export function bool(def: boolean, description: string) {
  return z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .transform((v) => v === 'true' || v === '1' || v === 'yes')
    .default(def)
    .describe(description);
}

/** A comma-separated list, e.g. "SPY,QQQ". */
export function list(def: string[], description: string) {
  return z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    )
    .default(def)
    .describe(description);
}
