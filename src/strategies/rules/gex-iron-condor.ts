/**
 * Iron condor between the walls: in positive gamma (net GEX above zero and price above the flip)
 * dealers sell rallies into the call wall and buy dips into the put wall. When the two walls are
 * 3–15% apart, sell the put at the put wall and the call at the call wall, each with a wing.
 */
import { z } from 'zod';
import { buildCandidate, clamp, money, pct } from '../shared/candidate-builder.js';
import { expiriesWithin, gradeAtLeast } from '../shared/contract-selection.js';
import { wallsAroundSpot } from '../shared/gex.js';
import {
  coolingDown,
  emptyCooldown,
  markFired,
  minutesSinceOpen,
  minutesToClose,
  sessionOpen,
  type CooldownState,
} from '../shared/guards.js';
import { liquidityGrade } from '../shared/knobs.js';
import type { StrategyDefinition } from '../strategy.js';
import { verticalAtWall } from './gex-wall-premium.js';

export const gexIronCondorKnobs = z
  .object({
    /** Positive gamma: net GEX above this. */
    minNetGex: z.number().default(0),
    /** Distance between put wall and call wall, as a fraction of spot. */
    minWallGapPct: z.number().min(0).default(0.03),
    maxWallGapPct: z.number().positive().default(0.15),
    wingWidthPct: z.number().positive().default(0.01),
    minDte: z.number().int().min(0).default(5),
    maxDte: z.number().int().min(0).default(21),
    minCredit: z.number().min(0).default(0.2),
    minLiquidity: liquidityGrade.default('B'),
    stopPct: z.number().positive().default(1),
    targetPct: z.number().positive().max(1).default(0.5),
    riskPerTradePct: z.number().positive().max(1).default(0.01),
    maxContracts: z.number().int().min(1).default(10),
    /** Time stop: this many trading hours' worth before expiry (closes the day before by default). */
    exitHoursBeforeExpiry: z.number().min(0).default(24),
    /** No entry in the first minutes (the opening quotes are wide; risk's window opens at 09:35). */
    noEntryFirstMinutes: z.number().min(0).default(5),
    cooldownMs: z
      .number()
      .int()
      .min(0)
      .default(24 * 60 * 60_000),
  })
  .strict();

export type GexIronCondorKnobs = z.infer<typeof gexIronCondorKnobs>;

export const gexIronCondor: StrategyDefinition<GexIronCondorKnobs, CooldownState> = {
  name: 'gex_iron_condor',
  summary:
    'Positive gamma with put and call walls 3–15% apart: sell an iron condor with the shorts at the walls.',
  knobsSchema: gexIronCondorKnobs,
  defaults: gexIronCondorKnobs.parse({}),
  initialState: emptyCooldown,
  evaluate(snapshot, context, state, k) {
    const none = { candidates: [], state };
    const setup = 'iron_condor_between_walls';
    if (!sessionOpen(context) || minutesToClose(context) < 30) return none;
    if (minutesSinceOpen(context) < k.noEntryFirstMinutes) return none;
    if (!gradeAtLeast(snapshot.liquidity.grade, k.minLiquidity)) return none;
    const { total, flip } = snapshot.gex;
    if (!(total > k.minNetGex)) return none;
    if (flip !== null && snapshot.spot < flip) return none;
    const { callWall, putWall } = wallsAroundSpot(snapshot);
    if (callWall === null || putWall === null) return none;
    const gap = (callWall - putWall) / snapshot.spot;
    if (gap < k.minWallGapPct || gap > k.maxWallGapPct) return none;
    if (coolingDown(state, snapshot.symbol, setup, context.now, k.cooldownMs)) return none;

    const wing = k.wingWidthPct * snapshot.spot;
    for (const expiry of expiriesWithin(snapshot, context.session.date, k.minDte, k.maxDte)) {
      const calls = verticalAtWall(snapshot, expiry, 'call', callWall, wing);
      const puts = verticalAtWall(snapshot, expiry, 'put', putWall, wing);
      if (!calls || !puts) continue;
      const credit = calls.short.bid - calls.long.ask + puts.short.bid - puts.long.ask;
      if (credit < k.minCredit) continue;
      const candidate = buildCandidate(snapshot, context, {
        strategy: 'gex_iron_condor',
        setup,
        direction: 'neutral',
        legs: [
          { contract: puts.long, side: 'buy' },
          { contract: puts.short, side: 'sell' },
          { contract: calls.short, side: 'sell' },
          { contract: calls.long, side: 'buy' },
        ],
        stopPct: k.stopPct,
        targetPct: k.targetPct,
        maxContracts: k.maxContracts,
        riskPerTradePct: k.riskPerTradePct,
        // A condor's target (half the credit) is nearer than its stop (twice the credit): its hit
        // rate is higher than a directional trade's, which is what Kelly sizes it by.
        confidence:
          0.5 +
          0.2 * clamp(total / 2e9, 0, 1) +
          0.2 * clamp((gap - k.minWallGapPct) / (k.maxWallGapPct - k.minWallGapPct || 1), 0, 1) +
          (snapshot.regime.label === 'calm' || snapshot.regime.label === 'mean_reverting'
            ? 0.1 * snapshot.regime.confidence
            : 0),
        triggeredBy: [
          `positive gamma: net GEX ${money(total)}${flip !== null ? `, price above the flip ${flip.toFixed(2)}` : ''}`,
          `put wall ${putWall} and call wall ${callWall} are ${pct(gap)} apart (${pct(k.minWallGapPct, 0)}–${pct(k.maxWallGapPct, 0)})`,
          `credit ${credit.toFixed(2)} (≥ ${k.minCredit.toFixed(2)})`,
        ],
        riskFactors: [
          'short both tails: a break through either wall loses up to the wing width less the credit',
          ...(snapshot.regime.label === 'trending' || snapshot.regime.label === 'volatile'
            ? [`regime is ${snapshot.regime.label}`]
            : []),
        ],
        invalidation: `${snapshot.symbol} closes outside ${putWall}–${callWall}, or net GEX turns negative`,
        timeStopAt: calls.short.expiresAt - k.exitHoursBeforeExpiry * 60 * 60_000,
        inputs: {
          netGex: total,
          gammaFlip: flip,
          callWall,
          putWall,
          wallGapPct: gap,
          credit,
          expiry,
        },
        counterfactuals: [
          `would not have fired with net GEX at or below ${money(k.minNetGex)}`,
          `would not have fired with the walls under ${pct(k.minWallGapPct, 0)} or over ${pct(k.maxWallGapPct, 0)} apart`,
          'would not have fired with price below the gamma flip',
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
