/**
 * Market-on-close imbalance: between 15:30 and 15:50 ET, a predicted closing-auction imbalance
 * above the threshold (buy imbalance → calls, sell → puts) in a liquid name. Time stop 15:55 (the
 * imbalance may decay); premium notional ≤ 4% of equity. On half days the windows move with the
 * 13:00 close (30/10/5 minutes before it).
 *
 * The prediction comes from the online imbalance model in the strategy's state: each indicative
 * print from 15:00 is kept as a sample, and the first print at or after the final-imbalance time
 * (15:50) labels that day's samples and trains the model. Until it has learned `minTrainingSamples`
 * samples the strategy uses the latest indicative imbalance as is, and says so in riskFactors.
 */
import { z } from 'zod';
import { CONTRACT_MULTIPLIER } from '../../vocabulary/units.js';
import { clamp, pct } from '../shared/candidate-builder.js';
import { gradeAtLeast } from '../shared/contract-selection.js';
import { coolingDown, sessionOpen, type CooldownState } from '../shared/guards.js';
import { singleLegKnobs } from '../shared/knobs.js';
import { buySingleLeg } from '../shared/single-leg.js';
import type { RlsState } from '../moc/online-regression.js';
import {
  createImbalanceModel,
  imbalanceFeatures,
  imbalanceRatio,
  learnImbalance,
  predictImbalance,
} from '../moc/imbalance-predictor.js';
import type { StrategyDefinition } from '../strategy.js';
import type { ClosingAuctionPrint } from '../strategy-context.js';

export const mocImbalanceKnobs = z
  .object({
    /** |predicted final imbalance / paired shares| at least. */
    minPredictedImbalance: z.number().positive().default(0.25),
    /** Entry window, minutes before the close: [from, to] = 15:30–15:50 on a full day. */
    entryFromMinutesBeforeClose: z.number().positive().default(30),
    entryToMinutesBeforeClose: z.number().min(0).default(10),
    /** The exchange's final imbalance print (the label), minutes before the close: 15:50. */
    finalPrintMinutesBeforeClose: z.number().min(0).default(10),
    /** Samples are collected from this many minutes before the close: 15:00. */
    sampleFromMinutesBeforeClose: z.number().positive().default(60),
    sampleEveryMs: z.number().int().min(0).default(60_000),
    timeStopMinutesBeforeClose: z.number().min(0).default(5),
    minTrainingSamples: z.number().int().min(0).default(20),
    forgetting: z.number().gt(0).max(1).default(0.995),
    ...singleLegKnobs({
      minLiquidity: 'B',
      targetDelta: 0.5,
      maxSpreadPct: 0.1,
      maxDte: 2,
      stopPct: 0.3,
      targetPct: 0.4,
      riskPerTradePct: 0.01,
      maxContracts: 20,
      cooldownMs: 60 * 60_000,
    }),
    /** Premium notional (ask × 100 × contracts) ≤ this fraction of equity. */
    maxNotionalPct: z.number().positive().max(1).default(0.04),
  })
  .strict();

export type MocImbalanceKnobs = z.infer<typeof mocImbalanceKnobs>;

export interface MocImbalanceState extends CooldownState {
  model: RlsState;
  /** Symbol → today's unlabelled samples. */
  pending: Record<string, { date: string; lastAt: number; samples: number[][] }>;
}

function latestPrint(prints: readonly ClosingAuctionPrint[] | undefined, now: number) {
  let last: ClosingAuctionPrint | null = null;
  for (const p of prints ?? []) if (p.at <= now && (!last || p.at >= last.at)) last = p;
  return last;
}

function intradayTrend(spot: number, closes: readonly number[]): number {
  const prev = closes[closes.length - 1];
  return prev !== undefined && prev > 0 ? spot / prev - 1 : 0;
}

