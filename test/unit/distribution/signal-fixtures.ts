import fc from 'fast-check';
import type { PublishedSignal } from '../../../src/signals/signal.js';
import type { SignalLeg } from '../../../src/vocabulary/trading.js';

const T0 = Date.UTC(2026, 2, 2, 15, 0);

export function sampleSignal(overrides: Partial<PublishedSignal> = {}): PublishedSignal {
  return {
    id: 'SIG-20260302-001',
    strategy: 'gex_squeeze',
    symbol: 'SPY',
    direction: 'bullish',
    legs: [
      {
        occSymbol: 'SPY260306C00442000',
        right: 'call',
        strike: 442,
        expiry: '2026-03-06',
        side: 'buy',
        quantity: 3,
      },
    ],
    entry: 1.25,
    stop: 0.65,
    target: 2.4,
    size: 3,
    confidence: 0.72,
    triggeredBy: ['gamma flip crossed', 'call wall break'],
    riskFactors: ['CPI tomorrow'],
    narrative: 'Dealers flipped short gamma above the flip; <momentum> & "breadth" confirm.',
    levels: { gammaFlip: 438.5, callWall: 445, putWall: 430, maxPain: 437 },
    chartUrl: 'https://charts.gammadesk.local/SIG-20260302-001.svg',
    publishedAt: T0,
    dataAsOf: T0 - 1_500,
    ...overrides,
  };
}

const price = fc.double({ min: 0.05, max: 80, noNaN: true }).map((v) => Number(v.toFixed(2)));
const strike = fc.integer({ min: 10, max: 6000 }).chain((s) => fc.constantFrom(s, s + 0.5));

const legArb: fc.Arbitrary<SignalLeg> = fc
  .record({
    right: fc.constantFrom('call' as const, 'put' as const),
    strike,
    side: fc.constantFrom('buy' as const, 'sell' as const),
    quantity: fc.integer({ min: 1, max: 50 }),
  })
  .map((l) => ({
    ...l,
    expiry: '2026-03-20',
    occSymbol: `XYZ260320${l.right === 'call' ? 'C' : 'P'}${String(Math.round(l.strike * 1000)).padStart(8, '0')}`,
  }));

/** Random signals with realistic ranges; symbols are letters only, like the focus universe. */
export const signalArb: fc.Arbitrary<PublishedSignal> = fc
  .record({
    symbol: fc.constantFrom('SPY', 'QQQ', 'SPX', 'IWM', 'AAPL', 'NVDA', 'TSLA'),
    direction: fc.constantFrom('bullish' as const, 'bearish' as const, 'neutral' as const),
    legs: fc.array(legArb, { minLength: 1, maxLength: 4 }),
    entry: price,
    stop: price,
    target: price,
    size: fc.integer({ min: 1, max: 500 }),
    confidence: fc.double({ min: 0, max: 1, noNaN: true }),
    levels: fc.dictionary(
      fc.constantFrom('gammaFlip', 'callWall', 'putWall', 'maxPain', 'vwap'),
      fc.double({ min: 1, max: 6000, noNaN: true }).map((v) => Number(v.toFixed(2))),
    ),
    narrative: fc.string({ maxLength: 200 }),
    publishedAt: fc.integer({ min: T0, max: T0 + 86_400_000 * 30 }),
  })
  .map((r) => sampleSignal({ ...r, dataAsOf: r.publishedAt - 2_000 }));
