/**
 * Momentum breakout: the underlying moved 3% in 15 minutes, options volume is at least 3× its
 * 30-day average, and MACD crossed its signal line in the move's direction recently. Buys a
 * near-the-money option one to four weeks out.
 *
 * A "cross" needs two observations: the strategy keeps the last MACD-histogram sign per symbol and
 * the time it last changed. The first snapshot of a symbol therefore never counts as a cross.
 */
import { z } from 'zod';
import { clamp, pct } from '../shared/candidate-builder.js';
import { gradeAtLeast } from '../shared/contract-selection.js';
import {
  coolingDown,
  minutesToClose,
  sessionAfter,
  sessionOpen,
  type CooldownState,
} from '../shared/guards.js';
import { singleLegKnobs } from '../shared/knobs.js';
import { buySingleLeg } from '../shared/single-leg.js';
import { optionsVolumeMultiple, returnOver } from '../shared/momentum.js';
import type { StrategyDefinition } from '../strategy.js';

export const momentumBreakoutKnobs = z
  .object({
    minReturn15m: z.number().positive().default(0.03),
    /** "pace": against the average's share due by now; "day": against the whole-day average. */
    volumeBasis: z.enum(['pace', 'day']).default('pace'),
    /** Pace never assumes less than this fraction of a day has traded (early-morning noise). */
    minPaceFraction: z.number().positive().max(1).default(0.1),
    minVolumeMultiple: z.number().positive().default(3),
    /** A MACD/signal cross in the move's direction must have happened within this window. */
    macdCrossWithinMs: z
      .number()
      .int()
      .positive()
      .default(15 * 60_000),
    ...singleLegKnobs({
      minLiquidity: 'C',
      minDte: 7,
      maxDte: 30,
      targetDelta: 0.5,
      maxSpreadPct: 0.1,
      stopPct: 0.35,
      targetPct: 0.7,
      holdTradingDays: 3,
      riskPerTradePct: 0.01,
      maxContracts: 10,
      cooldownMs: 60 * 60_000,
    }),
  })
  .strict();

export type MomentumBreakoutKnobs = z.infer<typeof momentumBreakoutKnobs>;

export interface MacdTrack {
  positive: boolean;
  /** When the histogram last changed sign, ms; null until a change is seen. */
  crossedAt: number | null;
}

export interface MomentumBreakoutState extends CooldownState {
  macd: Record<string, MacdTrack>;
}

export const momentumBreakout: StrategyDefinition<MomentumBreakoutKnobs, MomentumBreakoutState> = {
  name: 'momentum_breakout',
  summary:
    'A 3% move in 15 minutes on options volume ≥ 3× the 30-day average with a fresh MACD cross.',
  knobsSchema: momentumBreakoutKnobs,
  defaults: momentumBreakoutKnobs.parse({}),
  initialState: () => ({ lastFiredAt: {}, macd: {} }),
  evaluate(snapshot, context, state, k) {
    const macd = snapshot.indicators.macd;
    let next = state;
    if (macd !== null && macd.histogram !== 0) {
      const positive = macd.histogram > 0;
      const prev = state.macd[snapshot.symbol];
      const track: MacdTrack = {
        positive,
        crossedAt: prev && prev.positive !== positive ? context.now : (prev?.crossedAt ?? null),
      };
      next = { ...state, macd: { ...state.macd, [snapshot.symbol]: track } };
    }
    const none = { candidates: [], state: next };
    if (!sessionOpen(context) || minutesToClose(context) < 15) return none;
    if (!gradeAtLeast(snapshot.liquidity.grade, k.minLiquidity)) return none;
    const r15 = returnOver(snapshot, context, 15);
    if (r15 === null || Math.abs(r15) < k.minReturn15m) return none;
    const bullish = r15 > 0;
    const vol = optionsVolumeMultiple(snapshot, context, k.volumeBasis, k.minPaceFraction);
    if (vol === null || vol.multiple < k.minVolumeMultiple) return none;
    const { multiple, volume, average: avg } = vol;
    const track = next.macd[snapshot.symbol];
    if (!track || track.positive !== bullish || track.crossedAt === null) return none;
    if (context.now - track.crossedAt > k.macdCrossWithinMs) return none;
    const setup = bullish ? 'breakout_calls' : 'breakdown_puts';
    if (coolingDown(state, snapshot.symbol, setup, context.now, k.cooldownMs)) return none;

    const crossAgoMin = (context.now - track.crossedAt) / 60_000;
    return buySingleLeg({
      snapshot,
      context,
      state: next,
      contract: {
        right: bullish ? 'call' : 'put',
        today: context.session.date,
        minDte: k.minDte,
        maxDte: k.maxDte,
        targetDelta: k.targetDelta,
        maxSpreadPct: k.maxSpreadPct,
      },
      spec: () => {
        return {
          strategy: 'momentum_breakout',
          setup,
          direction: bullish ? 'bullish' : 'bearish',
          stopPct: k.stopPct,
          targetPct: k.targetPct,
          maxContracts: k.maxContracts,
          riskPerTradePct: k.riskPerTradePct,
          confidence:
            0.35 +
            0.2 * clamp(Math.abs(r15) / (2 * k.minReturn15m), 0, 1) +
            0.2 * clamp(multiple / (2 * k.minVolumeMultiple), 0, 1) +
            (snapshot.regime.label === 'trending' ? 0.15 * snapshot.regime.confidence : 0),
          triggeredBy: [
            `15-minute move ${pct(r15)} (|move| ≥ ${pct(k.minReturn15m, 0)})`,
            `options volume ${multiple.toFixed(1)}× the 30-day average${k.volumeBasis === 'pace' ? ' at this time of day' : ''} (≥ ${k.minVolumeMultiple}×)`,
            `MACD crossed ${bullish ? 'above' : 'below'} its signal ${crossAgoMin.toFixed(0)} minutes ago`,
          ],
          riskFactors: [
            'breakouts fail often; a fast reversal hits the stop',
            ...(snapshot.indicators.rsi14 !== null &&
            (bullish ? snapshot.indicators.rsi14 > 75 : snapshot.indicators.rsi14 < 25)
              ? [`RSI ${snapshot.indicators.rsi14.toFixed(0)}: stretched`]
              : []),
          ],
          invalidation: `${snapshot.symbol} gives back half the move (${(snapshot.spot / (1 + r15 / 2)).toFixed(2)}) or MACD crosses back`,
          timeStopAt: sessionAfter(context.session.date, k.holdTradingDays).closeAt - 15 * 60_000,
          inputs: {
            return15m: r15,
            optionsVolume: volume,
            avgOptionsVolume30d: avg,
            volumeMultiple: multiple,
            macdHistogram: macd?.histogram ?? null,
            macdCrossedAt: track.crossedAt,
          },
          counterfactuals: [
            `would not have fired with a 15-minute move under ${pct(k.minReturn15m, 0)}`,
            `would not have fired with options volume under ${k.minVolumeMultiple}× average`,
            `would not have fired without a MACD cross in the last ${k.macdCrossWithinMs / 60_000} minutes`,
          ],
        };
      },
    });
  },
};