export const mocImbalance: StrategyDefinition<MocImbalanceKnobs, MocImbalanceState> = {
  name: 'moc_imbalance',
  summary:
    'Predicted closing-auction imbalance above threshold between 15:30 and 15:50: ride it into the close, out by 15:55.',
  knobsSchema: mocImbalanceKnobs,
  defaults: mocImbalanceKnobs.parse({}),
  initialState: () => ({
    lastFiredAt: {},
    model: createImbalanceModel(mocImbalanceKnobs.parse({}).forgetting),
    pending: {},
  }),
  evaluate(snapshot, context, state, k) {
    const { symbol } = snapshot;
    const { closeAt, date } = context.session;
    const print = latestPrint(context.closingAuction, context.now);
    const finalAt = closeAt - k.finalPrintMinutesBeforeClose * 60_000;
    let next = state;

    // 1. Learning: drop a stale day's samples; label today's with the final print.
    let pending: MocImbalanceState['pending'][string] | undefined = state.pending[symbol];
    if (pending && pending.date !== date) pending = undefined;
    if (pending && print && print.at >= finalAt && print.at <= closeAt && pending.date === date) {
      let model = next.model;
      const y = imbalanceRatio(print);
      for (const x of pending.samples) model = learnImbalance(model, x, y);
      next = { ...next, model };
      pending = undefined;
    }

    // 2. Sampling: indicative prints between 15:00 and the final print.
    let features: number[] | null = null;
    if (
      print &&
      print.at >= closeAt - k.sampleFromMinutesBeforeClose * 60_000 &&
      print.at < finalAt
    ) {
      features = imbalanceFeatures({
        print,
        bookImbalance: snapshot.orderBookImbalance,
        intradayTrend: intradayTrend(snapshot.spot, context.history.dailyCloses),
        minutesToFinal: (finalAt - print.at) / 60_000,
      });
      const due = !pending || context.now - pending.lastAt >= k.sampleEveryMs;
      if (due) {
        pending = {
          date,
          lastAt: context.now,
          samples: [...(pending?.samples ?? []), features],
        };
      }
    }
    const pendingMap = { ...next.pending };
    if (pending) pendingMap[symbol] = pending;
    else delete pendingMap[symbol];
    next = { ...next, pending: pendingMap };
    const none = { candidates: [], state: next };

    // 3. Entry.
    if (!sessionOpen(context) || !print || !features) return none;
    const minutesLeft = (closeAt - context.now) / 60_000;
    if (minutesLeft > k.entryFromMinutesBeforeClose || minutesLeft < k.entryToMinutesBeforeClose)
      return none;
    if (!gradeAtLeast(snapshot.liquidity.grade, k.minLiquidity)) return none;
    const trained = next.model.n >= k.minTrainingSamples;
    const observed = imbalanceRatio(print);
    const predicted = trained ? predictImbalance(next.model, features) : observed;
    if (!Number.isFinite(predicted) || Math.abs(predicted) < k.minPredictedImbalance) return none;
    const bullish = predicted > 0;
    const setup = bullish ? 'moc_buy_imbalance_calls' : 'moc_sell_imbalance_puts';
    if (coolingDown(state, symbol, setup, context.now, k.cooldownMs)) return none;
    return buySingleLeg({
      snapshot,
      context,
      state: next,
      contract: {
        right: bullish ? 'call' : 'put',
        today: date,
        minDte: 0,
        maxDte: k.maxDte,
        notExpiredAt: context.now,
        targetDelta: k.targetDelta,
        maxSpreadPct: k.maxSpreadPct,
      },
      spec: (contract) => {
        const byNotional = Math.floor(
          (k.maxNotionalPct * context.equity) / (contract.ask * CONTRACT_MULTIPLIER),
        );
        if (byNotional < 1) return null;
        return {
          strategy: 'moc_imbalance',
          setup,
          direction: bullish ? 'bullish' : 'bearish',
          stopPct: k.stopPct,
          targetPct: k.targetPct,
          maxContracts: Math.min(k.maxContracts, byNotional),
          riskPerTradePct: k.riskPerTradePct,
          confidence:
            0.3 +
            0.3 * clamp(Math.abs(predicted) / (2 * k.minPredictedImbalance), 0, 1) +
            (trained ? 0.2 : 0) +
            (Math.sign(snapshot.orderBookImbalance ?? 0) === Math.sign(predicted) ? 0.1 : 0),
          triggeredBy: [
            `predicted closing imbalance ${pct(predicted, 0)} of paired shares (|x| ≥ ${pct(k.minPredictedImbalance, 0)})`,
            `indicative imbalance ${print.imbalanceShares.toLocaleString('en-US')} shares vs ${print.pairedShares.toLocaleString('en-US')} paired`,
            `${minutesLeft.toFixed(0)} minutes to the close`,
          ],
          riskFactors: [
            ...(trained
              ? []
              : [
                  `imbalance model untrained (${next.model.n} < ${k.minTrainingSamples} samples): using the indicative print`,
                ]),
            'imbalances can flip at the final print; offsetting orders arrive late',
          ],
          invalidation: `the imbalance decays below ${pct(k.minPredictedImbalance / 2, 0)} of paired shares before the time stop`,
          timeStopAt: closeAt - k.timeStopMinutesBeforeClose * 60_000,
          inputs: {
            predictedImbalance: predicted,
            indicativeImbalance: observed,
            imbalanceShares: print.imbalanceShares,
            pairedShares: print.pairedShares,
            bookImbalance: snapshot.orderBookImbalance,
            modelSamples: next.model.n,
            modelTrained: trained,
            notionalCapContracts: byNotional,
          },
          counterfactuals: [
            `would not have fired with a predicted imbalance under ${pct(k.minPredictedImbalance, 0)}`,
            `would not have fired outside ${k.entryFromMinutesBeforeClose}–${k.entryToMinutesBeforeClose} minutes before the close`,
          ],
        };
      },
    });
  },
};
