import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import { ConfigError, loadConfig } from '../../../src/config/config.js';
import { buildEngine } from '../../../src/engine/engine-factory.js';
import { LookAheadError } from '../../../src/engine/market-step.js';
import { MemoryEngineRepository } from '../../../src/engine/storage/memory-engine-repository.js';
import { SIGNAL_ID_RE } from '../../../src/engine/storage/lifecycle.js';
import {
  InProcessSignalBus,
  type PublishedSignal,
  type SignalUpdate,
} from '../../../src/signals/signal.js';
import { callBuyer, ny, scriptedSteps } from './fixtures.js';

function setup(
  env: Record<string, string> = {},
  minutes = 30,
  expiring: 'next' | 'today' = 'next',
) {
  const clock = new FakeClock(ny(9, 45));
  const repository = new MemoryEngineRepository();
  const bus = new InProcessSignalBus((err) => {
    throw err;
  });
  const published: PublishedSignal[] = [];
  const updates: SignalUpdate[] = [];
  bus.onPublished((s) => {
    published.push(s);
  });
  bus.onUpdate((u) => {
    updates.push(u);
  });
  const strategy = callBuyer('scalp', minutes, expiring);
  const engine = buildEngine({
    clock,
    config: loadConfig(env),
    repository,
    bus,
    strategies: [strategy],
  });
  return { clock, repository, published, updates, engine };
}

