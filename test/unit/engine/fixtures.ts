/** Shared fixtures for the engine's unit tests: candidates, chains, analytics, positions. */
import { DateTime } from 'luxon';
import type { AnalyticsSnapshot } from '../../../src/analytics/analytics-snapshot.js';
import type { MarketStep } from '../../../src/engine/market-step.js';
import type { StrategyName } from '../../../src/vocabulary/trading.js';
import type { Strategy } from '../../../src/strategies/strategy.js';
import { syntheticChain } from '../analytics/synthetic-chain.js';
import type { SignalCandidate } from '../../../src/strategies/signal-candidate.js';
import type { RiskInput, RiskPosition } from '../../../src/risk/rule-types.js';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from '../../../src/risk/risk-limits.js';

/** 2026-03-`day` (default Tuesday the 3rd) at hh:mm:ss New York time. */
export function ny(hh: number, mm: number, ss = 0, day = 3, month = 3): number {
  return DateTime.fromObject(
    { year: 2026, month, day, hour: hh, minute: mm, second: ss },
    { zone: 'America/New_York' },
  ).toMillis();
}

export function candidate(over: Partial<SignalCandidate> = {}): SignalCandidate {
  return {
    strategy: 'gex_squeeze',
    setup: 'squeeze_long_calls',
    symbol: 'SPY',
    direction: 'bullish',
    legs: [
      {
        occSymbol: 'SPY260303C00600000',
        right: 'call',
        strike: 600,
        expiry: '2026-03-03',
        side: 'buy',
        quantity: 1,
      },
    ],
    entry: 2,
    stop: 1.5,
    target: 3,
    maxContracts: 5,
    confidence: 0.7,
    triggeredBy: ['net GEX -$800M < -$500M', 'spot below flip'],
    riskFactors: ['event risk'],
    invalidation: 'SPY closes above 605',
    timeStopAt: null,
    inputs: { netGex: -8e8, flip: 602 },
    counterfactuals: ['would not have fired if net GEX were above -$500M'],
    greeksPerUnit: { delta: 0.5, gamma: 0.05, theta: -0.3, vega: 0.1 },
    liquidityGrade: 'A',
    snapshotId: 'snap-1',
    dataAsOf: ny(10, 0),
    proposedAt: ny(10, 0),
    ...over,
  };
}

export function position(over: Partial<RiskPosition> = {}): RiskPosition {
  return {
    signalId: 'SIG-20260303-001',
    symbol: 'QQQ',
    strategy: 'gex_squeeze',
    direction: 'bullish',
    contracts: 2,
    greeks: { delta: 1, gamma: 0.1, theta: -0.6, vega: 0.2 },
    riskDollars: 100,
    capitalUsed: 400,
    ...over,
  };
}

export function riskInput(
  over: Partial<RiskInput> = {},
  limits: Partial<RiskLimits> = {},
): RiskInput {
  return {
    candidate: candidate(),
    now: ny(10, 0),
    limits: { ...DEFAULT_RISK_LIMITS, ...limits },
    account: { equity: 100_000, startOfDayEquity: 100_000, buyingPower: 100_000, dayPnl: 0 },
    positions: [],
    feedAgeMs: 500,
    analyticsAgeMs: 800,
    correlation: (a, b) => (a === b ? 1 : 0.2),
    controls: {
      halted: false,
      haltedSymbols: new Set(),
      disabledStrategies: new Set(),
      sizeMultiplier: 1,
    },
    ...over,
  };
}

export function analytics(over: Partial<AnalyticsSnapshot> = {}): AnalyticsSnapshot {
  const at = over.asOf ?? ny(10, 0);
  return {
    symbol: 'SPY',
    snapshotId: 'snap-1',
    asOf: at,
    computedAt: at,
    spot: 600,
    contracts: [
      {
        occSymbol: 'SPY260303C00600000',
        root: 'SPY',
        expiry: '2026-03-03',
        expiresAt: ny(16, 0),
        strike: 600,
        right: 'call',
        bid: 1.0,
        ask: 1.1,
        mid: 1.05,
        volume: 5000,
        openInterest: 20000,
        t: 0.0007,
        iv: 0.18,
        delta: 0.5,
        gamma: 0.08,
        theta: -0.9,
        vega: 0.05,
      },
    ],
    expiredDropped: 0,
    gex: {
      total: 1e9,
      calls: 2e9,
      puts: -1e9,
      zeroDte: 3e8,
      byStrike: [],
      byExpiry: {},
      flip: 595,
      callWalls: [610],
      putWalls: [590],
    },
    dex: { total: 0, byStrike: [] },
    vannaExposure: null,
    charmExposure: null,
    maxPain: {},
    maxPainBias: null,
    putCallRatio: { volume: 0.9, openInterest: 1.1 },
    netGreeks: { delta: 0, gamma: 0, theta: 0, vega: 0 },
    expectedMove: null,
    atmIv: 0.18,
    termStructure: [],
    skew: null,
    ivRank: 40,
    ivPercentile: 45,
    realizedVol: { closeToClose: null, parkinson: null, yangZhang: null },
    liquidity: { grade: 'A', score: 90 },
    orderBookImbalance: null,
    vpin: null,
    indicators: {
      rsi14: null,
      macd: null,
      bollinger: null,
      vwap: null,
      atr14: null,
      sma20: null,
      ema20: null,
    },
    supportResistance: { support: [], resistance: [] },
    momentum: { return1m: null, return5m: null, return15m: null },
    flow: null,
    regime: { label: 'trending', confidence: 0.8, inputs: {} },
    volForecast: null,
    anomalies: [],
    ...over,
  };
}

