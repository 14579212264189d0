/**
 * A credit structure stays a credit from the strategy to the subscriber: the iron condor's
 * candidate, its paper position (entry, P&L) and the signal published on its entry fills, whose
 * Premium message reads "credit" with the stop above the credit and the target below it.
 */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import { loadConfig } from '../../../src/config/config.js';
import { TemplateRenderer } from '../../../src/distribution/renderer.js';
import { buildEngine } from '../../../src/engine/engine-factory.js';
import { MemoryEngineRepository } from '../../../src/engine/storage/memory-engine-repository.js';
import type { Fill } from '../../../src/execution/broker.js';
import { PositionBook } from '../../../src/execution/positions.js';
import { InProcessSignalBus, type PublishedSignal } from '../../../src/signals/signal.js';
import { gexIronCondor } from '../../../src/strategies/rules/gex-iron-condor.js';
import type { SignalCandidate } from '../../../src/strategies/signal-candidate.js';
import { createStrategy, type Strategy } from '../../../src/strategies/strategy.js';
import type { SignalLeg } from '../../../src/vocabulary/trading.js';
import { syntheticChain } from '../analytics/synthetic-chain.js';
import { ny } from './fixtures.js';

/**
 * The condor rule on the analysed chain, in a calm market with strong positive gamma and walls
 * at 480 and 520 (confident enough for risk's Kelly sizing to take it).
 */
function condorBetweenWalls(seen: SignalCandidate[]): Strategy {
  const rule = createStrategy(gexIronCondor);
  return {
    name: rule.name,
    summary: rule.summary,
    knobs: rule.knobs,
    initialState: () => rule.initialState(),
    evaluate(snapshot, context, state) {
      const walled = {
        ...snapshot,
        liquidity: { grade: 'A' as const, score: 90 },
        regime: { label: 'calm' as const, confidence: 1, inputs: {} },
        gex: { ...snapshot.gex, total: 2e9, flip: 495, callWalls: [520], putWalls: [480] },
      };
      const result = rule.evaluate(walled, context, state as ReturnType<typeof rule.initialState>);
      seen.push(...result.candidates);
      return result;
    },
  };
}

function condorStep(at: number) {
  return {
    at,
    chains: [
      syntheticChain({
        symbol: 'SPY',
        spot: 500,
        asOf: new Date(at).toISOString(),
        expiries: ['2026-03-03', '2026-03-20'],
        strikesEachSide: 6,
        halfSpread: 0.02,
      }),
    ],
  };
}

describe('an iron condor sold for a credit', () => {
  it('is published and rendered as a credit: stop above the credit, target below', async () => {
    const clock = new FakeClock(ny(10, 0));
    const bus = new InProcessSignalBus((err) => {
      throw err;
    });
    const published: PublishedSignal[] = [];
    bus.onPublished((s) => {
      published.push(s);
    });
    const candidates: SignalCandidate[] = [];
    const repository = new MemoryEngineRepository();
    const engine = buildEngine({
      clock,
      config: loadConfig({}),
      repository,
      bus,
      strategies: [condorBetweenWalls(candidates)],
    });
    await engine.processStep(condorStep(ny(10, 0)));

    const [c] = candidates;
    expect(c.legs.map((l) => `${l.side} ${l.right} ${l.strike}`)).toEqual([
      'buy put 475',
      'sell put 480',
      'sell call 520',
      'buy call 525',
    ]);
    // Signed closing-value scale: credit negative; buying back at the stop costs more than the
    // credit, at the target less.
    expect(c.entry).toBeLessThan(0);
    expect(-c.stop).toBeGreaterThan(-c.entry);
    expect(-c.target).toBeLessThan(-c.entry);

    expect(published).toHaveLength(1);
    const s = published[0];
    expect(s.strategy).toBe('gex_iron_condor');
    expect(s.entry).toBeLessThan(0);
    expect(Math.abs(s.stop)).toBeGreaterThan(Math.abs(s.entry));
    expect(Math.abs(s.target)).toBeLessThan(Math.abs(s.entry));
    // The entry is the net of all four fills, not of the first leg to fill.
    const [pos] = engine.book.all();
    expect(pos.entryNet).toBeCloseTo(s.entry, 2);
    expect(pos.entryNet).toBeCloseTo(c.entry, 1);
    // What it ties up, for the strategies' margin checks, is its risk, not a negative debit.
    expect(engine.positions.riskPositions()[0].capitalUsed).toBe(pos.riskPerContract * s.size);

    const text = new TemplateRenderer(
      undefined,
      {},
      { publicBaseUrl: 'https://gd.example/' },
    ).render({ tier: 'premium', channel: 'telegram', signal: s, update: null, delayMs: 0 }).text;
    const credit = Math.abs(s.entry).toFixed(2);
    expect(text).toContain(
      `iron condor @ $${credit} credit · Stop $${Math.abs(s.stop).toFixed(2)} · Target $${Math.abs(s.target).toFixed(2)}`,
    );
    expect(text).not.toContain('debit');
  });
});

