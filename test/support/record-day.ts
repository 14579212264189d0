/**
 * A constructed trading day for the track record: five signals (a winner, a loser, a quick
 * scalp the Free tier receives only after it closed, one still open, one never filled), with
 * their paper fills, recorded leg quotes and first deliveries per tier. Plain data: the unit
 * tests feed it to the results directly, the integration tests insert it into the tables.
 */
import type { PublishedSignal, SignalUpdate } from '../../src/signals/signal.js';
import type { LegQuote, PaperFill, TierDeliveryTimes } from '../../src/record/record-ports.js';
import type { StrategyName } from '../../src/vocabulary/trading.js';

export const T0 = Date.parse('2026-03-02T15:00:00Z');
const S = 1000;

function signal(
  id: string,
  strategy: StrategyName,
  symbol: string,
  occSymbol: string,
  at: number,
  levels: { entry: number; stop: number; target: number; size: number },
): PublishedSignal {
  const right = occSymbol.at(-9) === 'P' ? 'put' : 'call';
  return {
    id,
    strategy,
    symbol,
    direction: right === 'put' ? 'bearish' : 'bullish',
    legs: [
      {
        occSymbol,
        right,
        strike: Number(occSymbol.slice(-8)) / 1000,
        expiry: '2026-03-02',
        side: 'buy',
        quantity: levels.size,
      },
    ],
    ...levels,
    confidence: 0.7,
    triggeredBy: ['gex_flip'],
    riskFactors: [],
    narrative: 'test',
    levels: {},
    publishedAt: at,
    dataAsOf: at - S,
  };
}

const C1 = 'SPY260302C00600000';
const C2 = 'QQQ260302P00500000';
const C3 = 'IWM260302C00220000';
const C4 = 'SPY260302C00605000';
const C5 = 'SPY260302C00610000';

export const DAY_SIGNALS: PublishedSignal[] = [
  signal('SIG-20260302-001', 'gamma_scalp_0dte', 'SPY', C1, T0, {
    entry: 2,
    stop: 1.4,
    target: 3,
    size: 2,
  }),
  signal('SIG-20260302-002', 'swing', 'QQQ', C2, T0 + 3600 * S, {
    entry: 3,
    stop: 2,
    target: 5,
    size: 1,
  }),
  signal('SIG-20260302-003', 'gamma_scalp_0dte', 'IWM', C3, T0 + 7200 * S, {
    entry: 1,
    stop: 0.7,
    target: 1.5,
    size: 1,
  }),
  signal('SIG-20260302-004', 'swing', 'SPY', C4, T0 + 9000 * S, {
    entry: 1.5,
    stop: 1,
    target: 2.5,
    size: 1,
  }),
  signal('SIG-20260302-005', 'swing', 'SPY', C5, T0 + 9600 * S, {
    entry: 0.8,
    stop: 0.5,
    target: 1.4,
    size: 1,
  }),
];

const [s1, s2, s3, s4] = DAY_SIGNALS.map((s) => s.publishedAt);

export const DAY_UPDATES: SignalUpdate[] = [
  {
    signalId: 'SIG-20260302-001',
    kind: 'stop_moved',
    at: s1 + 900 * S,
    newStop: 2.2,
    reason: 'trail',
  },
  {
    signalId: 'SIG-20260302-001',
    kind: 'closed',
    at: s1 + 1800 * S,
    exitPrice: 2.8,
    returnPct: 0.4,
    reason: 'trailing stop',
  },
  {
    signalId: 'SIG-20260302-002',
    kind: 'closed',
    at: s2 + 900 * S,
    exitPrice: 2.1,
    returnPct: -0.3,
    reason: 'stop',
  },
  {
    signalId: 'SIG-20260302-003',
    kind: 'closed',
    at: s3 + 120 * S,
    exitPrice: 1.2,
    returnPct: 0.2,
    reason: 'target',
  },
];

const q = (occSymbol: string, at: number, bid: number, ask: number): LegQuote => ({
  occSymbol,
  at,
  bid,
  ask,
});

export const DAY_QUOTES: LegQuote[] = [
  q(C1, s1, 1.95, 2.0),
  q(C1, s1 + 60 * S, 2.05, 2.1),
  q(C1, s1 + 300 * S, 2.25, 2.3),
  // The loser's put: nothing recorded near the Free delivery (its entry falls back to the fill).
  q(C2, s2, 2.9, 3.0),
  q(C2, s2 + 60 * S, 2.8, 2.9),
  q(C3, s3, 0.95, 1.0),
  q(C3, s3 + 60 * S, 1.0, 1.05),
];

function fill(
  signalId: string,
  occSymbol: string,
  role: 'open' | 'close',
  at: number,
  price: number,
  quantity: number,
): PaperFill {
  return {
    signalId,
    occSymbol,
    side: role === 'open' ? 'buy' : 'sell',
    quantity,
    price,
    referencePrice: price,
    role,
    at,
  };
}

export const DAY_FILLS: PaperFill[] = [
  fill('SIG-20260302-001', C1, 'open', s1 + S, 2.0, 2),
  fill('SIG-20260302-001', C1, 'close', s1 + 1800 * S, 2.8, 2),
  fill('SIG-20260302-002', C2, 'open', s2 + S, 3.0, 1),
  fill('SIG-20260302-002', C2, 'close', s2 + 900 * S, 2.1, 1),
  fill('SIG-20260302-003', C3, 'open', s3 + S, 1.0, 1),
  fill('SIG-20260302-003', C3, 'close', s3 + 120 * S, 1.2, 1),
  fill('SIG-20260302-004', C4, 'open', s4 + S, 1.5, 1),
];

/** First sends per tier; the loser's Free delivery was never sent (policy time is used). */
export const DAY_DELIVERIES = new Map<string, TierDeliveryTimes>([
  ['SIG-20260302-001', { premium: s1 + 2 * S, basic: s1 + 61 * S, free: s1 + 302 * S }],
  ['SIG-20260302-002', { premium: s2 + 2 * S, basic: s2 + 61 * S }],
  ['SIG-20260302-003', { premium: s3 + 2 * S, basic: s3 + 61 * S, free: s3 + 302 * S }],
]);

export const DAY_DELAYS = { premium: 0, basic: 60_000, free: 300_000 };

/** The expected R per signal and tier (exit − entry at the tier's delivery) / (entry − stop). */
export const EXPECTED_R = {
  'SIG-20260302-001': { premium: 0.8 / 0.6, basic: 0.7 / 0.6, free: 0.5 / 0.6 },
  'SIG-20260302-002': { premium: -0.9, basic: -0.8, free: -0.9 },
  'SIG-20260302-003': { premium: 0.2 / 0.3, basic: 0.15 / 0.3 },
};