describe('TradingEngine', () => {
  it(
    'keeps a paper-only signal off the bus for good: no publish, no stop move, no close',
    { timeout: 60_000 },
    async () => {
      const { clock, repository, published, updates, engine } = setup();
      engine.overseer.setPaperOnly(clock.now(), true);
      for (const step of scriptedSteps(['SPY'], ny(9, 45), ny(16, 0), 120_000)) {
        clock.set(step.at);
        await engine.processStep(step);
      }
      const signals = await repository.listSignals();
      // Traded on paper and kept, stop moves stored, but nothing reached subscribers.
      expect(signals.filter((s) => s.status === 'closed').length).toBeGreaterThan(0);
      expect(signals.some((s) => (s.stopMoves ?? []).length > 0)).toBe(true);
      expect(published).toEqual([]);
      expect(updates).toEqual([]);
    },
  );

  it(
    'runs analytics → strategy → risk → paper execution → publish, and trails and closes by the ladder',
    { timeout: 60_000 },
    async () => {
      const { clock, repository, published, updates, engine } = setup();
      for (const step of scriptedSteps(['SPY'], ny(9, 45), ny(16, 0), 120_000)) {
        clock.set(step.at);
        await engine.processStep(step);
      }
      expect(published.length).toBeGreaterThanOrEqual(3);
      expect(published.map((s) => s.id)).toEqual(
        published.map((_, i) => `SIG-20260303-${String(i + 1).padStart(3, '0')}`),
      );
      for (const s of published) {
        expect(s.id).toMatch(SIGNAL_ID_RE);
        expect(s.size).toBeGreaterThanOrEqual(1);
        expect(s.stop).toBeLessThan(s.entry);
      }
      expect(updates.some((u) => u.kind === 'stop_moved')).toBe(true);
      const closed = updates.filter((u) => u.kind === 'closed');
      expect(closed.length).toBeGreaterThanOrEqual(2);
      const signals = await repository.listSignals();
      // Every stop move sent was stored with its signal first (the chain rebuilds from them).
      const bySignal = (a: { signalId: string; at: number }, b: { signalId: string; at: number }) =>
        a.signalId.localeCompare(b.signalId) || a.at - b.at;
      const stored = signals.flatMap((s) =>
        (s.stopMoves ?? []).map((m) => ({ signalId: s.id, kind: 'stop_moved', ...m })),
      );
      const sent = updates
        .filter((u) => u.kind === 'stop_moved')
        .map((u) => ({
          signalId: u.signalId,
          kind: u.kind,
          at: u.at,
          newStop: u.newStop,
          reason: u.reason,
        }));
      expect(stored.length).toBeGreaterThan(0);
      expect(stored.sort(bySignal)).toEqual(sent.sort(bySignal));
      const done = signals.filter((s) => s.status === 'closed');
      expect(done.length).toBe(closed.length);
      for (const s of done) {
        expect(s.history.map((h) => h.status)).toEqual([
          'candidate',
          'validated',
          'published',
          'active',
          'closed',
        ]);
        expect(s.outcome).not.toBeNull();
        expect(s.explanation.snapshotId).toBe(s.candidate.snapshotId);
        expect(s.explanation.feedTimestamps['chain:SPY']).toBeLessThanOrEqual(s.createdAt);
        expect(s.explanation.counterfactuals.length).toBeGreaterThan(0);
      }
      // Once green, never closed red: every ladder exit of a trade that had been green made money.
      for (const p of engine.book.all().filter((x) => x.status === 'closed' && x.ladder.green)) {
        expect(p.realizedPnl).toBeGreaterThanOrEqual(0);
      }
      // Entry fills at the ask (plus slippage), exits at the bid.
      const fills = await repository.listFills();
      const firstEntry = fills.find((f) => f.clientOrderId.endsWith(':open'))!;
      expect(firstEntry.price).toBeGreaterThanOrEqual(firstEntry.referencePrice);
      const verdicts = await repository.listVerdicts();
      expect(verdicts.filter((v) => v.status === 'approved').length).toBe(published.length);
      expect(engine.book.pnl(clock.now()).realized).toBeCloseTo(
        engine.closedTrades.reduce((s, t) => s + t.pnl, 0),
        1,
      );
    },
  );

  it('records every rejection with rule, value and limit', async () => {
    const { clock, repository, published, engine } = setup({ RISK_MAX_CONCURRENT_TRADES: '1' }, 5);
    for (const step of scriptedSteps(['SPY'], ny(10, 0), ny(10, 30))) {
      clock.set(step.at);
      await engine.processStep(step);
    }
    const rejected = await repository.listVerdicts({ status: 'rejected' });
    expect(published.length).toBeGreaterThanOrEqual(1);
    expect(rejected.length).toBeGreaterThanOrEqual(1);
    expect(rejected[0].rejections).toEqual([
      expect.objectContaining({ rule: 'max_concurrent_trades', value: 2, limit: 1, passed: false }),
    ]);
  });

  it('manual mode queues approved candidates for a person', async () => {
    const { clock, published, engine } = setup({ RISK_MANUAL_MODE: 'true' });
    const [step] = scriptedSteps(['SPY'], ny(10, 0), ny(10, 0));
    clock.set(step.at);
    await engine.processStep(step);
    expect(published).toEqual([]);
    const [entry] = await engine.manualQueue.pending(clock.now());
    expect(entry.verdict.status).toBe('queued_manual');
    const id = await engine.approveManual(entry.id);
    expect(id).toBe('SIG-20260303-001');
    expect(published.map((s) => s.id)).toEqual(['SIG-20260303-001']);
  });

  it('look-ahead guard: data stamped after the clock never reaches a strategy', async () => {
    const { clock, engine, published } = setup();
    const [early, late] = scriptedSteps(['SPY'], ny(10, 0), ny(10, 1));
    clock.set(ny(10, 0));
    // a step claiming a future instant is refused outright
    await expect(engine.processStep(late)).rejects.toBeInstanceOf(LookAheadError);
    // a chain stamped after the clock inside a present step is dropped
    await engine.processStep({ at: ny(10, 0), chains: late.chains });
    expect(engine.lookAheadRefused).toBe(1);
    expect(published).toEqual([]);
    await engine.processStep(early);
    expect(published).toHaveLength(1);
    expect(published[0].dataAsOf).toBeLessThanOrEqual(clock.now());
  });

  it('the daily loss breaker and the overseer halt stop new orders', async () => {
    const { clock, engine, repository } = setup({}, 1);
    const steps = scriptedSteps(['SPY'], ny(10, 0), ny(10, 20));
    engine.overseer.halt(ny(10, 0), 'operator test');
    for (const step of steps) {
      clock.set(step.at);
      await engine.processStep(step);
    }
    const verdicts = await repository.listVerdicts();
    expect(verdicts.length).toBeGreaterThan(0);
    expect(
      verdicts.every(
        (v) => v.status === 'rejected' && v.rejections.some((r) => r.rule === 'overseer_halt'),
      ),
    ).toBe(true);
  });

  it('closes a same-day position at the market a minute before settlement', async () => {
    // Wide windows and theta limit so a late 0DTE entry passes risk; the point is the exit.
    const { clock, engine, repository, updates } = setup(
      { RISK_DEFAULT_WINDOW: '09:30-16:00', RISK_MIN_NET_THETA: '-100000' },
      600,
      'today',
    );
    for (const step of scriptedSteps(['SPY'], ny(15, 50), ny(16, 0), 60_000)) {
      clock.set(step.at);
      await engine.processStep(step);
    }
    const [trade] = engine.closedTrades;
    expect(trade.reason).toBe('expiry: closed before settlement');
    expect(trade.closedAt).toBe(ny(15, 59));
    expect(engine.book.live()).toEqual([]);
    const fills = await repository.listFills(trade.signalId);
    expect(fills.map((f) => [f.side, f.kind])).toEqual([
      ['buy', 'trade'],
      ['sell', 'trade'],
    ]);
    expect(updates.filter((u) => u.kind === 'closed').map((u) => u.signalId)).toEqual([
      trade.signalId,
    ]);
  });

  it('fails to build with every invalid strategy setting listed at once', () => {
    const build = () =>
      setup({
        STRATEGIES_ENABLED: 'swing,nope',
        STRATEGY_KNOBS_JSON: '{"scalp":{"moveThreshold":-1}}',
      });
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(/unknown strategy "nope"[\s\S]*scalp: moveThreshold/);
  });
});
