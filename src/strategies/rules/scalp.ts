/**
 * Scalp: a liquid contract (spread < $0.10, volume > 1,000, |delta| 0.40–0.70) whose premium moved
 * 3% within the last 1–5 minutes, with the underlying moving the same way and RSI inside its band
 * (not stretched). Buys that contract for a quick, tight-stop trade.
 *
 * "A 3% move in 1–5 minutes" is read on the option's premium by default (the strategy keeps each
 * eligible contract's recent mids in its state). `moveBasis: 'underlying'` reads the underlying's
 * 1- and 5-minute returns instead; 3% on an index ETF in five minutes is rare, hence the default.
 */
import { z } from 'zod';
import type { ContractAnalytics } from '../../analytics/analytics-snapshot.js';
import { clamp, pct } from '../shared/candidate-builder.js';
import { daysBetweenDates, gradeAtLeast } from '../shared/contract-selection.js';
import {
  coolingDown,
  minutesSinceOpen,
  minutesToClose,
  sessionOpen,
  type CooldownState,
} from '../shared/guards.js';
import { band, singleLegKnobs } from '../shared/knobs.js';
import { buySingleLeg } from '../shared/single-leg.js';
import type { StrategyDefinition } from '../strategy.js';

export const scalpKnobs = z
  .object({
    /** Spread strictly below this, dollars. */
    maxSpread: z.number().positive().default(0.1),
    /** Day volume strictly above this, contracts. */
    minVolume: z.number().min(0).default(1_000),
    absDelta: band([0.4, 0.7]),
    moveThreshold: z.number().positive().default(0.03),
    /** The move is measured against a mid recorded between these minutes ago. */
    moveWindowMinutes: band([1, 5]),
    moveBasis: z.enum(['option', 'underlying']).default('option'),
    /** RSI(14) must sit inside this band for a bullish / bearish scalp. */
    rsiBullish: band([40, 70]),
    rsiBearish: band([30, 60]),
    ...singleLegKnobs({
      maxDte: 7,
      minLiquidity: 'B',
      stopPct: 0.15,
      targetPct: 0.3,
      riskPerTradePct: 0.01,
      maxContracts: 10,
      // One scalp per symbol and direction every 90 minutes: a 3% premium move on a 0–7-day
      // contract happens many times a day, and a tighter cooldown let scalp take three trades
      // in four over the scenario library (docs/strategies.md).
      cooldownMs: 90 * 60_000,
    }),
    holdMinutes: z.number().positive().default(30),
    /** Mids are kept at most this often per contract (bounds the state). */
    sampleEveryMs: z.number().int().min(0).default(10_000),
  })
  .strict();

export type ScalpKnobs = z.infer<typeof scalpKnobs>;

export interface MidPoint {
  t: number;
  mid: number;
}

export interface ScalpState extends CooldownState {
  /** Symbol → contract → recent mids, oldest first, pruned to the move window. */
  mids: Record<string, Record<string, MidPoint[]>>;
}

