import { z } from 'zod';
import { list } from '../schema-helpers.js';

/** A JSON value as the strategy settings carry it (raw: the strategies validate the contents). */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A knob's value: a primitive, or a list of primitives (bands, weights, regimes). */
export type KnobValue = string | number | boolean | null | (string | number | boolean)[];

/** Per-strategy knob overrides by strategy name, e.g. `{ "scalp": { "moveThreshold": 0.02 } }`. */
export type RawStrategyKnobs = Record<string, Record<string, KnobValue>>;

const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValue),
    z.record(z.string(), jsonValue),
  ]),
);

const primitive = z.union([z.string(), z.number(), z.boolean()]);
const knobValue: z.ZodType<KnobValue> = z.union([primitive, z.null(), z.array(primitive)]);

/** Parses a JSON object variable; adds a clear issue (and yields {}) when it is not one. */
function jsonObject(name: string) {
  return (raw: string, ctx: z.RefinementCtx): Record<string, unknown> => {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      ctx.addIssue({
        code: 'custom',
        message: `${name} is not valid JSON: ${(err as Error).message}`,
      });
      return {};
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      ctx.addIssue({ code: 'custom', message: `${name} must be a JSON object` });
      return {};
    }
    return value as Record<string, unknown>;
  };
}

/** A JSON object of settings whose contents the strategies validate when the engine is built. */
function jsonSettings(name: string) {
  return (raw: string, ctx: z.RefinementCtx): JsonObject => {
    const parsed = z.record(z.string(), jsonValue).safeParse(jsonObject(name)(raw, ctx));
    return parsed.success ? parsed.data : {};
  };
}

/**
 * Which strategies run and their knobs, as raw values checked here by shape only. The strategies'
 * registry validates names and knob contents when the engine is built, and start-up fails then
 * with every problem listed (the same ConfigError as this schema's).
 */
export const strategiesConfig = z.object({
  STRATEGIES_ENABLED: list(
    ['all'],
    'Strategies to evaluate: "all" or a comma list of strategy names (docs/strategies.md).',
  ),
  STRATEGY_KNOBS_JSON: z
    .string()
    .default('{}')
    .transform((raw, ctx): RawStrategyKnobs => {
      const obj = jsonObject('STRATEGY_KNOBS_JSON')(raw, ctx);
      const out: RawStrategyKnobs = {};
      for (const [name, knobs] of Object.entries(obj)) {
        if (knobs === null || typeof knobs !== 'object' || Array.isArray(knobs)) {
          ctx.addIssue({ code: 'custom', message: `knobs for "${name}" must be an object` });
          continue;
        }
        const parsed = z.record(z.string(), knobValue).safeParse(knobs);
        if (parsed.success) out[name] = parsed.data;
        else
          for (const i of parsed.error.issues)
            ctx.addIssue({
              code: 'custom',
              message: `knob ${name}.${i.path.join('.')}: a number, string, boolean or a list of them`,
            });
      }
      return out;
    })
    .describe(
      'Per-strategy knob overrides as JSON, e.g. {"scalp":{"moveThreshold":0.02},"swing":{"timeExitTradingDays":5}}. See docs/strategies.md.',
    ),
  STRATEGY_CONFLUENCE_JSON: z
    .string()
    .default('{}')
    .transform(jsonSettings('STRATEGY_CONFLUENCE_JSON'))
    .describe('Confluence score knobs as JSON (weights, full scales, thresholds).'),
  STRATEGY_ENSEMBLE_JSON: z
    .string()
    .default('{}')
    .transform(jsonSettings('STRATEGY_ENSEMBLE_JSON'))
    .describe('Model-ensemble parameters as JSON (rate, Merton jumps, Heston, weights by regime).'),
});

export type StrategiesConfig = z.infer<typeof strategiesConfig>;
