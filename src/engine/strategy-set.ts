/**
 * The strategies the engine runs, by name, with knobs overrides. "all" = every strategy.
 */
import { gammaScalp0dte } from '../strategies/rules/gamma-scalp-0dte.js';
import { gexFlipVol } from '../strategies/rules/gex-flip-vol.js';
import { gexIronCondor } from '../strategies/rules/gex-iron-condor.js';
import { gexSqueeze } from '../strategies/rules/gex-squeeze.js';
import { gexWallPremium } from '../strategies/rules/gex-wall-premium.js';
import { mocImbalance } from '../strategies/rules/moc-imbalance.js';
import { momentumBreakout } from '../strategies/rules/momentum-breakout.js';
import { overnight1dte } from '../strategies/rules/overnight-1dte.js';
import { scalp } from '../strategies/rules/scalp.js';
import { volumeSpike } from '../strategies/rules/volume-spike.js';
import { createStrategy, type Strategy } from '../strategies/strategy.js';

/** Builders keyed by strategy name (each call makes a fresh strategy with default knobs). */
const BUILDERS: Record<string, (knobs?: unknown) => Strategy> = {
  gamma_scalp_0dte: (k) => createStrategy(gammaScalp0dte, k) as Strategy,
  overnight_1dte: (k) => createStrategy(overnight1dte, k) as Strategy,
  moc_imbalance: (k) => createStrategy(mocImbalance, k) as Strategy,
  gex_squeeze: (k) => createStrategy(gexSqueeze, k) as Strategy,
  gex_wall_premium: (k) => createStrategy(gexWallPremium, k) as Strategy,
  gex_iron_condor: (k) => createStrategy(gexIronCondor, k) as Strategy,
  gex_flip_vol: (k) => createStrategy(gexFlipVol, k) as Strategy,
  scalp: (k) => createStrategy(scalp, k) as Strategy,
  momentum_breakout: (k) => createStrategy(momentumBreakout, k) as Strategy,
  volume_spike: (k) => createStrategy(volumeSpike, k) as Strategy,
};

export const STRATEGY_NAMES = Object.keys(BUILDERS);

export function buildStrategies(
  names: string[] | 'all',
  knobs: Record<string, unknown> = {},
): Strategy[] {
  const list =
    names === 'all' || (names.length === 1 && names[0] === 'all') ? STRATEGY_NAMES : names;
  const unknown = list.filter((n) => !BUILDERS[n]);
  if (unknown.length > 0) {
    throw new Error(`unknown strategy ${unknown.join(', ')} (known: ${STRATEGY_NAMES.join(', ')})`);
  }
  return list.map((n) => BUILDERS[n](knobs[n] ?? {}));
}
