/**
 * The registry: every strategy by name, built with default or configured knobs, and
 * `evaluateAll` — one snapshot through every enabled strategy, each with its own state.
 *
 * States are kept per strategy (not per symbol): each strategy keys what it remembers by symbol
 * itself, so the engine passes the same `states` object for every symbol's snapshot and keeps the
 * returned one. A strategy that throws does not stop the others; its failure is returned and its
 * state is left as it was.
 */
import type { AnalyticsSnapshot } from '../analytics/analytics-snapshot.js';
import type { StrategyName } from '../vocabulary/trading.js';
import { confluenceScore, type ConfluenceKnobs, type ConfluenceResult } from './confluence.js';
import {
  DEFAULT_ENSEMBLE_PARAMS,
  ensembleEdge,
  type EnsembleParams,
  type FairValueModels,
} from './model-ensemble.js';
import { analyticsFairValueModels } from './fair-value-models.js';
import { gammaScalp0dte } from './rules/gamma-scalp-0dte.js';
import { gexFlipVol } from './rules/gex-flip-vol.js';
import { gexIronCondor } from './rules/gex-iron-condor.js';
import { gexSqueeze } from './rules/gex-squeeze.js';
import { gexWallPremium } from './rules/gex-wall-premium.js';
import { mocImbalance } from './rules/moc-imbalance.js';
import { momentumBreakout } from './rules/momentum-breakout.js';
import { overnight1dte } from './rules/overnight-1dte.js';
import { scalp } from './rules/scalp.js';
import { swing } from './rules/swing.js';
import { volumeSpike } from './rules/volume-spike.js';
import type { SignalCandidate } from './signal-candidate.js';
import { createStrategy, type Strategy, type StrategyDefinition } from './strategy.js';
import type { StrategyContext } from './strategy-context.js';

export const strategyDefinitions: Readonly<
  Record<StrategyName, StrategyDefinition<unknown, unknown>>
> = {
  gamma_scalp_0dte: gammaScalp0dte,
  overnight_1dte: overnight1dte,
  moc_imbalance: mocImbalance,
  swing,
  gex_squeeze: gexSqueeze,
  gex_wall_premium: gexWallPremium,
  gex_iron_condor: gexIronCondor,
  gex_flip_vol: gexFlipVol,
  scalp,
  momentum_breakout: momentumBreakout,
  volume_spike: volumeSpike,
};

export const STRATEGY_NAMES = Object.keys(strategyDefinitions) as StrategyName[];

export function isStrategyName(value: string): value is StrategyName {
  return (STRATEGY_NAMES as string[]).includes(value);
}

/** Per-strategy knob overrides, e.g. `{ scalp: { moveThreshold: 0.02 } }`. */
export type StrategyKnobOverrides = Partial<Record<StrategyName, Record<string, unknown>>>;

/**
 * Builds the enabled strategies (all by default) with their knobs. Unknown names or bad knobs
 * throw (StrategyKnobsError names the strategy and knob).
 */
export function buildStrategies(
  options: { enabled?: readonly string[]; knobs?: StrategyKnobOverrides } = {},
): Strategy[] {
  const enabled = options.enabled ?? STRATEGY_NAMES;
  for (const name of enabled)
    if (!isStrategyName(name))
      throw new Error(`unknown strategy "${name}"; known: ${STRATEGY_NAMES.join(', ')}`);
  for (const name of Object.keys(options.knobs ?? {}))
    if (!isStrategyName(name)) throw new Error(`knobs given for unknown strategy "${name}"`);
  return STRATEGY_NAMES.filter((n) => enabled.includes(n)).map((n) =>
    createStrategy(strategyDefinitions[n], options.knobs?.[n] ?? {}),
  );
}

/** Every strategy with its default knobs. */
export const allStrategies: readonly Strategy[] = buildStrategies();

export type StrategyStates = Partial<Record<StrategyName, unknown>>;

export interface EvaluateOptions {
  strategies?: readonly Strategy[];
  /**
   * Pricers for the model-ensemble edge on each candidate's legs; default: the analytics math
   * (Black–Scholes, Merton, Heston). null = skip the edge.
   */
  models?: FairValueModels | null;
  ensemble?: EnsembleParams;
  confluence?: ConfluenceKnobs;
}

export interface EvaluationResult {
  candidates: SignalCandidate[];
  states: StrategyStates;
  confluence: ConfluenceResult;
  failures: { strategy: StrategyName; message: string }[];
}

function annotate(
  candidate: SignalCandidate,
  snapshot: AnalyticsSnapshot,
  confluence: ConfluenceResult,
  options: EvaluateOptions,
): SignalCandidate {
  const riskFactors = [...candidate.riskFactors];
  const against =
    (candidate.direction === 'bullish' && confluence.score <= 40) ||
    (candidate.direction === 'bearish' && confluence.score >= 60);
  if (against)
    riskFactors.push(`against the confluence read (${confluence.signal}, ${confluence.score})`);
  const out: SignalCandidate = {
    ...candidate,
    riskFactors,
    confluence: { score: confluence.score, signal: confluence.signal },
    inputs: {
      ...candidate.inputs,
      confluenceScore: confluence.score,
      confluenceSignal: confluence.signal,
    },
  };
  const models = options.models === undefined ? analyticsFairValueModels : options.models;
  if (models) {
    const edges: NonNullable<SignalCandidate['modelEdge']> = [];
    for (const leg of candidate.legs) {
      const c = snapshot.contracts.find((x) => x.occSymbol === leg.occSymbol);
      if (!c) continue;
      const e = ensembleEdge(
        c,
        { spot: snapshot.spot, atmIv: snapshot.atmIv, regime: snapshot.regime.label },
        models,
        options.ensemble ?? DEFAULT_ENSEMBLE_PARAMS,
      );
      if (!e) continue;
      edges.push({ occSymbol: e.occSymbol, edgePct: e.edgePct, verdict: e.verdict });
      if (
        (leg.side === 'buy' && e.verdict === 'rich') ||
        (leg.side === 'sell' && e.verdict === 'cheap')
      )
        riskFactors.push(
          `${leg.side === 'buy' ? 'buying' : 'selling'} ${leg.occSymbol} ${(Math.abs(e.edgePct) * 100).toFixed(1)}% ${leg.side === 'buy' ? 'above' : 'below'} the model ensemble`,
        );
    }
    out.modelEdge = edges;
  }
  return out;
}

/** Runs one snapshot through the strategies; pure apart from what the strategies themselves do. */
export function evaluateAll(
  snapshot: AnalyticsSnapshot,
  context: StrategyContext,
  states: StrategyStates,
  options: EvaluateOptions = {},
): EvaluationResult {
  const strategies = options.strategies ?? allStrategies;
  const confluence = confluenceScore(snapshot, options.confluence);
  const nextStates: StrategyStates = { ...states };
  const candidates: SignalCandidate[] = [];
  const failures: EvaluationResult['failures'] = [];
  for (const s of strategies) {
    const state = s.name in states ? states[s.name] : s.initialState();
    try {
      const r = s.evaluate(snapshot, context, state);
      nextStates[s.name] = r.state;
      for (const c of r.candidates) candidates.push(annotate(c, snapshot, confluence, options));
    } catch (err) {
      failures.push({
        strategy: s.name,
        message: err instanceof Error ? err.message : String(err),
      });
    }
  }
  return { candidates, states: nextStates, confluence, failures };
}
