/**
 * 1DTE overnight: in the last 30 minutes, a trending end-of-day regime plus options priced below
 * the volatility the underlying has been realising → buy the next-day option in the trend's
 * direction, exit in the first 30 minutes of the next session (time stop) or on the trailing stop.
 * One position a symbol; premium tied up across positions ≤ 35% of equity.
 */
import { z } from 'zod';
import { CONTRACT_MULTIPLIER } from '../../vocabulary/units.js';
import { clamp, pct } from '../shared/candidate-builder.js';
import { gradeAtLeast } from '../shared/contract-selection.js';
import {
  capitalUsed,
  coolingDown,
  emptyCooldown,
  followingSession,
  hasPosition,
  minutesToClose,
  sessionOpen,
  type CooldownState,
} from '../shared/guards.js';
import { singleLegKnobs } from '../shared/knobs.js';
import { buySingleLeg } from '../shared/single-leg.js';
import { intradayRealisedVol } from '../shared/momentum.js';
import type { StrategyDefinition } from '../strategy.js';

export const overnight1dteKnobs = z
  .object({
    /** Entries only in the last N minutes of the session. */
    entryWindowMinutes: z.number().positive().default(30),
    /** …but not in the very last minutes (auction noise). */
    noEntryLastMinutes: z.number().min(0).default(2),
    regimes: z
      .array(z.enum(['trending', 'mean_reverting', 'volatile', 'calm']))
      .min(1)
      .default(['trending']),
    minRegimeConfidence: z.number().min(0).max(1).default(0.6),
    /** |spot − VWAP| / spot at least: the day's direction. */
    minTrendFromVwapPct: z.number().min(0).default(0.002),
    /** Implied minus realised vol must be ≤ −this (options cheap against realised). */
    minIvRvGap: z.number().min(0).default(0.02),
    ...singleLegKnobs({
      minLiquidity: 'B',
      targetDelta: 0.4,
      maxSpreadPct: 0.1,
      stopPct: 0.4,
      targetPct: 0.6,
      riskPerTradePct: 0.01,
      maxContracts: 10,
      cooldownMs: 60 * 60_000,
    }),
    /** Premium tied up across open positions plus this one, as a fraction of equity. */
    maxMarginUsePct: z.number().positive().max(1).default(0.35),
    exitMinutesAfterOpen: z.number().positive().default(30),
  })
  .strict();

export type Overnight1dteKnobs = z.infer<typeof overnight1dteKnobs>;

export const overnight1dte: StrategyDefinition<Overnight1dteKnobs, CooldownState> = {
  name: 'overnight_1dte',
  summary:
    'Next-day options bought in the last 30 minutes on a trending close when implied vol is below realised; out in the first 30 minutes.',
  knobsSchema: overnight1dteKnobs,
  defaults: overnight1dteKnobs.parse({}),
  initialState: emptyCooldown,
  evaluate(snapshot, context, state, k) {
    const none = { candidates: [], state };
    if (!sessionOpen(context)) return none;
    const left = minutesToClose(context);
    if (left > k.entryWindowMinutes || left < k.noEntryLastMinutes) return none;
    if (!gradeAtLeast(snapshot.liquidity.grade, k.minLiquidity)) return none;
    if (hasPosition(context, 'overnight_1dte', snapshot.symbol)) return none;
    const { regime } = snapshot;
    if (!k.regimes.includes(regime.label) || regime.confidence < k.minRegimeConfidence) return none;
    const vwap = snapshot.indicators.vwap;
    if (vwap === null || !(vwap > 0)) return none;
    const fromVwap = (snapshot.spot - vwap) / vwap;
    if (Math.abs(fromVwap) < k.minTrendFromVwapPct) return none;
    const bullish = fromVwap > 0;
    const r15 = snapshot.momentum.return15m;
    if (r15 !== null && (bullish ? r15 < 0 : r15 > 0)) return none;
    // Analytics' forecast first; without one yet, ATM IV against today's 1-minute realised vol.
    let gap = snapshot.volForecast?.impliedMinusRealised ?? null;
    let gapSource = 'analytics';
    if (gap === null && snapshot.atmIv !== null) {
      const rv = intradayRealisedVol(context);
      if (rv !== null) {
        gap = snapshot.atmIv - rv;
        gapSource = 'atm IV vs 1-minute realised';
      }
    }
    if (gap === null || gap > -k.minIvRvGap) return none;
    const setup = bullish ? 'overnight_calls' : 'overnight_puts';
    if (coolingDown(state, snapshot.symbol, setup, context.now, k.cooldownMs)) return none;

    const next = followingSession(context);
    return buySingleLeg({
      snapshot,
      context,
      state,
      contract: {
        right: bullish ? 'call' : 'put',
        today: context.session.date,
        minDte: 0,
        maxDte: 10,
        expiry: next.date,
        targetDelta: k.targetDelta,
        maxSpreadPct: k.maxSpreadPct,
      },
      spec: (contract) => {
        const marginLeft = k.maxMarginUsePct * context.equity - capitalUsed(context);
        const byMargin = Math.floor(marginLeft / (contract.ask * CONTRACT_MULTIPLIER));
        if (byMargin < 1) return null;

        return {
          strategy: 'overnight_1dte',
          setup,
          direction: bullish ? 'bullish' : 'bearish',
          stopPct: k.stopPct,
          targetPct: k.targetPct,
          maxContracts: Math.min(k.maxContracts, byMargin),
          riskPerTradePct: k.riskPerTradePct,
          confidence:
            0.3 +
            0.3 *
              clamp(
                (regime.confidence - k.minRegimeConfidence) / (1 - k.minRegimeConfidence || 1),
                0,
                1,
              ) +
            0.2 * clamp(-gap / (3 * Math.max(k.minIvRvGap, 1e-6)), 0, 1) +
            0.15 * clamp(Math.abs(fromVwap) / (5 * Math.max(k.minTrendFromVwapPct, 1e-6)), 0, 1),
          triggeredBy: [
            `${regime.label} regime into the close (confidence ${regime.confidence.toFixed(2)} ≥ ${k.minRegimeConfidence})`,
            `price ${pct(fromVwap)} from VWAP ${vwap.toFixed(2)}`,
            `implied vol ${pct(-gap, 1)} below realised (≥ ${pct(k.minIvRvGap, 1)})`,
            `${left.toFixed(0)} minutes to the close`,
          ],
          riskFactors: [
            'overnight gap risk: the open can start beyond the stop',
            ...(context.nextSession?.halfDay || next.halfDay ? ['next session is a half day'] : []),
          ],
          invalidation: `${snapshot.symbol} closes back ${bullish ? 'below' : 'above'} VWAP ${vwap.toFixed(2)}`,
          timeStopAt: next.openAt + k.exitMinutesAfterOpen * 60_000,
          inputs: {
            regime: regime.label,
            regimeConfidence: regime.confidence,
            vwap,
            fromVwapPct: fromVwap,
            impliedMinusRealised: gap,
            ivRvGapSource: gapSource,
            minutesToClose: left,
            marginCapContracts: byMargin,
          },
          counterfactuals: [
            `would not have fired if implied vol were within ${pct(k.minIvRvGap, 1)} of realised`,
            `would not have fired if regime confidence were below ${k.minRegimeConfidence}`,
            `would not have fired more than ${k.entryWindowMinutes} minutes before the close`,
          ],
        };
      },
    });
  },
};
