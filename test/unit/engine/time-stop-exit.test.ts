/**
 * A position's time stop closes it whatever its exit was doing: a green ladder exit resting as a
 * limit the market fell through, a closing order that found no bid, a leg missing from the chain,
 * or an overseer halt (which stops new entries, never exits).
 */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import { loadConfig } from '../../../src/config/config.js';
import { buildEngine } from '../../../src/engine/engine-factory.js';
import type { MarketStep } from '../../../src/engine/market-step.js';
import { MemoryEngineRepository } from '../../../src/engine/storage/memory-engine-repository.js';
import type { ChainSnapshot } from '../../../src/market-data/chain-snapshot.js';
import { InProcessSignalBus } from '../../../src/signals/signal.js';
import type { Strategy } from '../../../src/strategies/strategy.js';
import { syntheticChain } from '../analytics/synthetic-chain.js';
import { callBuyer, ny, type CallBuyerState } from './fixtures.js';

const HOLD_MINUTES = 30;

/** Buys one 0.5-delta call at the first step, with a scalp's 30-minute time stop. */
function scalpOnce(): Strategy<unknown, CallBuyerState> {
  const buyer = callBuyer('scalp', 24 * 60);
  return {
    ...buyer,
    evaluate(snapshot, context, state) {
      const r = buyer.evaluate(snapshot, context, state);
      return {
        ...r,
        candidates: r.candidates.map((c) => ({
          ...c,
          timeStopAt: context.now + HOLD_MINUTES * 60_000,
        })),
      };
    },
  };
}

function chain(at: number, spot: number): ChainSnapshot {
  return syntheticChain({
    symbol: 'SPY',
    spot,
    asOf: new Date(at).toISOString(),
    expiries: ['2026-03-06'],
    strikesEachSide: 4,
    halfSpread: 0.01,
  });
}

/** One step a minute from 10:00, the spot of each minute from `spotAt`, the chain from `shape`. */
function steps(
  minutes: number,
  spotAt: (minute: number) => number,
  shape: (c: ChainSnapshot, minute: number) => ChainSnapshot = (c) => c,
): MarketStep[] {
  return Array.from({ length: minutes + 1 }, (_, m) => {
    const at = ny(10, 0) + m * 60_000;
    return { at, chains: [shape(chain(at, spotAt(m)), m)] };
  });
}

async function run(list: MarketStep[], before?: (minute: number, halt: () => void) => void) {
  const clock = new FakeClock(ny(10, 0));
  const repository = new MemoryEngineRepository();
  const bus = new InProcessSignalBus((err) => {
    throw err;
  });
  const engine = buildEngine({
    clock,
    config: loadConfig({}),
    repository,
    bus,
    strategies: [scalpOnce()],
  });
  for (const [m, step] of list.entries()) {
    before?.(m, () => engine.overseer.halt(step.at, 'operator test'));
    clock.set(step.at);
    await engine.processStep(step);
  }
  const [position] = engine.book.all();
  return { engine, repository, position };
}

const stop = ny(10, HOLD_MINUTES);

describe('the time stop', () => {
  it('replaces a green ladder exit resting as a limit below the market with a market close', async () => {
    // Up a little (green: stop to breakeven), then down through the entry: the ladder exits with
    // a limit at the entry price, which the falling market never reaches.
    const { engine, repository, position } = await run(
      steps(HOLD_MINUTES + 5, (m) => (m === 0 ? 500 : m === 1 ? 501 : 497)),
    );
    expect(position.ladder.green).toBe(true);
    expect(position.status).toBe('closed');
    expect(position.closedAt).toBe(stop);
    expect(position.exitReason).toBe('time stop');
    expect(position.realizedPnl).toBeLessThan(0);
    const fills = await repository.listFills(position.signalId);
    expect(fills.map((f) => [f.side, f.kind, f.at])).toEqual([
      ['buy', 'trade', ny(10, 0)],
      ['sell', 'trade', stop],
    ]);
    expect(engine.book.live()).toEqual([]);
    expect(engine.closedTrades.map((t) => t.reason)).toEqual(['time stop']);
  });

  it('closes at the next quote with a bid when the contract has none at the time stop', async () => {
    const noBid = (c: ChainSnapshot, m: number): ChainSnapshot =>
      m === HOLD_MINUTES || m === HOLD_MINUTES + 1
        ? { ...c, contracts: c.contracts.map((x) => ({ ...x, bid: 0 })) }
        : c;
    const { repository, position } = await run(steps(HOLD_MINUTES + 3, () => 500, noBid));
    expect(position.status).toBe('closed');
    expect(position.exitReason).toBe('time stop');
    const fills = await repository.listFills(position.signalId);
    expect(fills.map((f) => [f.side, f.at])).toEqual([
      ['buy', ny(10, 0)],
      ['sell', ny(10, HOLD_MINUTES + 2)],
    ]);
  });

  it('closes a position whose contract is missing from the chain at the time stop', async () => {
    const { position } = await run(
      steps(
        HOLD_MINUTES + 3,
        () => 500,
        (c, m) =>
          m >= HOLD_MINUTES ? { ...c, contracts: c.contracts.filter((x) => x.strike !== 500) } : c,
      ),
    );
    expect(position.status).toBe('closed');
    expect(position.exitReason).toBe('time stop');
    expect(position.closedAt).toBe(stop);
  });

  it('is not held back by an overseer halt of new orders', async () => {
    const { engine, position } = await run(
      steps(HOLD_MINUTES + 2, () => 500),
      (m, halt) => {
        if (m === 1) halt();
      },
    );
    expect(engine.overseer.controls.halted).toBe(true);
    expect(position.status).toBe('closed');
    expect(position.closedAt).toBe(stop);
    expect(position.exitReason).toBe('time stop');
  });
});
