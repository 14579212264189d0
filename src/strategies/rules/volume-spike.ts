/**
 * Volume spike: options volume at least 5× its average, at least 3 block trades, and net premium
 * of at least $1M in one direction — someone large is positioning. Follows the premium: calls when
 * net premium is bought on the call side (positive), puts when negative.
 */
import { z } from 'zod';
import { clamp, money } from '../shared/candidate-builder.js';
import { gradeAtLeast } from '../shared/contract-selection.js';
import {
  coolingDown,
  emptyCooldown,
  minutesToClose,
  sessionAfter,
  sessionOpen,
  type CooldownState,
} from '../shared/guards.js';
import { singleLegKnobs } from '../shared/knobs.js';
import { buySingleLeg } from '../shared/single-leg.js';
import { optionsVolumeMultiple } from '../shared/momentum.js';
import type { StrategyDefinition } from '../strategy.js';

export const volumeSpikeKnobs = z
  .object({
    /** "pace": against the average's share due by now; "day": against the whole-day average. */
    volumeBasis: z.enum(['pace', 'day']).default('pace'),
    /** Pace never assumes less than this fraction of a day has traded (early-morning noise). */
    minPaceFraction: z.number().positive().max(1).default(0.1),
    minVolumeMultiple: z.number().positive().default(5),
    minBlockTrades: z.number().int().min(0).default(3),
    /** |net premium| at least, dollars. */
    minNetPremium: z.number().min(0).default(1_000_000),
    ...singleLegKnobs({
      minLiquidity: 'C',
      minDte: 7,
      maxDte: 30,
      targetDelta: 0.45,
      maxSpreadPct: 0.1,
      stopPct: 0.35,
      targetPct: 0.7,
      holdTradingDays: 3,
      riskPerTradePct: 0.01,
      maxContracts: 10,
      cooldownMs: 2 * 60 * 60_000,
    }),
  })
  .strict();

export type VolumeSpikeKnobs = z.infer<typeof volumeSpikeKnobs>;

export const volumeSpike: StrategyDefinition<VolumeSpikeKnobs, CooldownState> = {
  name: 'volume_spike',
  summary:
    'Options volume ≥ 5× average with ≥ 3 block trades and ≥ $1M net premium: follow the premium.',
  knobsSchema: volumeSpikeKnobs,
  defaults: volumeSpikeKnobs.parse({}),
  initialState: emptyCooldown,
  evaluate(snapshot, context, state, k) {
    const none = { candidates: [], state };
    if (!sessionOpen(context) || minutesToClose(context) < 15) return none;
    if (!gradeAtLeast(snapshot.liquidity.grade, k.minLiquidity)) return none;
    const flow = snapshot.flow;
    const vol = optionsVolumeMultiple(snapshot, context, k.volumeBasis, k.minPaceFraction);
    if (flow === null || vol === null || vol.multiple < k.minVolumeMultiple) return none;
    const { multiple, average: avg } = vol;
    if (flow.blockTrades < k.minBlockTrades) return none;
    if (Math.abs(flow.netPremium) < k.minNetPremium || flow.netPremium === 0) return none;
    const bullish = flow.netPremium > 0;
    const setup = bullish ? 'premium_follow_calls' : 'premium_follow_puts';
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
        targetDelta: k.targetDelta,
        maxSpreadPct: k.maxSpreadPct,
      },
      spec: () => ({
        strategy: 'volume_spike',
        setup,
        direction: bullish ? 'bullish' : 'bearish',
        stopPct: k.stopPct,
        targetPct: k.targetPct,
        maxContracts: k.maxContracts,
        riskPerTradePct: k.riskPerTradePct,
        confidence:
          0.3 +
          0.2 * clamp(multiple / (2 * k.minVolumeMultiple), 0, 1) +
          0.2 * clamp(flow.blockTrades / (3 * Math.max(k.minBlockTrades, 1)), 0, 1) +
          0.2 * clamp(Math.abs(flow.netPremium) / (5 * Math.max(k.minNetPremium, 1)), 0, 1),
        triggeredBy: [
          `options volume ${multiple.toFixed(1)}× the average${k.volumeBasis === 'pace' ? ' at this time of day' : ''} (≥ ${k.minVolumeMultiple}×)`,
          `${flow.blockTrades} block trades (≥ ${k.minBlockTrades})`,
          `net premium ${money(flow.netPremium)} (|net| ≥ ${money(k.minNetPremium)})`,
        ],
        riskFactors: [
          'flow can be hedging, not direction',
          ...(snapshot.vpin?.confident && snapshot.vpin.value > 0.7
            ? ['VPIN high: toxic flow']
            : []),
        ],
        invalidation: `net premium flips ${bullish ? 'negative' : 'positive'} or ${snapshot.symbol} moves ${bullish ? 'below' : 'above'} ${snapshot.spot.toFixed(2)} by 1%`,
        timeStopAt: sessionAfter(context.session.date, k.holdTradingDays).closeAt - 15 * 60_000,
        inputs: {
          optionsVolume: flow.optionsVolume,
          avgOptionsVolume30d: avg,
          volumeMultiple: multiple,
          blockTrades: flow.blockTrades,
          netPremium: flow.netPremium,
        },
        counterfactuals: [
          `would not have fired with options volume under ${k.minVolumeMultiple}× average`,
          `would not have fired with fewer than ${k.minBlockTrades} block trades`,
          `would not have fired with |net premium| under ${money(k.minNetPremium)}`,
        ],
      }),
    });
  },
};
