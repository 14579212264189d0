/**
 * Swing: a multi-day trend (price above a rising 20-day average, or below a falling one) with the
 * intraday regime agreeing. Builds the position in a 25/50/25 ladder over the next two sessions
 * (tranche k on trading day offset k), exits at the premium target or after 7 trading days (5–10
 * allowed). At most 3 symbols at a time, liquidity grade B or better, portfolio heat ≤ 20%.
 *
 * The ladder lives in the strategy's state: tranches 2 and 3 are proposed only while the setup
 * still holds, on the same contract; a broken setup or a vanished contract cancels the rest.
 */
import { z } from 'zod';
import type { AnalyticsSnapshot } from '../../analytics/analytics-snapshot.js';
import type { Direction } from '../../vocabulary/trading.js';
import {
  buildCandidate,
  clamp,
  contractsForRisk,
  pct,
  premiumLevels,
  roundCents,
} from '../shared/candidate-builder.js';
import { gradeAtLeast } from '../shared/contract-selection.js';
import {
  hasPosition,
  heatDollars,
  minutesSinceOpen,
  minutesToClose,
  sessionAfter,
  sessionOpen,
  symbolsHeld,
  tradingDaysAfter,
  type CooldownState,
} from '../shared/guards.js';
import { singleLegKnobs } from '../shared/knobs.js';
import { buySingleLeg } from '../shared/single-leg.js';
import type { StrategyDefinition } from '../strategy.js';
import type { StrategyContext } from '../strategy-context.js';

export const swingKnobs = z
  .object({
    smaDays: z.number().int().min(2).default(20),
    /** Price beyond the daily SMA by at least this fraction. */
    minDistanceFromSmaPct: z.number().min(0).default(0.01),
    /** SMA change over `slopeDays` at least this fraction (rising/falling average). */
    minSmaSlopePct: z.number().min(0).default(0.005),
    slopeDays: z.number().int().min(1).default(5),
    regimes: z
      .array(z.enum(['trending', 'mean_reverting', 'volatile', 'calm']))
      .min(1)
      .default(['trending', 'calm']),
    minRegimeConfidence: z.number().min(0).max(1).default(0.5),
    // riskPerTradePct: the risk of the whole position (all tranches) at its stop.
    ...singleLegKnobs({
      minLiquidity: 'B',
      minDte: 30,
      maxDte: 60,
      targetDelta: 0.5,
      maxSpreadPct: 0.1,
      stopPct: 0.35,
      targetPct: 0.7,
      riskPerTradePct: 0.02,
      maxContracts: 10,
    }),
    maxSymbols: z.number().int().min(1).default(3),
    /** Σ risk-to-stop of open positions plus this one ≤ this fraction of equity. */
    maxHeatPct: z.number().positive().max(1).default(0.2),
    ladderWeights: z
      .array(z.number().positive())
      .min(1)
      .default([0.25, 0.5, 0.25])
      .refine((w) => Math.abs(w.reduce((a, b) => a + b, 0) - 1) < 1e-9, 'weights must sum to 1'),
    /** Trading-day offset of each tranche from the first (same length as the weights). */
    ladderDayOffsets: z.array(z.number().int().min(0).max(5)).min(1).default([0, 1, 2]),
    /** Time exit: at the close this many trading days after the first tranche. */
    timeExitTradingDays: z.number().int().min(5).max(10).default(7),
  })
  .strict()
  .refine((k) => k.ladderDayOffsets.length === k.ladderWeights.length, {
    message: 'ladderDayOffsets and ladderWeights must have the same length',
  });

export type SwingKnobs = z.infer<typeof swingKnobs>;

export interface SwingLadder {
  direction: Direction;
  occSymbol: string;
  startDate: string;
  /** Tranches already proposed. */
  sent: number;
  /** Contracts of the whole position. */
  totalContracts: number;
  timeStopAt: number;
}

export interface SwingState extends CooldownState {
  ladders: Record<string, SwingLadder>;
}

function sma(values: readonly number[], days: number, endOffset = 0): number | null {
  const end = values.length - endOffset;
  if (end < days) return null;
  let s = 0;
  for (let i = end - days; i < end; i++) s += values[i];
  return s / days;
}

/** The daily trend: +1 up, −1 down, 0 none, with its measurements. */
export function dailyTrend(
  snapshot: AnalyticsSnapshot,
  context: StrategyContext,
  k: SwingKnobs,
): { side: 1 | -1 | 0; sma: number | null; slope: number | null; distance: number | null } {
  const closes = context.history.dailyCloses;
  const now = sma(closes, k.smaDays);
  const before = sma(closes, k.smaDays, k.slopeDays);
  if (now === null || before === null || !(before > 0) || !(now > 0))
    return { side: 0, sma: now, slope: null, distance: null };
  const slope = now / before - 1;
  const distance = snapshot.spot / now - 1;
  const up = distance >= k.minDistanceFromSmaPct && slope >= k.minSmaSlopePct;
  const down = distance <= -k.minDistanceFromSmaPct && slope <= -k.minSmaSlopePct;
  return { side: up ? 1 : down ? -1 : 0, sma: now, slope, distance };
}

