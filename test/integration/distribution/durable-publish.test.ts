import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import type { Database } from '../../../src/database/database.js';
import type { DistributionEngine } from '../../../src/distribution/distribution-engine.js';
import { subscribeToSignals } from '../../../src/distribution/intake.js';
import { InProcessSignalBus, type SignalUpdate } from '../../../src/signals/signal.js';
import { openTestDatabase } from '../../support/database.js';
import { InMemoryRecipientDirectory, makeRecipients } from '../../support/recipients.js';
import { sampleSignal } from '../../unit/distribution/signal-fixtures.js';
import { buildEngine, recordingLogger, sleep, waitFor } from './harness.js';
import { RecordingSender, tally } from './recording-sender.js';

describe('publishing is durable: a failed plan is replayed, not lost', () => {
  let db: Database;
  let drop: () => Promise<void>;
  let engine: DistributionEngine;
  const clock = new FakeClock(Date.UTC(2026, 2, 2, 15, 0));
  const platform = new RecordingSender(clock);
  const logger = recordingLogger();
  const busErrors: unknown[] = [];
  const bus = new InProcessSignalBus((err) => busErrors.push(err));
  const directory = new InMemoryRecipientDirectory([
    ...makeRecipients(2, 'premium', { telegram: true }),
    ...makeRecipients(1, 'basic', { telegram: true }),
    ...makeRecipients(1, 'free', { telegram: true }),
  ]);

  beforeAll(async () => {
    let schema: string;
    ({ db, drop, schema } = await openTestDatabase());
    // The first two plan inserts fail as a database error would (the sequence is not rolled back).
    await db.dataSource.query(`CREATE SEQUENCE ${schema}.plan_insert_attempts`);
    await db.dataSource.query(`
      CREATE FUNCTION ${schema}.fail_first_plans() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF nextval('${schema}.plan_insert_attempts') <= 2 THEN
          RAISE EXCEPTION 'injected failure of the plan insert';
        END IF;
        RETURN NULL;
      END $$`);
    await db.dataSource.query(`
      CREATE TRIGGER fail_first_plans BEFORE INSERT ON ${schema}.delivery
        FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.fail_first_plans()`);
    engine = buildEngine({
      db,
      clock,
      directory,
      logger,
      sender: platform,
      settings: { reconcileIntervalMs: 200, backoffBaseMs: 50 },
    });
    subscribeToSignals(bus, engine);
    await engine.start({ consume: true, reconcile: true });
  });
  afterAll(async () => {
    await engine.stop();
    await drop();
  });

  it('the plan insert fails twice, then succeeds: every tier receives the signal and its update once', async () => {
    const signal = sampleSignal({ publishedAt: clock.now(), dataAsOf: clock.now() - 1000 });
    await bus.publish(signal);
    const moved: SignalUpdate = {
      signalId: signal.id,
      kind: 'stop_moved',
      at: clock.now(),
      newStop: 0.95,
      reason: 'trail',
    };
    await bus.update(moved); // arrives while its signal's plan is still failing
    expect(busErrors).toEqual([]);

    // premium: discord + telegram group + 2 DMs + 2 emails; basic: 2 + 1 + 1; free: 3 broadcasts;
    // the stop move: premium 6, basic 4, free nothing.
    const expected = 6 + 4 + 3 + (6 + 4);
    const rows = () => engine.store.list({ signalId: signal.id });
    await waitFor(
      async () => (await rows()).filter((r) => r.status === 'sent').length === 12,
      'premium after the replayed plan',
    );
    clock.advance(60_001);
    await waitFor(
      async () => (await rows()).filter((r) => r.status === 'sent').length === 20,
      'basic',
    );
    clock.advance(240_000);
    await waitFor(
      async () => (await rows()).filter((r) => r.status === 'sent').length === expected,
      'free',
    );
    await sleep(300); // a reconciler pass or two more: nothing is planned or sent twice
    const all = await rows();
    expect(all.length).toBe(expected);
    const result = tally(expected, all, platform.sends);
    console.log(`durable publish: ${JSON.stringify(result)}`);
    expect(result).toEqual({ expected, delivered: expected, lost: 0, duplicated: 0, early: 0 });

    const alerts = (await engine.store.alerts()).filter((a) => a.kind === 'plan_failed');
    expect(alerts.length).toBe(2);
    expect(alerts[0].detail).toMatchObject({ signalId: signal.id, kind: 'signal' });
    const logged = logger.lines.filter(
      (l) => l.level === 'error' && l.detail.alert === 'plan_failed',
    );
    expect(logged.length).toBe(2);
    expect(JSON.stringify(logged)).toContain('injected failure of the plan insert');
    expect(JSON.stringify(logger.lines)).not.toContain('@example.test');
    const publications: { kind: string; attempts: number; planned: boolean }[] =
      await db.dataSource.query(
        `SELECT kind, attempts, planned_at IS NOT NULL AS planned FROM distribution_publication
          ORDER BY id`,
      );
    expect(publications).toEqual([
      { kind: 'signal', attempts: 2, planned: true },
      { kind: 'stop_moved', attempts: 0, planned: true },
    ]);
  });
});
