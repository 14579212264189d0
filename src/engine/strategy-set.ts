/**
 * The strategies the engine runs, by name ("all" = every strategy), through the strategies'
 * registry so the engine and `evaluateAll` agree on what exists.
 */
import {
  buildStrategies as buildFromRegistry,
  STRATEGY_NAMES as REGISTRY_NAMES,
  type StrategyKnobOverrides,
} from '../strategies/registry.js';
import type { Strategy } from '../strategies/strategy.js';

export const STRATEGY_NAMES: readonly string[] = REGISTRY_NAMES;

export function buildStrategies(
  names: readonly string[] | 'all',
  knobs: StrategyKnobOverrides = {},
): Strategy[] {
  const all = names === 'all' || (names.length === 1 && names[0] === 'all');
  return buildFromRegistry({ enabled: all ? undefined : names, knobs });
}