export const scalp: StrategyDefinition<ScalpKnobs, ScalpState> = {
  name: 'scalp',
  summary:
    'A tight, liquid 0.40–0.70 delta contract that moved 3% in 1–5 minutes with the underlying and RSI in band.',
  knobsSchema: scalpKnobs,
  defaults: scalpKnobs.parse({}),
  initialState: () => ({ lastFiredAt: {}, mids: {} }),
  evaluate(snapshot, context, state, k) {
    const now = context.now;
    // Outside the session there is nothing to scalp and no mid worth remembering.
    if (!sessionOpen(context)) return { candidates: [], state };
    // One pass over the chain, cheapest tests first (spread and volume remove most contracts).
    const eligible: ContractAnalytics[] = [];
    for (const c of snapshot.contracts) {
      if (!(c.ask - c.bid < k.maxSpread - 1e-9) || !(c.volume > k.minVolume)) continue;
      if (!(c.bid > 0) || !(c.mid > 0) || c.expiresAt <= now || c.delta === null) continue;
      const ad = Math.abs(c.delta);
      if (!(ad >= k.absDelta[0] && ad <= k.absDelta[1])) continue;
      const dte = daysBetweenDates(context.session.date, c.expiry);
      if (dte < 0 || dte > k.maxDte) continue;
      eligible.push(c);
    }

    // Remember this symbol's eligible mids, at most one point per sampleEveryMs, inside the window.
    const horizon = now - k.moveWindowMinutes[1] * 60_000;
    const previous = state.mids[snapshot.symbol] ?? {};
    const mine: Record<string, MidPoint[]> = {};
    for (const c of eligible) {
      const kept = (previous[c.occSymbol] ?? []).filter((p) => p.t >= horizon && p.t <= now);
      const last = kept[kept.length - 1];
      if (!last || now - last.t >= k.sampleEveryMs) kept.push({ t: now, mid: c.mid });
      mine[c.occSymbol] = kept;
    }
    const next: ScalpState = { ...state, mids: { ...state.mids, [snapshot.symbol]: mine } };
    const none = { candidates: [], state: next };

    if (minutesSinceOpen(context) < 5 || minutesToClose(context) < 15) return none;
    if (!gradeAtLeast(snapshot.liquidity.grade, k.minLiquidity)) return none;
    const rsi = snapshot.indicators.rsi14;
    if (rsi === null) return none;
    const r1 = snapshot.momentum.return1m;
    const r5 = snapshot.momentum.return5m;
    const underlyingMove = r5 ?? r1;
    if (underlyingMove === null) return none;

    let best: { contract: ContractAnalytics; move: number } | null = null;
    if (k.moveBasis === 'option') {
      const earliest = now - k.moveWindowMinutes[0] * 60_000;
      for (const c of eligible) {
        const ref = (previous[c.occSymbol] ?? []).find((p) => p.t >= horizon && p.t <= earliest);
        if (!ref || !(ref.mid > 0)) continue;
        const move = c.mid / ref.mid - 1;
        if (move >= k.moveThreshold && (!best || move > best.move)) best = { contract: c, move };
      }
    } else {
      const move = Math.max(Math.abs(r1 ?? 0), Math.abs(r5 ?? 0));
      if (move >= k.moveThreshold) {
        const right =
          (Math.abs(r1 ?? 0) >= Math.abs(r5 ?? 0) ? (r1 ?? 0) : (r5 ?? 0)) > 0 ? 'call' : 'put';
        const pool = eligible
          .filter((c) => c.right === right)
          .sort(
            (a, b) =>
              Math.abs(Math.abs(a.delta ?? 0) - 0.55) - Math.abs(Math.abs(b.delta ?? 0) - 0.55),
          );
        if (pool.length > 0) best = { contract: pool[0], move };
      }
    }
    if (!best) return none;
    const bullish = best.contract.right === 'call';
    if (bullish ? underlyingMove <= 0 : underlyingMove >= 0) return none;
    const [lo, hi] = bullish ? k.rsiBullish : k.rsiBearish;
    if (rsi < lo || rsi > hi) return none;
    const setup = bullish ? 'scalp_calls' : 'scalp_puts';
    if (coolingDown(state, snapshot.symbol, setup, now, k.cooldownMs)) return none;

    const c = best.contract;
    const move = best.move;
    return buySingleLeg({
      snapshot,
      context,
      state: next,
      contract: { chosen: c },
      spec: () => ({
        strategy: 'scalp',
        setup,
        direction: bullish ? 'bullish' : 'bearish',
        stopPct: k.stopPct,
        targetPct: k.targetPct,
        maxContracts: k.maxContracts,
        riskPerTradePct: k.riskPerTradePct,
        confidence:
          0.35 +
          0.25 * clamp(move / (3 * k.moveThreshold), 0, 1) +
          0.2 * clamp(1 - (c.ask - c.bid) / k.maxSpread, 0, 1) +
          0.1 * clamp(c.volume / (10 * Math.max(k.minVolume, 1)), 0, 1),
        triggeredBy: [
          `${k.moveBasis === 'option' ? `${c.occSymbol} premium` : snapshot.symbol} moved ${pct(move)} within ${k.moveWindowMinutes[0]}–${k.moveWindowMinutes[1]} minutes (≥ ${pct(k.moveThreshold, 0)})`,
          `spread ${(c.ask - c.bid).toFixed(2)} (< ${k.maxSpread.toFixed(2)}), volume ${c.volume} (> ${k.minVolume})`,
          `|delta| ${Math.abs(c.delta ?? 0).toFixed(2)} in ${k.absDelta[0]}–${k.absDelta[1]}`,
          `RSI ${rsi.toFixed(0)} in ${lo}–${hi}`,
        ],
        riskFactors: ['scalp: chasing a fast move; reversals hit the tight stop'],
        invalidation: `${snapshot.symbol} gives back the move (turns ${bullish ? 'down' : 'up'} over 5 minutes)`,
        timeStopAt: Math.min(now + k.holdMinutes * 60_000, context.session.closeAt - 5 * 60_000),
        inputs: {
          occSymbol: c.occSymbol,
          move: move,
          moveBasis: k.moveBasis,
          spread: c.ask - c.bid,
          volume: c.volume,
          delta: c.delta,
          rsi14: rsi,
          return1m: r1,
          return5m: r5,
        },
        counterfactuals: [
          `would not have fired with a move under ${pct(k.moveThreshold, 0)}`,
          `would not have fired with RSI outside ${lo}–${hi}`,
          `would not have fired with a spread of ${k.maxSpread.toFixed(2)} or more`,
        ],
      }),
    });
  },
};
