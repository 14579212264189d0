/**
 * The strategy registry: STRATEGIES_ENABLED gives the configured state, switches override it, a
 * stored switch reaches another process's registry on refresh, and the engine runs only what the
 * registry enables from the next step on.
 */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import { loadConfig } from '../../../src/config/config.js';
import { buildEngine } from '../../../src/engine/engine-factory.js';
import { MemoryEngineRepository } from '../../../src/engine/storage/memory-engine-repository.js';
import { InProcessSignalBus, type PublishedSignal } from '../../../src/signals/signal.js';
import {
  SwitchableStrategyRegistry,
  UnknownStrategyError,
  type StrategySwitch,
  type StrategySwitchStore,
} from '../../../src/strategies/strategy-registry.js';
import { callBuyer, ny, scriptedSteps } from '../engine/fixtures.js';

class MemorySwitchStore implements StrategySwitchStore {
  readonly rows = new Map<string, StrategySwitch>();
  load(): Promise<StrategySwitch[]> {
    return Promise.resolve([...this.rows.values()]);
  }
  save(change: StrategySwitch): Promise<void> {
    this.rows.set(change.name, change);
    return Promise.resolve();
  }
}

describe('SwitchableStrategyRegistry', () => {
  it('starts from the configured names, switches override them, and refresh reads the store', async () => {
    const clock = new FakeClock(ny(9, 30));
    const store = new MemorySwitchStore();
    const api = new SwitchableStrategyRegistry(['scalp', 'swing'], clock, store);
    const engine = new SwitchableStrategyRegistry(['scalp', 'swing'], clock, store);
    expect(api.list()).toHaveLength(11);
    expect(api.isEnabled('scalp')).toBe(true);
    expect(api.isEnabled('gex_squeeze')).toBe(false);

    const off = await api.setEnabled('scalp', false, 'operator');
    expect(off).toEqual({
      name: 'scalp',
      enabled: false,
      configured: true,
      changedBy: 'operator',
      changedAt: ny(9, 30),
    });
    await api.setEnabled('gex_squeeze', true, 'operator');
    expect(engine.isEnabled('scalp')).toBe(true);
    await engine.refresh();
    expect(engine.isEnabled('scalp')).toBe(false);
    expect(engine.isEnabled('gex_squeeze')).toBe(true);
    expect(engine.isEnabled('swing')).toBe(true);
    await expect(api.setEnabled('nope', true, 'operator')).rejects.toBeInstanceOf(
      UnknownStrategyError,
    );
    expect(new SwitchableStrategyRegistry(['all'], clock).list().every((s) => s.enabled)).toBe(
      true,
    );
  });

  it('the engine evaluates only the strategies the registry enables, from the next step on', async () => {
    const clock = new FakeClock(ny(9, 45));
    const bus = new InProcessSignalBus((err) => {
      throw err;
    });
    const published: PublishedSignal[] = [];
    bus.onPublished((s) => {
      published.push(s);
    });
    const engine = buildEngine({
      clock,
      config: loadConfig({}),
      repository: new MemoryEngineRepository(),
      bus,
      strategies: [callBuyer('scalp', 20)],
    });
    const steps = [...scriptedSteps(['SPY'], ny(9, 45), ny(15, 0), 120_000)];
    const run = async (from: number, to: number) => {
      for (const step of steps.filter((s) => s.at >= from && s.at < to)) {
        clock.set(step.at);
        await engine.processStep(step);
      }
    };
    await run(ny(9, 45), ny(11, 0));
    const before = published.length;
    expect(before).toBeGreaterThan(0);
    await engine.strategies.setEnabled('scalp', false, 'operator');
    expect(engine.runningStrategies()).toEqual([]);
    await run(ny(11, 0), ny(13, 0));
    expect(published.length).toBe(before);
    await engine.strategies.setEnabled('scalp', true, 'operator');
    await run(ny(13, 0), ny(15, 0));
    expect(published.length).toBeGreaterThan(before);
    expect(published.every((s) => s.strategy === 'scalp')).toBe(true);
  });
});
