/**
 * The strategy settings of a configuration, validated: which strategies run (with their knobs),
 * the confluence knobs and the model-ensemble parameters. Config checks these settings by shape
 * only; here each strategy's own schema checks its knobs. Every problem is collected and thrown
 * as one ConfigError, the config loader's list, so start-up names them all at once.
 */
import type { z } from 'zod';
import { ConfigError } from '../config/config.js';
import type { StrategiesConfig } from '../config/sections/strategies.js';
import { confluenceKnobs, type ConfluenceKnobs } from './confluence.js';
import { ensembleParams, type EnsembleParams } from './model-ensemble.js';
import { isStrategyName, STRATEGY_NAMES, strategyDefinitions } from './registry.js';
import { createStrategy, StrategyKnobsError, type Strategy } from './strategy.js';

export interface StrategySettings {
  /** The strategies STRATEGIES_ENABLED enables. */
  strategies: Strategy[];
  /** Every strategy with its knobs (the registry may switch any of them on while running). */
  available: Strategy[];
  confluence: ConfluenceKnobs;
  ensemble: EnsembleParams;
}

/** Parses with `schema`, or adds its issues (under `setting`) to `problems` and yields null. */
function parseSetting<T>(
  setting: string,
  schema: z.ZodType<T>,
  value: unknown,
  problems: string[],
): T | null {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const i of parsed.error.issues)
    problems.push(`${setting}: ${i.path.join('.') || '(root)'}: ${i.message}`);
  return null;
}

/** Validates the strategy settings; throws ConfigError listing every problem. */
export function strategySettingsFromConfig(
  config: Pick<StrategiesConfig, 'STRATEGIES_ENABLED'> &
    Partial<Omit<StrategiesConfig, 'STRATEGIES_ENABLED'>>,
): StrategySettings {
  const problems: string[] = [];
  const names = config.STRATEGIES_ENABLED;
  for (const n of names)
    if (n !== 'all' && !isStrategyName(n))
      problems.push(
        `STRATEGIES_ENABLED: unknown strategy "${n}"; known: ${STRATEGY_NAMES.join(', ')}`,
      );
  const knobs = config.STRATEGY_KNOBS_JSON ?? {};
  for (const n of Object.keys(knobs))
    if (!isStrategyName(n))
      problems.push(`STRATEGY_KNOBS_JSON: knobs given for unknown strategy "${n}"`);
  const enabled = names.includes('all')
    ? STRATEGY_NAMES
    : STRATEGY_NAMES.filter((n) => names.includes(n));
  const strategies: Strategy[] = [];
  const available: Strategy[] = [];
  for (const name of STRATEGY_NAMES) {
    try {
      // Every strategy's knobs are checked, enabled or not: a typo fails now, not when enabled.
      const strategy = createStrategy(strategyDefinitions[name], knobs[name] ?? {});
      available.push(strategy);
      if (enabled.includes(name)) strategies.push(strategy);
    } catch (err) {
      if (!(err instanceof StrategyKnobsError)) throw err;
      for (const p of err.problems) problems.push(`STRATEGY_KNOBS_JSON: ${name}: ${p}`);
    }
  }
  const confluence = parseSetting(
    'STRATEGY_CONFLUENCE_JSON',
    confluenceKnobs,
    config.STRATEGY_CONFLUENCE_JSON ?? {},
    problems,
  );
  const ensemble = parseSetting(
    'STRATEGY_ENSEMBLE_JSON',
    ensembleParams,
    config.STRATEGY_ENSEMBLE_JSON ?? {},
    problems,
  );
  if (problems.length > 0 || !confluence || !ensemble) throw new ConfigError(problems);
  return { strategies, available, confluence, ensemble };
}

/** The strategies the configuration enables, with their knobs (ConfigError when invalid). */
export function strategiesFromConfig(
  config: Pick<StrategiesConfig, 'STRATEGIES_ENABLED'> &
    Partial<Omit<StrategiesConfig, 'STRATEGIES_ENABLED'>>,
): Strategy[] {
  return strategySettingsFromConfig(config).strategies;
}