/**
 * Contracts of tranche `i` so the tranches add up to `total` exactly: each tranche is the step of
 * the rounded cumulative weight (25/50/25 of 10 → 3, 5, 2), at least 1.
 */
export function trancheSize(weights: readonly number[], i: number, total: number): number {
  let before = 0;
  for (let j = 0; j < i; j++) before += weights[j];
  const size = Math.round((before + weights[i]) * total) - Math.round(before * total);
  return Math.max(1, size);
}

function regimeAligned(snapshot: AnalyticsSnapshot, k: SwingKnobs, side: 1 | -1): boolean {
  const { regime } = snapshot;
  if (!k.regimes.includes(regime.label) || regime.confidence < k.minRegimeConfidence) return false;
  const r15 = snapshot.momentum.return15m;
  return r15 === null || r15 * side >= 0;
}

export const swing: StrategyDefinition<SwingKnobs, SwingState> = {
  name: 'swing',
  summary:
    'Multi-day trend with the regime aligned: 25/50/25 laddered entry over two sessions, 7-day time exit, ≤ 3 symbols, heat ≤ 20%.',
  knobsSchema: swingKnobs,
  defaults: swingKnobs.parse({}),
  initialState: () => ({ lastFiredAt: {}, ladders: {} }),
  evaluate(snapshot, context, state, k) {
    const none = { candidates: [], state };
    const { symbol } = snapshot;
    if (!sessionOpen(context) || minutesSinceOpen(context) < 15 || minutesToClose(context) < 15)
      return none;
    const trend = dailyTrend(snapshot, context, k);
    const ladder = state.ladders[symbol];
    const dropLadder = (): SwingState => {
      const ladders = { ...state.ladders };
      delete ladders[symbol];
      return { ...state, ladders };
    };

    // Later tranches of a running ladder.
    if (ladder) {
      if (ladder.sent >= k.ladderWeights.length) {
        // Ladder complete: forget it once the position is gone (or its time stop passed).
        if (context.now > ladder.timeStopAt || !hasPosition(context, 'swing', symbol))
          return { candidates: [], state: dropLadder() };
        return none;
      }
      const side = ladder.direction === 'bullish' ? 1 : -1;
      const stillValid = trend.side === side && regimeAligned(snapshot, k, side);
      const contract = snapshot.contracts.find((c) => c.occSymbol === ladder.occSymbol) ?? null;
      if (!stillValid || !contract || !(contract.bid > 0))
        return { candidates: [], state: dropLadder() };
      const dueDate = tradingDaysAfter(ladder.startDate, k.ladderDayOffsets[ladder.sent]);
      if (context.session.date < dueDate) return none;
      const weight = k.ladderWeights[ladder.sent];
      const tranche = ladder.sent + 1;
      const heatLeft = Math.max(0, k.maxHeatPct * context.equity - heatDollars(context));
      const candidate = buildCandidate(snapshot, context, {
        strategy: 'swing',
        setup: side === 1 ? 'swing_trend_calls' : 'swing_trend_puts',
        direction: ladder.direction,
        legs: [{ contract, side: 'buy' }],
        stopPct: k.stopPct,
        targetPct: k.targetPct,
        maxContracts: trancheSize(k.ladderWeights, ladder.sent, ladder.totalContracts),
        riskPerTradePct: heatLeft / context.equity,
        confidence: 0.5,
        triggeredBy: [
          `ladder tranche ${tranche} of ${k.ladderWeights.length} (${pct(weight, 0)}) of the ${ladder.startDate} swing`,
          `daily trend still ${side === 1 ? 'up' : 'down'}: ${pct(trend.distance ?? 0)} from the ${k.smaDays}-day average`,
        ],
        riskFactors: ['adding to a position: the average entry moves'],
        invalidation: `${symbol} closes back ${side === 1 ? 'below' : 'above'} its ${k.smaDays}-day average ${(trend.sma ?? 0).toFixed(2)}`,
        timeStopAt: ladder.timeStopAt,
        inputs: { tranche, ladderWeight: weight, sma: trend.sma, smaSlope: trend.slope },
        counterfactuals: ['would not have been added if the daily trend or the regime had broken'],
      });
      const ladders = { ...state.ladders, [symbol]: { ...ladder, sent: ladder.sent + 1 } };
      return { candidates: candidate ? [candidate] : [], state: { ...state, ladders } };
    }

    // A new swing.
    if (trend.side === 0) return none;
    const side = trend.side;
    if (!regimeAligned(snapshot, k, side)) return none;
    if (!gradeAtLeast(snapshot.liquidity.grade, k.minLiquidity)) return none;
    if (hasPosition(context, 'swing', symbol)) return none;
    const busy = symbolsHeld(context, 'swing');
    for (const s of Object.keys(state.ladders)) busy.add(s);
    if (busy.size >= k.maxSymbols) return none;
    // The ladder planned on the chosen contract; kept when its first tranche fires.
    let planned: SwingLadder | null = null;
    return buySingleLeg({
      snapshot,
      context,
      state,
      contract: {
        right: side === 1 ? 'call' : 'put',
        today: context.session.date,
        minDte: k.minDte,
        maxDte: k.maxDte,
        targetDelta: k.targetDelta,
        maxSpreadPct: k.maxSpreadPct,
      },
      spec: (contract) => {
        const entry = roundCents(contract.ask);
        const { stop } = premiumLevels(entry, k.stopPct, k.targetPct);
        const heatLeft = k.maxHeatPct * context.equity - heatDollars(context);
        const byRisk = contractsForRisk(context.equity, k.riskPerTradePct, entry, roundCents(stop));
        const byHeat = contractsForRisk(
          context.equity,
          Math.max(0, heatLeft) / context.equity,
          entry,
          roundCents(stop),
        );
        const total = Math.min(k.maxContracts, byRisk, byHeat);
        if (total < 1) return null;
        const first = trancheSize(k.ladderWeights, 0, total);
        const exit =
          sessionAfter(context.session.date, k.timeExitTradingDays).closeAt - 15 * 60_000;
        const direction: Direction = side === 1 ? 'bullish' : 'bearish';
        planned = {
          direction,
          occSymbol: contract.occSymbol,
          startDate: context.session.date,
          sent: 1,
          totalContracts: total,
          timeStopAt: exit,
        };
        return {
          strategy: 'swing',
          setup: side === 1 ? 'swing_trend_calls' : 'swing_trend_puts',
          direction,
          stopPct: k.stopPct,
          targetPct: k.targetPct,
          maxContracts: first,
          riskPerTradePct: k.riskPerTradePct,
          confidence:
            0.35 +
            0.2 *
              clamp(
                Math.abs(trend.distance ?? 0) / (4 * Math.max(k.minDistanceFromSmaPct, 1e-6)),
                0,
                1,
              ) +
            0.2 * clamp(Math.abs(trend.slope ?? 0) / (4 * Math.max(k.minSmaSlopePct, 1e-6)), 0, 1) +
            0.15 * snapshot.regime.confidence,
          triggeredBy: [
            `price ${pct(trend.distance ?? 0)} from its ${k.smaDays}-day average ${(trend.sma ?? 0).toFixed(2)} (|x| ≥ ${pct(k.minDistanceFromSmaPct)})`,
            `${k.smaDays}-day average ${pct(trend.slope ?? 0)} over ${k.slopeDays} days (|x| ≥ ${pct(k.minSmaSlopePct)})`,
            `${snapshot.regime.label} regime (confidence ${snapshot.regime.confidence.toFixed(2)}) agrees`,
            `ladder tranche 1 of ${k.ladderWeights.length} (${pct(k.ladderWeights[0], 0)} of ${total} contracts)`,
          ],
          riskFactors: [
            'held overnight for days: gaps and earnings can jump past the stop',
            ...(busy.size > 0 ? [`${busy.size} other swing symbol(s) open`] : []),
          ],
          invalidation: `${symbol} closes ${side === 1 ? 'below' : 'above'} its ${k.smaDays}-day average ${(trend.sma ?? 0).toFixed(2)}`,
          timeStopAt: exit,
          inputs: {
            tranche: 1,
            ladderWeight: k.ladderWeights[0],
            plannedContracts: total,
            sma: trend.sma,
            smaSlope: trend.slope,
            distanceFromSma: trend.distance,
            heatLeft,
            swingSymbols: busy.size,
          },
          counterfactuals: [
            `would not have fired within ${pct(k.minDistanceFromSmaPct)} of the ${k.smaDays}-day average`,
            `would not have fired with the average flatter than ${pct(k.minSmaSlopePct)} over ${k.slopeDays} days`,
            `would not have fired with ${k.maxSymbols} swing symbols already open`,
            `would not have fired with portfolio heat at ${pct(k.maxHeatPct, 0)} of equity`,
          ],
        };
      },
      fired: (s) => (planned ? { ...s, ladders: { ...s.ladders, [symbol]: planned } } : s),
    });
  },
};
