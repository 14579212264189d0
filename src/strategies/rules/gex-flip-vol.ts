/**
 * Gamma-flip volatility trade: at the flip, dealer hedging changes sign — above it they damp moves,
 * below it they chase them — so a break either way tends to travel. With price within 0.3% of the
 * flip and implied vol not rich (IV percentile ≤ 60), buy the at-the-money straddle.
 */
import { z } from 'zod';
import { buildCandidate, clamp, pct } from '../shared/candidate-builder.js';
import {
  expiriesWithin,
  findContract,
  gradeAtLeast,
  strikesOf,
} from '../shared/contract-selection.js';
import {
  coolingDown,
  emptyCooldown,
  markFired,
  minutesToClose,
  sessionOpen,
  type CooldownState,
} from '../shared/guards.js';
import { liquidityGrade } from '../shared/knobs.js';
import type { StrategyDefinition } from '../strategy.js';

export const gexFlipVolKnobs = z
  .object({
    nearFlipPct: z.number().positive().default(0.003),
    maxIvPercentile: z.number().min(0).max(100).default(60),
    minDte: z.number().int().min(0).default(1),
    maxDte: z.number().int().min(0).default(7),
    maxSpreadPct: z.number().positive().default(0.1),
    minLiquidity: liquidityGrade.default('B'),
    stopPct: z.number().positive().max(1).default(0.3),
    targetPct: z.number().positive().default(0.5),
    riskPerTradePct: z.number().positive().max(1).default(0.01),
    maxContracts: z.number().int().min(1).default(5),
    /** Straddles bleed theta: close after this many hours if neither stop nor target hit. */
    maxHoldHours: z.number().positive().default(24),
    cooldownMs: z
      .number()
      .int()
      .min(0)
      .default(60 * 60_000),
  })
  .strict();

export type GexFlipVolKnobs = z.infer<typeof gexFlipVolKnobs>;

export const gexFlipVol: StrategyDefinition<GexFlipVolKnobs, CooldownState> = {
  name: 'gex_flip_vol',
  summary:
    'Price within 0.3% of the gamma flip and IV percentile ≤ 60: buy the at-the-money straddle for the break.',
  knobsSchema: gexFlipVolKnobs,
  defaults: gexFlipVolKnobs.parse({}),
  initialState: emptyCooldown,
  evaluate(snapshot, context, state, k) {
    const none = { candidates: [], state };
    const setup = 'flip_straddle';
    if (!sessionOpen(context) || minutesToClose(context) < 30) return none;
    if (!gradeAtLeast(snapshot.liquidity.grade, k.minLiquidity)) return none;
    const flip = snapshot.gex.flip;
    if (flip === null) return none;
    const distance = Math.abs(snapshot.spot - flip) / snapshot.spot;
    if (distance > k.nearFlipPct) return none;
    const ivp = snapshot.ivPercentile;
    if (ivp === null || ivp > k.maxIvPercentile) return none;
    if (coolingDown(state, snapshot.symbol, setup, context.now, k.cooldownMs)) return none;

    for (const expiry of expiriesWithin(snapshot, context.session.date, k.minDte, k.maxDte)) {
      const calls = strikesOf(snapshot.contracts, expiry, 'call');
      if (calls.length === 0) continue;
      let atm = calls[0];
      for (const c of calls)
        if (Math.abs(c.strike - snapshot.spot) < Math.abs(atm.strike - snapshot.spot)) atm = c;
      const put = findContract(snapshot.contracts, expiry, 'put', atm.strike);
      if (!put || put.bid <= 0) continue;
      const spreadPct = (atm.ask - atm.bid + put.ask - put.bid) / (atm.mid + put.mid);
      if (spreadPct > k.maxSpreadPct) continue;
      const candidate = buildCandidate(snapshot, context, {
        strategy: 'gex_flip_vol',
        setup,
        direction: 'neutral',
        legs: [
          { contract: atm, side: 'buy' },
          { contract: put, side: 'buy' },
        ],
        stopPct: k.stopPct,
        targetPct: k.targetPct,
        maxContracts: k.maxContracts,
        riskPerTradePct: k.riskPerTradePct,
        confidence:
          0.35 +
          0.25 * clamp(1 - distance / k.nearFlipPct, 0, 1) +
          0.25 * clamp((k.maxIvPercentile - ivp) / Math.max(k.maxIvPercentile, 1), 0, 1),
        triggeredBy: [
          `price ${pct(distance)} from the gamma flip ${flip.toFixed(2)} (≤ ${pct(k.nearFlipPct)})`,
          `IV percentile ${ivp.toFixed(0)} (≤ ${k.maxIvPercentile})`,
        ],
        riskFactors: [
          'long straddle: theta decay if price stays pinned at the flip',
          ...(snapshot.regime.label === 'calm' ? ['calm regime: a break may not come'] : []),
        ],
        invalidation: `${snapshot.symbol} stays within ${pct(k.nearFlipPct)} of the flip ${flip.toFixed(2)} past the time stop`,
        timeStopAt: Math.min(
          context.now + k.maxHoldHours * 60 * 60_000,
          atm.expiresAt - 60 * 60_000,
        ),
        inputs: {
          gammaFlip: flip,
          flipDistancePct: distance,
          ivPercentile: ivp,
          netGex: snapshot.gex.total,
          strike: atm.strike,
          expiry,
        },
        counterfactuals: [
          `would not have fired with price more than ${pct(k.nearFlipPct)} from the flip`,
          `would not have fired with IV percentile above ${k.maxIvPercentile}`,
        ],
      });
      if (!candidate) return none;
      return {
        candidates: [candidate],
        state: markFired(state, snapshot.symbol, setup, context.now),
      };
    }
    return none;
  },
};
