/**
 * Premium selling at a strong wall: with dealers long a lot of gamma (net GEX above $2B) moves are
 * damped and price tends to stall at the big strikes. When price is within 1% of a wall holding a
 * large share of the gamma, sell a credit spread at the wall: a bear call spread under a call wall
 * above price, a bull put spread over a put wall below it.
 */
import { z } from 'zod';
import type { AnalyticsSnapshot, ContractAnalytics } from '../../analytics/analytics-snapshot.js';
import type { OptionRight } from '../../vocabulary/trading.js';
import { buildCandidate, clamp, money, pct } from '../shared/candidate-builder.js';
import { expiriesWithin, gradeAtLeast, strikesOf } from '../shared/contract-selection.js';
import { strikeGexShare, wallsAroundSpot } from '../shared/gex.js';
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

export const gexWallPremiumKnobs = z
  .object({
    minNetGex: z.number().default(2e9),
    /** Price within this distance of the wall (wall beyond price). */
    wallProximityPct: z.number().positive().default(0.01),
    /** The wall strike's share of Σ|net GEX|: what "strong" means. */
    minWallShare: z.number().min(0).max(1).default(0.15),
    /** Width of the spread, as a fraction of spot (rounded to listed strikes). */
    spreadWidthPct: z.number().positive().default(0.01),
    minDte: z.number().int().min(0).default(1),
    maxDte: z.number().int().min(0).default(7),
    maxShortDelta: z.number().min(0).max(1).default(0.4),
    minCredit: z.number().min(0).default(0.1),
    minLiquidity: liquidityGrade.default('B'),
    /** Stop: buy back when the spread costs (1 + stopPct) × the credit. */
    stopPct: z.number().positive().default(1),
    /** Target: buy back after keeping this fraction of the credit. */
    targetPct: z.number().positive().max(1).default(0.5),
    riskPerTradePct: z.number().positive().max(1).default(0.01),
    maxContracts: z.number().int().min(1).default(10),
    cooldownMs: z
      .number()
      .int()
      .min(0)
      .default(2 * 60 * 60_000),
  })
  .strict();

export type GexWallPremiumKnobs = z.infer<typeof gexWallPremiumKnobs>;

/** The short leg at the first listed strike at/beyond the wall and the long leg `width` further. */
export function verticalAtWall(
  snapshot: AnalyticsSnapshot,
  expiry: string,
  right: OptionRight,
  wall: number,
  width: number,
): { short: ContractAnalytics; long: ContractAnalytics } | null {
  const strikes = strikesOf(snapshot.contracts, expiry, right);
  const short =
    right === 'call'
      ? strikes.find((c) => c.strike >= wall - 1e-9)
      : [...strikes].reverse().find((c) => c.strike <= wall + 1e-9);
  if (!short) return null;
  const wantLong = right === 'call' ? short.strike + width : short.strike - width;
  let long: ContractAnalytics | null = null;
  for (const c of strikes) {
    const beyond = right === 'call' ? c.strike > short.strike : c.strike < short.strike;
    if (!beyond) continue;
    if (!long || Math.abs(c.strike - wantLong) < Math.abs(long.strike - wantLong)) long = c;
  }
  return long ? { short, long } : null;
}

export const gexWallPremium: StrategyDefinition<GexWallPremiumKnobs, CooldownState> = {
  name: 'gex_wall_premium',
  summary:
    'Net GEX above $2B and price within 1% of a strong wall: sell a credit spread at the wall.',
  knobsSchema: gexWallPremiumKnobs,
  defaults: gexWallPremiumKnobs.parse({}),
  initialState: emptyCooldown,
  evaluate(snapshot, context, state, k) {
    const none = { candidates: [], state };
    if (!sessionOpen(context) || minutesToClose(context) < 15) return none;
    if (!gradeAtLeast(snapshot.liquidity.grade, k.minLiquidity)) return none;
    if (!(snapshot.gex.total > k.minNetGex)) return none;
    const { callWall, putWall } = wallsAroundSpot(snapshot);
    const options: { right: OptionRight; wall: number; distance: number; share: number }[] = [];
    for (const [right, wall] of [
      ['call', callWall],
      ['put', putWall],
    ] as const) {
      if (wall === null) continue;
      const distance = Math.abs(wall - snapshot.spot) / snapshot.spot;
      const share = strikeGexShare(snapshot, wall);
      if (distance <= k.wallProximityPct && share >= k.minWallShare)
        options.push({ right, wall, distance, share });
    }
    if (options.length === 0) return none;
    options.sort((a, b) => a.distance - b.distance);
    const pick = options[0];
    const setup = pick.right === 'call' ? 'call_wall_bear_call_spread' : 'put_wall_bull_put_spread';
    if (coolingDown(state, snapshot.symbol, setup, context.now, k.cooldownMs)) return none;

    const width = k.spreadWidthPct * snapshot.spot;
    for (const expiry of expiriesWithin(snapshot, context.session.date, k.minDte, k.maxDte)) {
      const legs = verticalAtWall(snapshot, expiry, pick.right, pick.wall, width);
      if (!legs) continue;
      if (legs.short.delta === null || Math.abs(legs.short.delta) > k.maxShortDelta) continue;
      const credit = legs.short.bid - legs.long.ask;
      if (credit < k.minCredit) continue;
      const bearish = pick.right === 'call';
      const candidate = buildCandidate(snapshot, context, {
        strategy: 'gex_wall_premium',
        setup,
        direction: bearish ? 'bearish' : 'bullish',
        legs: [
          { contract: legs.short, side: 'sell' },
          { contract: legs.long, side: 'buy' },
        ],
        stopPct: k.stopPct,
        targetPct: k.targetPct,
        maxContracts: k.maxContracts,
        riskPerTradePct: k.riskPerTradePct,
        confidence:
          0.4 +
          0.25 * clamp(snapshot.gex.total / (3 * k.minNetGex), 0, 1) +
          0.25 * clamp(pick.share / 0.4, 0, 1),
        triggeredBy: [
          `net GEX ${money(snapshot.gex.total)} (> ${money(k.minNetGex)}): dealers long gamma`,
          `${pick.right} wall ${pick.wall} holds ${pct(pick.share, 0)} of dealer gamma (≥ ${pct(k.minWallShare, 0)})`,
          `price ${pct(pick.distance)} from the wall (≤ ${pct(k.wallProximityPct)})`,
        ],
        riskFactors: [
          `short premium: loss up to the spread width ${Math.abs(legs.long.strike - legs.short.strike).toFixed(2)} less the credit`,
          'walls can move as open interest changes',
        ],
        invalidation: `${snapshot.symbol} trades through the wall ${pick.wall} (${bearish ? 'above' : 'below'} it), or net GEX falls under ${money(k.minNetGex)}`,
        // Close before the expiry's last hour: pin and gamma risk grow fastest there.
        timeStopAt: legs.short.expiresAt - 60 * 60_000,
        inputs: {
          netGex: snapshot.gex.total,
          wall: pick.wall,
          wallShare: pick.share,
          wallDistancePct: pick.distance,
          credit,
          shortStrike: legs.short.strike,
          longStrike: legs.long.strike,
        },
        counterfactuals: [
          `would not have fired with net GEX at or below ${money(k.minNetGex)}`,
          `would not have fired with price more than ${pct(k.wallProximityPct)} from the wall`,
          `would not have fired if the wall held under ${pct(k.minWallShare, 0)} of dealer gamma`,
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
