/**
 * Strategy switches in PostgreSQL: a switch made by one process's registry (the API) reaches the
 * engine process's registry on its next refresh, and survives a restart (a fresh registry).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import type { Database } from '../../../src/database/database.js';
import { PostgresStrategySwitchStore } from '../../../src/engine/storage/postgres-strategy-switches.js';
import { SwitchableStrategyRegistry } from '../../../src/strategies/strategy-registry.js';
import { openTestDatabase, reopenTestDatabase } from '../../support/database.js';
import { ny } from '../../unit/engine/fixtures.js';

describe('PostgresStrategySwitchStore', () => {
  let db: Database;
  let other: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const t = await openTestDatabase();
    db = t.db;
    drop = t.drop;
    other = await reopenTestDatabase(t.schema);
  });
  afterAll(async () => {
    await other.close();
    await drop();
  });

  it('a switch made in one process reaches another on refresh and survives a restart', async () => {
    const clock = new FakeClock(ny(10, 0));
    const api = new SwitchableStrategyRegistry(
      ['all'],
      clock,
      new PostgresStrategySwitchStore(db.dataSource),
    );
    const engine = new SwitchableStrategyRegistry(
      ['all'],
      clock,
      new PostgresStrategySwitchStore(other.dataSource),
    );
    await api.setEnabled('scalp', false, 'operator');
    clock.set(ny(10, 5));
    await api.setEnabled('scalp', false, 'portal');
    expect(engine.isEnabled('scalp')).toBe(true);
    await engine.refresh();
    expect(engine.isEnabled('scalp')).toBe(false);
    expect(engine.list().find((s) => s.name === 'scalp')).toMatchObject({
      configured: true,
      changedBy: 'portal',
      changedAt: ny(10, 5),
    });

    await api.setEnabled('scalp', true, 'operator');
    const restarted = new SwitchableStrategyRegistry(
      ['swing'],
      clock,
      new PostgresStrategySwitchStore(db.dataSource),
    );
    await restarted.refresh();
    expect(restarted.isEnabled('scalp')).toBe(true);
    expect(restarted.isEnabled('swing')).toBe(true);
    expect(restarted.isEnabled('gex_squeeze')).toBe(false);
  });
});
