/**
 * The strategy contract: a pure rule from (analytics snapshot, context, own state) to candidates
 * with reasons, plus the state to pass next time. No Nest, no I/O, no clock reads — time comes in
 * `context.now` — so the backtester and the live engine call exactly the same code.
 *
 * A strategy is built from a definition and its knobs: `createStrategy(definition, overrides)`
 * validates the overrides with the definition's zod schema (unknown keys and bad values throw
 * StrategyKnobsError, naming the strategy and the knob) and binds the result.
 */
import type { z } from 'zod';
import type { AnalyticsSnapshot } from '../analytics/analytics-snapshot.js';
import type { StrategyName } from '../vocabulary/trading.js';
import type { SignalCandidate } from './signal-candidate.js';
import type { StrategyContext } from './strategy-context.js';

export interface StrategyResult<State> {
  candidates: SignalCandidate[];
  state: State;
}

/**
 * A ready-to-run strategy. Methods are declared as methods on purpose: a `Strategy<K, S>` is then
 * usable wherever a `Strategy` (unknown knobs and state) is expected, e.g. in the registry.
 */
export interface Strategy<Knobs = unknown, State = unknown> {
  readonly name: StrategyName;
  /** One line: what the rule looks for. */
  readonly summary: string;
  readonly knobs: Readonly<Knobs>;
  initialState(): State;
  evaluate(
    snapshot: AnalyticsSnapshot,
    context: StrategyContext,
    state: State,
  ): StrategyResult<State>;
}

/** What each strategy file exports: the rule, its knobs schema and defaults. */
export interface StrategyDefinition<Knobs, State> {
  readonly name: StrategyName;
  readonly summary: string;
  readonly knobsSchema: z.ZodType<Knobs>;
  readonly defaults: Knobs;
  initialState(): State;
  evaluate(
    snapshot: AnalyticsSnapshot,
    context: StrategyContext,
    state: State,
    knobs: Knobs,
  ): StrategyResult<State>;
}

/** State of a strategy that remembers nothing between evaluations. */
export type NoState = Record<string, never>;

export class StrategyKnobsError extends Error {
  constructor(
    readonly strategy: StrategyName,
    readonly problems: string[],
  ) {
    super(`Invalid knobs for strategy ${strategy}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'StrategyKnobsError';
  }
}

/** Merges `overrides` over the defaults and validates the result with the knobs schema. */
export function resolveKnobs<Knobs, State>(
  definition: StrategyDefinition<Knobs, State>,
  overrides: unknown = {},
): Knobs {
  if (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides)) {
    throw new StrategyKnobsError(definition.name, ['knobs must be an object']);
  }
  const merged = { ...(definition.defaults as object), ...(overrides as object) };
  const parsed = definition.knobsSchema.safeParse(merged);
  if (!parsed.success) {
    throw new StrategyKnobsError(
      definition.name,
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  return parsed.data;
}

/**
 * Binds a definition to validated knobs. The bound strategy refuses a snapshot stamped after
 * `context.now` (no candidates, state unchanged), so no rule can see the future.
 */
export function createStrategy<Knobs, State>(
  definition: StrategyDefinition<Knobs, State>,
  overrides: unknown = {},
): Strategy<Knobs, State> {
  const knobs = Object.freeze(resolveKnobs(definition, overrides));
  return {
    name: definition.name,
    summary: definition.summary,
    knobs,
    initialState: () => definition.initialState(),
    evaluate: (snapshot, context, state) =>
      // Look-ahead guard: data stamped after the clock is not evaluated (and teaches nothing).
      snapshot.asOf > context.now
        ? { candidates: [], state }
        : definition.evaluate(snapshot, context, state, knobs as Knobs),
  };
}
