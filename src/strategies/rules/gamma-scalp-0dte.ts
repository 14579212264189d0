/**
 * 0DTE gamma scalp: a strike holding a large share of the dealer gamma, price approaching it with
 * momentum, same-day options liquid enough to scalp. Buys the 0DTE call (strike above) or put
 * (strike below) near 0.50 delta. Exits: the engine's trailing stop, the premium stop, the time
 * stop before the close, or the gamma unwind named in the invalidation.
 */
import { z } from 'zod';
import type { AnalyticsSnapshot } from '../../analytics/analytics-snapshot.js';
import { clamp, money, pct } from '../shared/candidate-builder.js';
import { gradeAtLeast } from '../shared/contract-selection.js';
import {
  coolingDown,
  emptyCooldown,
  heldContracts,
  minutesSinceOpen,
  minutesToClose,
  sessionOpen,
  type CooldownState,
} from '../shared/guards.js';
import type { StrategyDefinition, StrategyResult } from '../strategy.js';
import type { StrategyContext } from '../strategy-context.js';
import { singleLegKnobs } from '../shared/knobs.js';
import { buySingleLeg } from '../shared/single-leg.js';

export const gammaScalp0dteKnobs = z
  .object({
    /** The strike's |net GEX| as a share of Σ|net GEX| over strikes. */
    minGexShare: z.number().min(0).max(1).default(0.2),
    /** Price must be within this distance of the gamma strike (and not past it). */
    approachPct: z.number().positive().max(0.1).default(0.005),
    /** 5-minute return toward the strike, at least. */
    minMomentum5m: z.number().min(0).default(0.001),
    ...singleLegKnobs({
      minLiquidity: 'B',
      targetDelta: 0.5,
      maxSpreadPct: 0.15,
      riskPerTradePct: 0.02,
      stopPct: 0.25,
      targetPct: 0.5,
      cooldownMs: 10 * 60_000,
    }),
    minContractVolume: z.number().min(0).default(100),
    /** At most this many contracts a ticker (across this strategy's open positions). */
    maxContractsPerTicker: z.number().int().min(1).default(6),
    /** Day's loss budget: no new entries once the day has lost this fraction of equity. */
    dailyRiskPct: z.number().positive().max(1).default(0.06),
    /** No entries in the first / last minutes of the session. */
    skipFirstMinutes: z.number().min(0).default(5),
    lastEntryMinutesBeforeClose: z.number().min(0).default(30),
    /** Time stop: this many minutes before the close. */
    exitMinutesBeforeClose: z.number().min(0).default(15),
  })
  .strict();

export type GammaScalp0dteKnobs = z.infer<typeof gammaScalp0dteKnobs>;

/** The strike with the most |net GEX| within `approachPct` of spot, with its share. */
export function gammaStrikeNear(
  snapshot: AnalyticsSnapshot,
  approachPct: number,
): { strike: number; net: number; share: number } | null {
  const rows = snapshot.gex.byStrike;
  const totalAbs = rows.reduce((s, r) => s + Math.abs(r.net), 0);
  if (!(totalAbs > 0)) return null;
  let best: { strike: number; net: number } | null = null;
  for (const r of rows) {
    const dist = Math.abs(r.strike - snapshot.spot) / snapshot.spot;
    if (dist > approachPct || r.strike === snapshot.spot) continue;
    if (!best || Math.abs(r.net) > Math.abs(best.net)) best = { strike: r.strike, net: r.net };
  }
  return best ? { ...best, share: Math.abs(best.net) / totalAbs } : null;
}