describe('a multi-leg paper position', () => {
  const leg = (right: 'call' | 'put', strike: number, side: 'buy' | 'sell'): SignalLeg => ({
    occSymbol: `SPY260320${right === 'call' ? 'C' : 'P'}${String(strike * 1000).padStart(8, '0')}`,
    right,
    strike,
    expiry: '2026-03-20',
    side,
    quantity: 1,
  });
  const legs = [
    leg('put', 485, 'buy'),
    leg('put', 490, 'sell'),
    leg('call', 510, 'sell'),
    leg('call', 515, 'buy'),
  ];
  let seq = 0;
  const fill = (l: SignalLeg, side: 'buy' | 'sell', price: number, quantity = 2): Fill => ({
    id: `F-${++seq}`,
    orderId: `O-${seq}`,
    clientOrderId: `SIG-1:${seq}`,
    signalId: 'SIG-1',
    occSymbol: l.occSymbol,
    side,
    quantity,
    price,
    referencePrice: price,
    slippage: 0,
    at: ny(10, 0) + seq,
    kind: 'trade',
  });

  it('has no entry price until every leg has filled, then the credit; buying it back cheaper gains', () => {
    const book = new PositionBook(100_000);
    book.open(
      {
        signalId: 'SIG-1',
        strategy: 'gex_iron_condor',
        setup: 'iron_condor_between_walls',
        symbol: 'SPY',
        direction: 'neutral',
        legs,
        targetUnits: 2,
        greeksPerUnit: { delta: 0, gamma: 0, theta: 0, vega: 0 },
        riskPerContract: 180,
        timeStopAt: null,
      },
      ny(10, 0),
    );
    const [lp, sp, sc, lc] = legs;
    const p = book.applyFill(fill(lp, 'buy', 0.9))!;
    // The bought wing alone is not the trade's price (it would read as a 0.90 debit).
    expect(p.entryNet).toBeNull();
    book.applyFill(fill(sp, 'sell', 1.6));
    book.applyFill(fill(sc, 'sell', 1.5));
    expect(p.entryNet).toBeNull();
    book.applyFill(fill(lc, 'buy', 0.8));
    expect(p.entryNet).toBeCloseTo(-1.4, 9);
    expect(book.capitalUsed()).toBe(360);

    // Closing for 0.60: 1.40 − 0.60 = 0.80 a condor kept, × 2 condors × 100.
    book.applyFill(fill(lp, 'sell', 0.3));
    book.applyFill(fill(sp, 'buy', 0.7));
    book.applyFill(fill(sc, 'buy', 0.5));
    book.applyFill(fill(lc, 'sell', 0.3));
    expect(p.status).toBe('closed');
    expect(p.realizedPnl).toBeCloseTo(160, 6);
  });
});
