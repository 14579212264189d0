import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresEngineRepository } from '../../../src/engine/storage/postgres-engine-repository.js';
import { MemoryEngineRepository } from '../../../src/engine/storage/memory-engine-repository.js';
import type { EngineRepository } from '../../../src/engine/storage/engine-repository.js';
import { formatSignalId, type SignalRecord } from '../../../src/engine/storage/lifecycle.js';
import type { Position } from '../../../src/execution/positions.js';
import { initialLadderState } from '../../../src/execution/trailing-ladder.js';
import { openTestDatabase } from '../../support/database.js';
import { candidate, ny } from '../../unit/engine/fixtures.js';

function signal(id: string, at: number): SignalRecord {
  const c = candidate();
  return {
    id,
    status: 'published',
    strategy: c.strategy,
    setup: c.setup,
    symbol: c.symbol,
    direction: c.direction,
    candidate: c,
    published: null,
    explanation: {
      candidateKey: 'k',
      strategy: c.strategy,
      setup: c.setup,
      symbol: c.symbol,
      triggeredBy: c.triggeredBy,
      inputs: c.inputs,
      snapshotId: c.snapshotId,
      dataAsOf: c.dataAsOf,
      feedTimestamps: { 'chain:SPY': c.dataAsOf },
      counterfactuals: c.counterfactuals,
      regime: { label: 'volatile', confidence: 0.6 },
      regimeHitRate: null,
      risk: { checks: [], quantity: 2, kellyFraction: 0.06, winRate: 0.5 },
    },
    outcome: null,
    history: [{ status: 'published', at }],
    createdAt: at,
    updatedAt: at,
  };
}

const position: Position = {
  signalId: 'SIG-20260303-001',
  strategy: 'scalp',
  setup: 's',
  symbol: 'SPY',
  direction: 'bullish',
  legs: [
    {
      occSymbol: 'A',
      right: 'call',
      strike: 600,
      expiry: '2026-03-03',
      side: 'buy',
      quantity: 1,
      openedQty: 2,
      openAvg: 1.1,
      closedQty: 0,
      closeAvg: 0,
    },
  ],
  targetUnits: 2,
  status: 'open',
  openedAt: ny(10, 0),
  closedAt: null,
  entryNet: 1.1,
  markNet: 1.2,
  lastReturn: 0.09,
  ladder: initialLadderState(),
  greeksPerUnit: { delta: 0.5, gamma: 0.05, theta: -0.2, vega: 0.1 },
  riskPerContract: 40,
  timeStopAt: null,
  realizedPnl: 0,
  exitReason: null,
  updatedAt: ny(10, 0),
};

async function exercise(repo: EngineRepository): Promise<void> {
  expect(await repo.nextSignalSequence('20260303')).toBe(1);
  expect(await repo.nextSignalSequence('20260303')).toBe(2);
  expect(await repo.nextSignalSequence('20260304')).toBe(1);
  const a = signal(formatSignalId('20260303', 1), ny(10, 0));
  await repo.saveSignal(a);
  await repo.saveSignal(signal(formatSignalId('20260303', 2), ny(11, 0)));
  await repo.saveSignal({
    ...a,
    status: 'closed',
    outcome: { exitPrice: 2, returnPct: 0.5, pnl: 100, reason: 'ladder', win: true },
    updatedAt: ny(12, 0),
  });
  const got = await repo.getSignal(a.id);
  expect(got).toEqual({
    ...a,
    status: 'closed',
    outcome: { exitPrice: 2, returnPct: 0.5, pnl: 100, reason: 'ladder', win: true },
    updatedAt: ny(12, 0),
  });
  expect((await repo.listSignals({ from: ny(10, 30) })).map((s) => s.id)).toEqual([
    'SIG-20260303-002',
  ]);
  await repo.saveVerdict({
    candidateKey: 'k1',
    status: 'rejected',
    strategy: 'swing',
    setup: 'x',
    symbol: 'QQQ',
    quantity: 0,
    signalId: null,
    checks: [],
    rejections: [
      {
        rule: 'net_delta',
        passed: false,
        value: 2100,
        limit: 2000,
        message: 'net delta after order 2100',
      },
    ],
    evaluatedAt: ny(10, 0),
  });
  await repo.saveVerdict({
    candidateKey: 'k2',
    status: 'approved',
    strategy: 'swing',
    setup: 'x',
    symbol: 'QQQ',
    quantity: 2,
    signalId: a.id,
    checks: [],
    rejections: [],
    evaluatedAt: ny(10, 1),
  });
  const rejected = await repo.listVerdicts({ status: 'rejected' });
  expect(rejected).toHaveLength(1);
  expect(rejected[0].rejections[0]).toMatchObject({ rule: 'net_delta', value: 2100, limit: 2000 });
  await repo.savePosition(position);
  await repo.savePosition({
    ...position,
    status: 'closed',
    realizedPnl: 55.5,
    closedAt: ny(12, 0),
  });
  expect(await repo.listPositions()).toEqual([
    { ...position, status: 'closed', realizedPnl: 55.5, closedAt: ny(12, 0) },
  ]);
  const fill = {
    id: 'PF-1',
    orderId: 'PO-1',
    clientOrderId: 'c',
    signalId: a.id,
    occSymbol: 'A',
    side: 'buy' as const,
    quantity: 2,
    price: 1.1,
    referencePrice: 1.09,
    slippage: 0.01 / 1.09,
    at: ny(10, 0),
    kind: 'trade' as const,
  };
  await repo.saveFill(fill);
  expect(await repo.listFills(a.id)).toEqual([fill]);
  expect(await repo.listFills('nope')).toEqual([]);
  await repo.saveAlert({
    at: ny(10, 0),
    level: 'critical',
    kind: 'data_freshness',
    action: 'halt',
    symbol: null,
    strategy: null,
    message: 'data 12 s old',
    context: { ageMs: 12_000 },
  });
  await repo.saveAlert({
    at: ny(10, 1),
    level: 'warning',
    kind: 'slippage',
    action: 'none',
    symbol: 'SPY',
    strategy: 'scalp',
    message: 'slippage 3%',
    context: { slippage: 0.03 },
  });
  const alerts = await repo.listAlerts(10);
  expect(alerts.map((x) => x.kind)).toEqual(['slippage', 'data_freshness']);
  expect(alerts[1]).toEqual({
    at: ny(10, 0),
    level: 'critical',
    kind: 'data_freshness',
    action: 'halt',
    symbol: null,
    strategy: null,
    message: 'data 12 s old',
    context: { ageMs: 12_000 },
  });
}

describe('engine repository on a real PostgreSQL', () => {
  let ctx: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    ctx = await openTestDatabase();
  });
  afterAll(async () => ctx?.drop());

  it('stores and reads signals, sequences, verdicts, positions, fills and alerts', async () => {
    await exercise(new PostgresEngineRepository(ctx.db.dataSource));
  });

  it('hands out distinct sequence numbers to concurrent callers', async () => {
    const repo = new PostgresEngineRepository(ctx.db.dataSource);
    const got = await Promise.all(
      Array.from({ length: 20 }, () => repo.nextSignalSequence('20260305')),
    );
    expect([...got].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('the memory repository behaves the same', async () => {
    await exercise(new MemoryEngineRepository());
  });
});
