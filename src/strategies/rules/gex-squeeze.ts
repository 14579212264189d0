/**
 * GEX squeeze play: dealers short gamma (net GEX below −$500M) and price below the gamma flip, so
 * dealer hedging chases moves. Buys short-dated calls when the last 15 minutes pushed up (a squeeze
 * toward the flip) or puts when they pushed down (acceleration away from it).
 */
import { z } from 'zod';
import { clamp, money, pct } from '../shared/candidate-builder.js';
import { gradeAtLeast } from '../shared/contract-selection.js';
import {
  coolingDown,
  emptyCooldown,
  minutesToClose,
  sessionOpen,
  type CooldownState,
} from '../shared/guards.js';
import { singleLegKnobs } from '../shared/knobs.js';
import { buySingleLeg } from '../shared/single-leg.js';
import type { StrategyDefinition } from '../strategy.js';

export const gexSqueezeKnobs = z
  .object({
    /** Net GEX must be below this (dollars per 1% move). */
    maxNetGex: z.number().default(-5e8),
    /** |15-minute return| at least; its sign picks calls or puts. */
    minMomentum15m: z.number().min(0).default(0.002),
    ...singleLegKnobs({
      minLiquidity: 'B',
      minDte: 1,
      maxDte: 7,
      targetDelta: 0.4,
      maxSpreadPct: 0.1,
      stopPct: 0.4,
      targetPct: 1,
      riskPerTradePct: 0.015,
      maxContracts: 10,
      cooldownMs: 30 * 60_000,
    }),
    lastEntryMinutesBeforeClose: z.number().min(0).default(20),
    exitMinutesBeforeClose: z.number().min(0).default(10),
  })
  .strict();

export type GexSqueezeKnobs = z.infer<typeof gexSqueezeKnobs>;

export const gexSqueeze: StrategyDefinition<GexSqueezeKnobs, CooldownState> = {
  name: 'gex_squeeze',
  summary:
    'Negative dealer gamma below the flip: long calls on an up-thrust (squeeze), long puts on a down-thrust.',
  knobsSchema: gexSqueezeKnobs,
  defaults: gexSqueezeKnobs.parse({}),
  initialState: emptyCooldown,
  evaluate(snapshot, context, state, k) {
    const none = { candidates: [], state };
    if (!sessionOpen(context) || minutesToClose(context) < k.lastEntryMinutesBeforeClose)
      return none;
    if (!gradeAtLeast(snapshot.liquidity.grade, k.minLiquidity)) return none;
    const { total, flip } = snapshot.gex;
    if (!(total < k.maxNetGex)) return none;
    if (flip === null || !(snapshot.spot < flip)) return none;
    const r15 = snapshot.momentum.return15m;
    if (r15 === null || Math.abs(r15) < k.minMomentum15m || r15 === 0) return none;
    const bullish = r15 > 0;
    const setup = bullish ? 'squeeze_long_calls' : 'squeeze_long_puts';
    if (coolingDown(state, snapshot.symbol, setup, context.now, k.cooldownMs)) return none;
    return buySingleLeg({
      snapshot,
      context,
      state,
      contract: {
        right: bullish ? 'call' : 'put',
        today: context.session.date,
        minDte: k.minDte,
        maxDte: k.maxDte,
        notExpiredAt: context.now,
        targetDelta: k.targetDelta,
        maxSpreadPct: k.maxSpreadPct,
      },
      spec: () => {
        const belowFlip = (flip - snapshot.spot) / snapshot.spot;
        return {
          strategy: 'gex_squeeze',
          setup,
          direction: bullish ? 'bullish' : 'bearish',
          stopPct: k.stopPct,
          targetPct: k.targetPct,
          maxContracts: k.maxContracts,
          riskPerTradePct: k.riskPerTradePct,
          confidence:
            0.35 +
            0.3 * clamp(total / (4 * k.maxNetGex), 0, 1) +
            0.25 * clamp(Math.abs(r15) / (3 * Math.max(k.minMomentum15m, 1e-6)), 0, 1),
          triggeredBy: [
            `net GEX ${money(total)} (< ${money(k.maxNetGex)}): dealers short gamma`,
            `price ${pct(belowFlip)} below the gamma flip ${flip.toFixed(2)}`,
            `15-minute move ${pct(r15)} (|move| ≥ ${pct(k.minMomentum15m)})`,
          ],
          riskFactors: [
            'negative gamma: fast two-way moves, wide intraday ranges',
            ...(bullish ? ['buying into a down-trending gamma regime'] : []),
          ],
          invalidation: bullish
            ? `${snapshot.symbol} falls back below ${(snapshot.spot * (1 - k.minMomentum15m)).toFixed(2)} or net GEX turns above ${money(k.maxNetGex)}`
            : `${snapshot.symbol} reclaims the gamma flip ${flip.toFixed(2)} or net GEX turns above ${money(k.maxNetGex)}`,
          // A squeeze is a same-day dealer-hedging move: do not carry it overnight.
          timeStopAt: context.session.closeAt - k.exitMinutesBeforeClose * 60_000,
          inputs: { netGex: total, gammaFlip: flip, belowFlipPct: belowFlip, return15m: r15 },
          counterfactuals: [
            `would not have fired with net GEX above ${money(k.maxNetGex)}`,
            `would not have fired with price at or above the flip ${flip.toFixed(2)}`,
            `would not have fired with a 15-minute move under ${pct(k.minMomentum15m)}`,
          ],
        };
      },
    });
  },
};
