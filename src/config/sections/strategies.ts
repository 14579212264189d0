import { z } from 'zod';
import { list } from '../schema-helpers.js';
import { confluenceKnobs } from '../../strategies/confluence.js';
import { ensembleParams } from '../../strategies/model-ensemble.js';
import {
  buildStrategies,
  isStrategyName,
  STRATEGY_NAMES,
  type StrategyKnobOverrides,
} from '../../strategies/registry.js';

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

/**
 * Which strategies run and their knobs. Knobs are validated here with each strategy's own schema,
 * so a typo or an out-of-range value stops start-up with the strategy and knob named.
 */
export const strategiesConfig = z.object({
  STRATEGIES_ENABLED: list(['all'], '')
    .superRefine((names, ctx) => {
      for (const n of names)
        if (n !== 'all' && !isStrategyName(n))
          ctx.addIssue({ code: 'custom', message: `unknown strategy "${n}"` });
    })
    .describe(`Strategies to evaluate: "all" or a comma list of ${STRATEGY_NAMES.join(', ')}.`),
  STRATEGY_KNOBS_JSON: z
    .string()
    .default('{}')
    .transform((raw, ctx): StrategyKnobOverrides => {
      const obj = jsonObject('STRATEGY_KNOBS_JSON')(raw, ctx);
      for (const [name, knobs] of Object.entries(obj)) {
        if (knobs === null || typeof knobs !== 'object' || Array.isArray(knobs))
          ctx.addIssue({ code: 'custom', message: `knobs for "${name}" must be an object` });
      }
      try {
        buildStrategies({ knobs: obj as StrategyKnobOverrides });
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
      }
      return obj as StrategyKnobOverrides;
    })
    .describe(
      'Per-strategy knob overrides as JSON, e.g. {"scalp":{"moveThreshold":0.02},"swing":{"timeExitTradingDays":5}}. See docs/strategies.md.',
    ),
  STRATEGY_CONFLUENCE_JSON: z
    .string()
    .default('{}')
    .transform((raw, ctx) => {
      const parsed = confluenceKnobs.safeParse(jsonObject('STRATEGY_CONFLUENCE_JSON')(raw, ctx));
      if (!parsed.success) {
        for (const i of parsed.error.issues)
          ctx.addIssue({ code: 'custom', message: `${i.path.join('.')}: ${i.message}` });
        return confluenceKnobs.parse({});
      }
      return parsed.data;
    })
    .describe('Confluence score knobs as JSON (weights, full scales, thresholds).'),
  STRATEGY_ENSEMBLE_JSON: z
    .string()
    .default('{}')
    .transform((raw, ctx) => {
      const parsed = ensembleParams.safeParse(jsonObject('STRATEGY_ENSEMBLE_JSON')(raw, ctx));
      if (!parsed.success) {
        for (const i of parsed.error.issues)
          ctx.addIssue({ code: 'custom', message: `${i.path.join('.')}: ${i.message}` });
        return ensembleParams.parse({});
      }
      return parsed.data;
    })
    .describe('Model-ensemble parameters as JSON (rate, Merton jumps, Heston, weights by regime).'),
});

export type StrategiesConfig = z.infer<typeof strategiesConfig>;

/** The strategies the configuration enables, with their knobs. */
export function strategiesFromConfig(
  config: Pick<StrategiesConfig, 'STRATEGIES_ENABLED' | 'STRATEGY_KNOBS_JSON'>,
) {
  const enabled = config.STRATEGIES_ENABLED.includes('all')
    ? STRATEGY_NAMES
    : config.STRATEGIES_ENABLED;
  return buildStrategies({ enabled, knobs: config.STRATEGY_KNOBS_JSON });
}
