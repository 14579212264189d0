import { Test } from '@nestjs/testing';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import { loadConfig } from '../../../src/config/config.js';
import { CONFIG_SLICE, sliceConfig } from '../../../src/config/slices.js';
import { ENGINE_OPTIONS, EngineService } from '../../../src/engine/engine.service.js';
import { CLOCK, HEARTBEATS, SIGNAL_BUS } from '../../../src/core/tokens.js';
import { Heartbeats } from '../../../src/common/heartbeats.js';
import { MemoryEngineRepository } from '../../../src/engine/storage/memory-engine-repository.js';
import { ENGINE_REPOSITORY } from '../../../src/engine/storage/engine-repository.js';
import { InProcessSignalBus, type PublishedSignal } from '../../../src/signals/signal.js';
import {
  STRATEGY_REGISTRY,
  SwitchableStrategyRegistry,
} from '../../../src/strategies/strategy-registry.js';
import { callBuyer, ny, scriptedSteps } from './fixtures.js';

describe('EngineService (live wiring)', () => {
  it('runs offered chains in order, coalescing a backlog to the newest chain of a symbol', async () => {
    const clock = new FakeClock(ny(10, 0));
    const bus = new InProcessSignalBus();
    const published: PublishedSignal[] = [];
    bus.onPublished((s) => {
      published.push(s);
    });
    const moduleRef = await Test.createTestingModule({
      providers: [
        { provide: CONFIG_SLICE.engine, useValue: sliceConfig(loadConfig({})).engine },
        { provide: CLOCK, useValue: clock },
        { provide: SIGNAL_BUS, useValue: bus },
        { provide: HEARTBEATS, useValue: new Heartbeats(clock) },
        { provide: ENGINE_REPOSITORY, useValue: new MemoryEngineRepository() },
        { provide: ENGINE_OPTIONS, useValue: { tickMs: 0, strategies: [callBuyer('scalp', 30)] } },
        { provide: STRATEGY_REGISTRY, useValue: new SwitchableStrategyRegistry(['scalp'], clock) },
        EngineService,
      ],
    }).compile();
    await moduleRef.init();
    const service = moduleRef.get(EngineService);
    expect(service.subscribed).toBe(false); // no MarketDataModule here
    const [a, b, c] = scriptedSteps(['SPY'], ny(10, 0), ny(10, 0, 0) + 2_000, 1_000);
    clock.set(ny(10, 0, 2));
    service.offer(a.chains[0]);
    service.offer(b.chains[0]); // a is still waiting: b replaces it
    service.offer(c.chains[0]);
    await service.idle();
    expect(service.coalesced).toBe(2);
    expect(service.engine.steps).toBe(1);
    expect(published).toHaveLength(1);
    expect(published[0].dataAsOf).toBe(Date.parse(c.chains[0].asOf));
    await moduleRef.close();
  });
});
