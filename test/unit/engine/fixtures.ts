/** Shared fixtures for the engine's unit tests: candidates, chains, analytics, positions. */
import { DateTime } from 'luxon';
import type { SignalCandidate } from '../../../src/strategies/signal-candidate.js';
import type { RiskInput, RiskPosition } from '../../../src/risk/rules.js';
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