export const gammaScalp0dte: StrategyDefinition<GammaScalp0dteKnobs, CooldownState> = {
  name: 'gamma_scalp_0dte',
  summary:
    'Same-day options toward a strike holding a large share of dealer gamma, when price approaches it with momentum.',
  knobsSchema: gammaScalp0dteKnobs,
  defaults: gammaScalp0dteKnobs.parse({}),
  initialState: emptyCooldown,
  evaluate(snapshot, context: StrategyContext, state, k): StrategyResult<CooldownState> {
    const none = { candidates: [], state };
    if (!sessionOpen(context)) return none;
    if (minutesSinceOpen(context) < k.skipFirstMinutes) return none;
    if (minutesToClose(context) < k.lastEntryMinutesBeforeClose) return none;
    if (!gradeAtLeast(snapshot.liquidity.grade, k.minLiquidity)) return none;
    const dayBudgetLeft = k.dailyRiskPct * context.equity + Math.min(0, context.dayPnl);
    if (dayBudgetLeft <= 0) return none;
    const held = heldContracts(context, 'gamma_scalp_0dte', snapshot.symbol);
    if (held >= k.maxContractsPerTicker) return none;

    const target = gammaStrikeNear(snapshot, k.approachPct);
    if (!target || target.share < k.minGexShare) return none;
    const bullish = target.strike > snapshot.spot;
    const momentum = snapshot.momentum.return5m;
    if (momentum === null) return none;
    const toward = bullish ? momentum : -momentum;
    if (toward < k.minMomentum5m) return none;
    const setup = bullish ? 'gamma_strike_calls' : 'gamma_strike_puts';
    if (coolingDown(state, snapshot.symbol, setup, context.now, k.cooldownMs)) return none;

    return buySingleLeg({
      snapshot,
      context,
      state,
      contract: {
        right: bullish ? 'call' : 'put',
        today: context.session.date,
        minDte: 0,
        maxDte: 0,
        expiry: context.session.date,
        notExpiredAt: context.now,
        targetDelta: k.targetDelta,
        maxSpreadPct: k.maxSpreadPct,
        minVolume: k.minContractVolume,
      },
      spec: () => {
        const riskPct = Math.min(k.riskPerTradePct, dayBudgetLeft / context.equity);
        const distance = Math.abs(target.strike - snapshot.spot) / snapshot.spot;
        const confidence =
          0.35 +
          0.3 * clamp(target.share / 0.5, 0, 1) +
          0.2 * clamp(toward / (3 * Math.max(k.minMomentum5m, 1e-6)), 0, 1) +
          (snapshot.regime.label === 'trending' ? 0.1 * snapshot.regime.confidence : 0);
        return {
          strategy: 'gamma_scalp_0dte',
          setup,
          direction: bullish ? 'bullish' : 'bearish',
          stopPct: k.stopPct,
          targetPct: k.targetPct,
          maxContracts: k.maxContractsPerTicker - held,
          riskPerTradePct: riskPct,
          confidence,
          triggeredBy: [
            `strike ${target.strike} holds ${pct(target.share, 0)} of dealer gamma (≥ ${pct(k.minGexShare, 0)})`,
            `price ${pct(distance)} ${bullish ? 'below' : 'above'} it (≤ ${pct(k.approachPct)})`,
            `5-minute move ${pct(momentum)} toward the strike (≥ ${pct(k.minMomentum5m)})`,
            `liquidity grade ${snapshot.liquidity.grade}`,
          ],
          riskFactors: [
            'same-day expiry: premium can go to zero within minutes',
            ...(target.net < 0
              ? ['negative gamma at the strike: moves can overshoot and reverse']
              : []),
            ...(held > 0 ? [`already ${held} contracts on ${snapshot.symbol}`] : []),
          ],
          invalidation: `${snapshot.symbol} moves back ${bullish ? 'below' : 'above'} ${(snapshot.spot * (bullish ? 1 - k.approachPct : 1 + k.approachPct)).toFixed(2)}, or the gamma at ${target.strike} unwinds (share below ${pct(k.minGexShare / 2, 0)})`,
          timeStopAt: context.session.closeAt - k.exitMinutesBeforeClose * 60_000,
          inputs: {
            gammaStrike: target.strike,
            gammaStrikeNetGex: target.net,
            gexShare: target.share,
            distancePct: distance,
            return5m: momentum,
            heldContracts: held,
            totalGex: snapshot.gex.total,
          },
          counterfactuals: [
            `would not have fired if strike ${target.strike} held under ${pct(k.minGexShare, 0)} of dealer gamma`,
            `would not have fired if the 5-minute move toward it were under ${pct(k.minMomentum5m)}`,
            `would not have fired with liquidity below grade ${k.minLiquidity}`,
            `net GEX ${money(snapshot.gex.total)} was not a condition`,
          ],
        };
      },
    });
  },
};
