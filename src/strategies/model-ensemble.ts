/**
 * The model-ensemble edge: an option's market mid against three fair values — Black–Scholes at
 * the at-the-money IV (no smile), Merton jump-diffusion (jumps fatten the tails) and Heston
 * (stochastic variance, skew through ρ) — blended with weights that depend on the regime. A calm
 * market is closest to Black–Scholes; a volatile one has jumps and moving variance, so Merton and
 * Heston weigh more there.
 *
 * edge = ensemble − mid (dollars per share); edgePct = edge / mid. Positive: the models value the
 * option above the market (cheap to buy); negative: rich (a sale candidate).
 *
 * All three models share one volatility anchor (the snapshot's ATM IV) so the differences come
 * from model structure, not from three different vols: Merton's diffusion vol is set so diffusion
 * plus jump variance equal ATM variance; Heston starts and reverts to ATM variance.
 *
 * The pricers come in through `FairValueModels` (pure functions from src/analytics/math).
 */
import { z } from 'zod';
import type { ContractAnalytics, RegimeLabel } from '../analytics/analytics-snapshot.js';
import type { OptionRight } from '../vocabulary/trading.js';

export interface ModelInput {
  type: OptionRight;
  S: number;
  K: number;
  T: number;
  r: number;
  q: number;
}

export interface FairValueModels {
  bsm(input: ModelInput & { sigma: number }): number;
  merton(
    input: ModelInput & { sigma: number; lambda: number; muJ: number; deltaJ: number },
  ): number;
  heston(
    input: ModelInput & { kappa: number; theta: number; sigma: number; rho: number; v0: number },
  ): number;
}

const modelWeights = z.object({
  bsm: z.number().min(0),
  merton: z.number().min(0),
  heston: z.number().min(0),
});

export const ensembleParams = z
  .object({
    rate: z.number().default(0.04),
    dividendYield: z.number().default(0),
    merton: z
      .object({
        /** Jumps a year, mean and dispersion of the log jump. */
        lambda: z.number().min(0).default(1),
        muJ: z.number().default(-0.05),
        deltaJ: z.number().min(0).default(0.08),
      })
      .default({ lambda: 1, muJ: -0.05, deltaJ: 0.08 }),
    heston: z
      .object({
        kappa: z.number().positive().default(2),
        /** Vol of variance. */
        sigma: z.number().positive().default(0.5),
        rho: z.number().min(-1).max(1).default(-0.7),
      })
      .default({ kappa: 2, sigma: 0.5, rho: -0.7 }),
    weightsByRegime: z
      .object({
        calm: modelWeights,
        trending: modelWeights,
        mean_reverting: modelWeights,
        volatile: modelWeights,
      })
      .default({
        calm: { bsm: 0.5, merton: 0.2, heston: 0.3 },
        trending: { bsm: 0.35, merton: 0.25, heston: 0.4 },
        mean_reverting: { bsm: 0.4, merton: 0.2, heston: 0.4 },
        volatile: { bsm: 0.2, merton: 0.4, heston: 0.4 },
      }),
    /** |edgePct| at least this to call the option cheap or rich. */
    minEdgePct: z.number().min(0).default(0.05),
  })
  .strict();

export type EnsembleParams = z.infer<typeof ensembleParams>;
export const DEFAULT_ENSEMBLE_PARAMS: EnsembleParams = ensembleParams.parse({});

export interface EnsembleEdge {
  occSymbol: string;
  mid: number;
  fair: { bsm: number; merton: number; heston: number };
  weights: { bsm: number; merton: number; heston: number };
  ensemble: number;
  edge: number;
  edgePct: number;
  verdict: 'cheap' | 'rich' | 'fair';
}

/** The regime's weights, normalised to sum to 1 (equal weights if they sum to 0). */
export function regimeWeights(
  regime: RegimeLabel,
  params: EnsembleParams = DEFAULT_ENSEMBLE_PARAMS,
): EnsembleEdge['weights'] {
  const w = params.weightsByRegime[regime];
  const sum = w.bsm + w.merton + w.heston;
  if (!(sum > 0)) return { bsm: 1 / 3, merton: 1 / 3, heston: 1 / 3 };
  return { bsm: w.bsm / sum, merton: w.merton / sum, heston: w.heston / sum };
}

/**
 * The ensemble edge of one contract, or null when it cannot be priced (no ATM IV, expired,
 * no mid, or a model returned a non-finite value).
 */
export function ensembleEdge(
  contract: ContractAnalytics,
  market: { spot: number; atmIv: number | null; regime: RegimeLabel },
  models: FairValueModels,
  params: EnsembleParams = DEFAULT_ENSEMBLE_PARAMS,
): EnsembleEdge | null {
  const vol = market.atmIv;
  if (vol === null || !(vol > 0) || !(contract.t > 0) || !(contract.mid > 0) || !(market.spot > 0))
    return null;
  const base: ModelInput = {
    type: contract.right,
    S: market.spot,
    K: contract.strike,
    T: contract.t,
    r: params.rate,
    q: params.dividendYield,
  };
  const { lambda, muJ, deltaJ } = params.merton;
  const jumpVar = lambda * (muJ * muJ + deltaJ * deltaJ);
  // Diffusion carries what the jumps do not, but never less than half the ATM variance.
  const diffusionVol = Math.sqrt(Math.max(vol * vol - jumpVar, 0.5 * vol * vol));
  const fair = {
    bsm: models.bsm({ ...base, sigma: vol }),
    merton: models.merton({ ...base, sigma: diffusionVol, lambda, muJ, deltaJ }),
    heston: models.heston({
      ...base,
      kappa: params.heston.kappa,
      theta: vol * vol,
      sigma: params.heston.sigma,
      rho: params.heston.rho,
      v0: vol * vol,
    }),
  };
  if (!Number.isFinite(fair.bsm) || !Number.isFinite(fair.merton) || !Number.isFinite(fair.heston))
    return null;
  const weights = regimeWeights(market.regime, params);
  const ensemble =
    weights.bsm * fair.bsm + weights.merton * fair.merton + weights.heston * fair.heston;
  const edge = ensemble - contract.mid;
  const edgePct = edge / contract.mid;
  const verdict =
    edgePct >= params.minEdgePct ? 'cheap' : edgePct <= -params.minEdgePct ? 'rich' : 'fair';
  return {
    occSymbol: contract.occSymbol,
    mid: contract.mid,
    fair,
    weights,
    ensemble,
    edge,
    edgePct,
    verdict,
  };
}
