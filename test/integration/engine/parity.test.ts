/**
 * PARITY: one recorded session replayed through the live pipeline (Nest EngineModule, chains handed
 * to EngineService as they arrive, PostgreSQL repository) and through the backtester (recorded
 * source, memory repository) gives the same published signals, the same fills, the same updates.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/backtest/backtester.js';
import { recordedSessions } from '../../../src/backtest/sources.js';
import { FakeClock } from '../../../src/common/clock.js';
import { loadConfig } from '../../../src/config/config.js';
import { CoreModule } from '../../../src/core/core.module.js';
import { EngineModule } from '../../../src/engine/engine.module.js';
import { EngineService } from '../../../src/engine/engine.service.js';
import { buildStrategies, STRATEGY_NAMES } from '../../../src/engine/strategy-set.js';
import type { Fill } from '../../../src/execution/broker.js';
import type { ChainSnapshot } from '../../../src/market-data/chain-snapshot.js';
import {
  readManifest,
  readMergedSnapshots,
  RecordingWriter,
} from '../../../src/market-data/recording/recording.js';
import {
  ENGINE_REPOSITORY,
  type EngineRepository,
} from '../../../src/engine/storage/engine-repository.js';
import {
  InProcessSignalBus,
  type PublishedSignal,
  type SignalUpdate,
} from '../../../src/signals/signal.js';
import { openTestDatabase } from '../../support/database.js';
import { callBuyer, ny, scriptedSteps } from '../../unit/engine/fixtures.js';

const fillKey = (f: Fill) => ({
  signalId: f.signalId,
  occSymbol: f.occSymbol,
  side: f.side,
  quantity: f.quantity,
  price: f.price,
  at: f.at,
  kind: f.kind,
  clientOrderId: f.clientOrderId,
});

describe('parity: live pipeline vs backtester on one recorded session', () => {
  let ctx: Awaited<ReturnType<typeof openTestDatabase>>;
  let dir: string;
  // A looser theta limit lets more of the real strategies' trades through: more to compare.
  const config = loadConfig({ RISK_MIN_NET_THETA: '-5000' });
  // The timer strategy takes volume_spike's name so every other real strategy runs beside it.
  const strategies = () => [
    callBuyer('volume_spike', 20),
    ...buildStrategies(STRATEGY_NAMES.filter((n) => n !== 'volume_spike')),
  ];

  beforeAll(async () => {
    ctx = await openTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'gd-parity-'));
    const writer = await RecordingWriter.create(dir, {
      provider: 'simulator',
      date: '2026-03-03',
      intervalMs: 60_000,
      createdAt: '2026-03-03T21:00:00Z',
    });
    for (const step of scriptedSteps(['SPY', 'QQQ'], ny(9, 45), ny(13, 0), 60_000)) {
      for (const chain of step.chains) await writer.write(chain);
    }
    await writer.close();
  });
  afterAll(async () => {
    await ctx?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('gives identical signals, updates and fills', async () => {
    // Backtester path.
    const bt = await runBacktest({
      config,
      strategies: strategies(),
      steps: recordedSessions(dir, {
        from: '2026-03-03',
        to: '2026-03-03',
        symbols: ['SPY', 'QQQ'],
      }),
    });

    // Live path: the Nest module, a replay clock, chains handed over one by one as they arrive.
    const clock = new FakeClock(ny(9, 0));
    const bus = new InProcessSignalBus();
    const livePublished: PublishedSignal[] = [];
    const liveUpdates: SignalUpdate[] = [];
    bus.onPublished((s) => {
      livePublished.push(s);
    });
    bus.onUpdate((u) => {
      liveUpdates.push(u);
    });
    const moduleRef = await Test.createTestingModule({
      imports: [
        CoreModule.forRoot({ config, clock, database: ctx.db, redis: null, signalBus: bus }),
        EngineModule.forRoot({ tickMs: 0, strategies: strategies(), marketData: false }),
      ],
    }).compile();
    await moduleRef.init();
    const service = moduleRef.get(EngineService);
    const manifest = await readManifest(dir);
    // A poll of several symbols arrives together, as the ingest scheduler delivers it.
    let batch: ChainSnapshot[] = [];
    const deliver = async (): Promise<void> => {
      if (batch.length === 0) return;
      clock.set(Date.parse(batch[0].asOf));
      await service.onChains(batch);
      batch = [];
    };
    for await (const chain of readMergedSnapshots(dir, manifest, ['QQQ', 'SPY'])) {
      if (batch.length > 0 && batch[0].asOf !== chain.asOf) await deliver();
      batch.push(chain);
    }
    await deliver();
    await service.idle();
    const repo = moduleRef.get<EngineRepository>(ENGINE_REPOSITORY);
    const liveFills = await repo.listFills();
    const liveSignals = await repo.listSignals();
    await moduleRef.close();

    expect(bt.published.length).toBeGreaterThanOrEqual(3);
    expect(livePublished).toEqual(bt.published);
    // and the stored lifecycle, outcomes and fills
    expect(liveSignals.map((s) => [s.id, s.status, s.outcome])).toEqual(
      bt.signals.map((s) => [s.id, s.status, s.outcome]),
    );
    expect(liveFills.map(fillKey)).toEqual(bt.fills.map(fillKey));
    expect(liveUpdates.filter((u) => u.kind === 'closed').length).toBe(
      bt.signals.filter((s) => s.status === 'closed').length,
    );
    expect(bt.report.lookAheadRefused).toBe(0);
  });
});
