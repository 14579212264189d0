import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  evaluateAll,
  STRATEGY_NAMES,
  type StrategyStates,
} from '../../../src/strategies/registry.js';
import type { AnalyticsSnapshot } from '../../../src/analytics/analytics-snapshot.js';
import type { StrategyContext } from '../../../src/strategies/strategy-context.js';
import { DAY, at, chain, context, snapshot, trendCloses } from './fixtures.js';

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as object)) deepFreeze(v);
  }
  return o;
}

const SPOT = 500;
const OPEN = at('09:30');
const CLOSE = at('16:00');
const CHAINS = new Map<number, ReturnType<typeof chain>>();
/** Chains are priced at a few times of day only (pricing 1,200 contracts per run is slow). */
function chainAt(now: number) {
  const slot = OPEN + Math.floor((now - OPEN) / 3_600_000) * 3_600_000;
  let c = CHAINS.get(slot);
  if (!c) {
    c = chain({
      spot: SPOT,
      now: slot,
      expiries: [DAY, '2026-03-04', '2026-03-06', '2026-03-20', '2026-04-17'],
    });
    CHAINS.set(slot, c);
  }
  return c;
}

const signed = (max: number) => fc.double({ min: -max, max, noNaN: true });
const arbInputs = fc.record({
  now: fc.integer({ min: OPEN - 30 * 60_000, max: CLOSE + 10 * 60_000 }),
  total: fc.constantFrom(-3e9, -6e8, -1e8, 0, 5e8, 2.5e9),
  flip: fc.option(fc.double({ min: 485, max: 515, noNaN: true }), { nil: null }),
  callWall: fc.integer({ min: 501, max: 540 }),
  putWall: fc.integer({ min: 460, max: 499 }),
  strikeNet: fc.double({ min: 0, max: 2e9, noNaN: true }),
  r1: signed(0.04),
  r5: signed(0.04),
  r15: signed(0.05),
  rsi: fc.double({ min: 0, max: 100, noNaN: true }),
  hist: signed(1),
  volume: fc.integer({ min: 0, max: 1_000_000 }),
  blocks: fc.integer({ min: 0, max: 10 }),
  netPremium: signed(5e6),
  label: fc.constantFrom('trending', 'mean_reverting', 'volatile', 'calm') as fc.Arbitrary<
    AnalyticsSnapshot['regime']['label']
  >,
  confidence: fc.double({ min: 0, max: 1, noNaN: true }),
  ivp: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: null }),
  gap: signed(0.1),
  vwap: fc.double({ min: 490, max: 510, noNaN: true }),
  grade: fc.constantFrom('A', 'B', 'C', 'F') as fc.Arbitrary<'A' | 'B' | 'C' | 'F'>,
  imbalance: signed(0.6),
  dayPnl: fc.double({ min: -10_000, max: 5_000, noNaN: true }),
  trend: signed(0.005),
});

type Inputs = typeof arbInputs extends fc.Arbitrary<infer T> ? T : never;

function build(i: Inputs) {
  const snap = snapshot({
    now: i.now,
    spot: SPOT,
    contracts: chainAt(i.now),
    gex: {
      total: i.total,
      flip: i.flip,
      callWalls: [i.callWall],
      putWalls: [i.putWall],
      byStrike: [
        { strike: i.putWall, call: 0, put: -4e8, net: -4e8 },
        { strike: 502, call: i.strikeNet, put: 0, net: i.strikeNet },
        { strike: i.callWall, call: 1e9, put: 0, net: 1e9 },
      ],
    },
    momentum: { return1m: i.r1, return5m: i.r5, return15m: i.r15 },
    indicators: {
      rsi14: i.rsi,
      macd: { macd: i.hist, signal: 0, histogram: i.hist },
      vwap: i.vwap,
    },
    flow: {
      optionsVolume: i.volume,
      avgOptionsVolume30d: 100_000,
      blockTrades: i.blocks,
      netPremium: i.netPremium,
    },
    regime: { label: i.label, confidence: i.confidence },
    ivPercentile: i.ivp,
    volForecast: { impliedMinusRealised: i.gap, ewma: 0.2 },
    liquidity: { grade: i.grade, score: 50 },
    maxPainBias: { expiry: DAY, strike: 500, distancePct: 0, bias: 'neutral' },
  });
  const ctx: StrategyContext = context({
    now: i.now,
    dayPnl: i.dayPnl,
    history: {
      dailyCloses: trendCloses(SPOT * (1 - 4 * i.trend), 30, i.trend),
      avgOptionsVolume30d: 100_000,
    },
    closingAuction: [
      { at: i.now - 30_000, imbalanceShares: Math.round(i.imbalance * 1e6), pairedShares: 1e6 },
    ],
  });
  return { snap, ctx };
}

describe('strategy invariants on random snapshots', () => {
  it('never fails, never mutates its inputs, and every candidate is well-formed', () => {
    let fired = 0;
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.array(arbInputs, { minLength: 1, maxLength: 3 }), (steps) => {
        let states: StrategyStates = {};
        for (const step of steps) {
          const { snap, ctx } = build(step);
          deepFreeze(snap);
          deepFreeze(ctx);
          deepFreeze(states);
          const r = evaluateAll(snap, ctx, states, { models: null });
          expect(r.failures).toEqual([]);
          expect(r.confluence.score).toBeGreaterThanOrEqual(0);
          expect(r.confluence.score).toBeLessThanOrEqual(100);
          for (const c of r.candidates) {
            fired++;
            seen.add(c.strategy);
            expect(STRATEGY_NAMES).toContain(c.strategy);
            expect(Number.isInteger(c.maxContracts) && c.maxContracts >= 1).toBe(true);
            expect(c.confidence).toBeGreaterThanOrEqual(0.05);
            expect(c.confidence).toBeLessThanOrEqual(0.95);
            // One signed value scale for debits and credits: stop < entry < target.
            expect(c.stop).toBeLessThan(c.entry);
            expect(c.target).toBeGreaterThan(c.entry);
            expect(c.legs.length).toBeGreaterThan(0);
            for (const l of c.legs)
              expect(snap.contracts.some((x) => x.occSymbol === l.occSymbol)).toBe(true);
            expect(c.timeStopAt === null || c.timeStopAt > ctx.now).toBe(true);
            expect(c.triggeredBy.length).toBeGreaterThan(0);
            expect(c.counterfactuals.length).toBeGreaterThan(0);
            expect(c.invalidation.length).toBeGreaterThan(0);
            expect(c.proposedAt).toBe(ctx.now);
            expect(c.dataAsOf).toBe(snap.asOf);
            expect(ctx.now >= ctx.session.openAt && ctx.now < ctx.session.closeAt).toBe(true);
          }
          states = r.states;
        }
      }),
      { numRuns: 150, seed: 20260303 },
    );
    // The generator is aimed at the thresholds: a run that fires nothing would prove nothing.
    expect(fired).toBeGreaterThan(20);
    expect(seen.size).toBeGreaterThanOrEqual(5);
  });

  it('is deterministic: the same inputs give the same candidates and states', () => {
    fc.assert(
      fc.property(arbInputs, (i) => {
        const { snap, ctx } = build(i);
        const a = evaluateAll(snap, ctx, {}, { models: null });
        const b = evaluateAll(snap, ctx, {}, { models: null });
        expect(b).toEqual(a);
      }),
      { numRuns: 60, seed: 7 },
    );
  });
});
