/**
 * The ending every single-leg rule shares once its setup holds: select the contract, build the
 * candidate that buys it, and mark the setup as fired so it cools down. A rule that cannot size
 * or word the trade on the chosen contract returns null from its spec, and nothing fires.
 */
import type { AnalyticsSnapshot, ContractAnalytics } from '../../analytics/analytics-snapshot.js';
import type { StrategyResult } from '../strategy.js';
import type { StrategyContext } from '../strategy-context.js';
import { buildCandidate, type CandidateSpec } from './candidate-builder.js';
import { selectContract, type ContractFilter } from './contract-selection.js';
import { markFired, type CooldownState } from './guards.js';

/** A candidate spec without its legs: the one leg is the chosen contract, bought. */
export type SingleLegSpec = Omit<CandidateSpec, 'legs'>;

export interface SingleLegEntry<S extends CooldownState> {
  snapshot: AnalyticsSnapshot;
  context: StrategyContext;
  /** The state to return: unchanged when nothing fires, marked (or `fired`) when it does. */
  state: S;
  /** The filter that selects the contract, or the contract the rule already chose. */
  contract: ContractFilter | { chosen: ContractAnalytics };
  spec: (contract: ContractAnalytics) => SingleLegSpec | null;
  /** The state after a candidate; default: the setup marked as fired on the symbol. */
  fired?: (state: S, contract: ContractAnalytics) => S;
}

export function buySingleLeg<S extends CooldownState>(e: SingleLegEntry<S>): StrategyResult<S> {
  const none = { candidates: [], state: e.state };
  const contract =
    'chosen' in e.contract ? e.contract.chosen : selectContract(e.snapshot.contracts, e.contract);
  if (!contract) return none;
  const spec = e.spec(contract);
  if (!spec) return none;
  const candidate = buildCandidate(e.snapshot, e.context, {
    ...spec,
    legs: [{ contract, side: 'buy' }],
  });
  if (!candidate) return none;
  return {
    candidates: [candidate],
    state: e.fired
      ? e.fired(e.state, contract)
      : markFired(e.state, e.snapshot.symbol, spec.setup, e.context.now),
  };
}
