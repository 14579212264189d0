/** The simulator's settings: validated once, then read by every part of the simulation. */
import { z } from 'zod';
import { dayShapesSchema } from './day-shape.js';

export const simulatorConfigSchema = z.object({
  seed: z.number().int(),
  symbols: z
    .array(z.string().regex(/^[A-Z][A-Z0-9.]{0,5}$/, 'symbols are upper-case tickers'))
    .min(1)
    .refine((s) => new Set(s).size === s.length, 'symbols must be unique'),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD'),
  stepMs: z
    .number()
    .int()
    .min(1000)
    .max(60_000)
    .refine((ms) => 60_000 % ms === 0, 'stepMs must divide one minute')
    .default(5000),
  /** Continuously compounded risk-free rate. */
  rate: z.number().min(-0.05).max(0.25).default(0.043),
  /** When false, no tape, books, bars or imbalances are buffered (chains and spots only). */
  recordEvents: z.boolean().default(true),
  /** Oldest events are dropped past this many undrained events (counted in droppedEvents). */
  maxBufferedEvents: z.number().int().positive().default(500_000),
  /** A scenario's shape of the day, by symbol (`*` for all): see day-shape.ts. */
  dayShapes: dayShapesSchema.optional(),
});

/** Settings as callers give them (defaults may be left out). */
export type MarketSimulatorConfig = z.input<typeof simulatorConfigSchema>;

/** Settings after validation, defaults filled in. */
export type SimulatorSettings = Readonly<z.output<typeof simulatorConfigSchema>>;

/** Validates the settings; throws one message listing every problem. */
export function parseSimulatorConfig(config: MarketSimulatorConfig): SimulatorSettings {
  const parsed = simulatorConfigSchema.safeParse(config);
  if (!parsed.success) {
    throw new Error(
      `invalid simulator config: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}