export interface CallBuyerState {
  lastAt: number;
  maxAsOfSeen: number;
}

/**
 * A deterministic test strategy: every `minutes` it proposes the call nearest 0.5 delta of the
 * nearest expiry after today, entry at the ask, stop −30%, target +100%.
 */
export function callBuyer(
  name: StrategyName = 'scalp',
  minutes = 30,
  expiring: 'next' | 'today' = 'next',
): Strategy<unknown, CallBuyerState> {
  return {
    name,
    summary: 'test: buys a 0.5-delta call on a timer',
    knobs: {},
    initialState: () => ({ lastAt: -Infinity, maxAsOfSeen: -Infinity }),
    evaluate(snapshot, context, state) {
      const next = { ...state, maxAsOfSeen: Math.max(state.maxAsOfSeen, snapshot.asOf) };
      if (context.now - state.lastAt < minutes * 60_000) return { candidates: [], state: next };
      const today = context.session.date;
      const calls = snapshot.contracts.filter(
        (c) =>
          c.right === 'call' &&
          (expiring === 'today' ? c.expiry === today : c.expiry > today) &&
          c.delta !== null,
      );
      if (calls.length === 0) return { candidates: [], state: next };
      const nearest = calls.reduce((a, b) => (a.expiry < b.expiry ? a : b)).expiry;
      const pick = calls
        .filter((c) => c.expiry === nearest)
        .reduce((a, b) => (Math.abs(a.delta! - 0.5) <= Math.abs(b.delta! - 0.5) ? a : b));
      const c: SignalCandidate = {
        strategy: name,
        setup: 'timer_call',
        symbol: snapshot.symbol,
        direction: 'bullish',
        legs: [
          {
            occSymbol: pick.occSymbol,
            right: 'call',
            strike: pick.strike,
            expiry: pick.expiry,
            side: 'buy',
            quantity: 1,
          },
        ],
        entry: pick.ask,
        stop: pick.ask * 0.7,
        target: pick.ask * 2,
        maxContracts: 3,
        confidence: 0.6,
        triggeredBy: [`timer every ${minutes} min`],
        riskFactors: [],
        invalidation: 'never',
        timeStopAt: null,
        inputs: { delta: pick.delta },
        counterfactuals: [`would not have fired within ${minutes} min of the last one`],
        greeksPerUnit: {
          delta: pick.delta ?? 0,
          gamma: pick.gamma ?? 0,
          theta: pick.theta ?? 0,
          vega: pick.vega ?? 0,
        },
        liquidityGrade: snapshot.liquidity.grade,
        snapshotId: snapshot.snapshotId,
        dataAsOf: snapshot.asOf,
        proposedAt: context.now,
      };
      return { candidates: [c], state: { ...next, lastAt: context.now } };
    },
  };
}

/** Spot path: ±3% swings over three hours around 500, deterministic. */
export function scriptedSpot(ms: number, base = 500): number {
  const minutes = (ms - ny(9, 30)) / 60_000;
  return Math.round(base * (1 + 0.03 * Math.sin((2 * Math.PI * minutes) / 180)) * 100) / 100;
}

/** One step a minute from `from` to `to` (New York, 2026-03-03) of small synthetic chains. */
export function scriptedSteps(
  symbols: string[],
  from = ny(9, 45),
  to = ny(16, 0),
  everyMs = 60_000,
): MarketStep[] {
  const steps: MarketStep[] = [];
  for (let at = from; at <= to; at += everyMs) {
    const asOf = new Date(at).toISOString();
    steps.push({
      at,
      chains: symbols.map((s, i) =>
        syntheticChain({
          symbol: s,
          spot: scriptedSpot(at, 500 + 100 * i),
          asOf,
          expiries: ['2026-03-03', '2026-03-06', '2026-03-20'],
          strikesEachSide: 6,
          halfSpread: 0.01,
        }),
      ),
    });
  }
  return steps;
}
