import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import type { Database } from '../../../src/database/database.js';
import type { DistributionEngine } from '../../../src/distribution/distribution-engine.js';
import { subscribeToSignals } from '../../../src/distribution/intake.js';
import { InProcessSignalBus } from '../../../src/signals/signal.js';
import type { RecipientDirectory } from '../../../src/subscribers/recipient-directory.js';
import { openTestDatabase } from '../../support/database.js';
import { InMemoryRecipientDirectory, makeRecipients } from '../../support/recipients.js';
import { sampleSignal } from '../../unit/distribution/signal-fixtures.js';
import { buildEngine, sleep, waitFor } from './harness.js';
import { RecordingSender, tally } from './recording-sender.js';

/** Premium: discord + telegram group + 2 DMs + 2 emails; basic: 2 + 1 DM + 1 email; free: 3. */
const EXPECTED = 6 + 4 + 3;

function recipients(): InMemoryRecipientDirectory {
  return new InMemoryRecipientDirectory([
    ...makeRecipients(2, 'premium', { telegram: true }),
    ...makeRecipients(1, 'basic', { telegram: true }),
    ...makeRecipients(1, 'free', { telegram: true }),
  ]);
}

/** A directory whose answers wait until `open()` (a slow subscriber query). */
class GatedDirectory implements RecipientDirectory {
  private release!: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.release = resolve));
  constructor(private readonly inner: RecipientDirectory) {}
  open(): void {
    this.release();
  }
  async listRecipients(q: Parameters<RecipientDirectory['listRecipients']>[0]) {
    await this.gate;
    return this.inner.listRecipients(q);
  }
  getRecipient(id: string) {
    return this.inner.getRecipient(id);
  }
}

describe('the plan is written Premium first', () => {
  let db: Database;
  let schema: string;
  let drop: () => Promise<void>;
  const engines: DistributionEngine[] = [];

  beforeAll(async () => {
    ({ db, drop, schema } = await openTestDatabase());
  });
  afterAll(async () => {
    for (const e of engines) await e.stop();
    await drop();
  });

  it("Premium's broadcasts go out while the recipient directory has not answered yet", async () => {
    const clock = new FakeClock(Date.UTC(2026, 2, 2, 15, 0));
    const platform = new RecordingSender(clock);
    const directory = new GatedDirectory(recipients());
    const engine = buildEngine({ db, clock, directory, sender: platform });
    engines.push(engine);
    await engine.start({ consume: true, reconcile: false });
    const signal = sampleSignal({ publishedAt: clock.now(), dataAsOf: clock.now() - 1000 });

    const planning = engine.planSignal(signal);
    await waitFor(() => platform.sends.length === 2, "Premium's broadcasts before the fan-out");
    expect(platform.sends.map((s) => [s.tier, s.channel, s.recipient]).sort()).toEqual([
      ['premium', 'discord', ''],
      ['premium', 'telegram', ''],
    ]);
    // Only the event and Premium's broadcast rows are written so far.
    expect((await engine.store.list({ signalId: signal.id })).length).toBe(2);

    directory.open();
    const plan = await planning;
    expect(plan.rows).toBe(EXPECTED);
    const rows = () => engine.store.list({ signalId: signal.id });
    await waitFor(
      async () => (await rows()).filter((r) => r.status === 'sent').length === 6,
      'the rest of Premium',
    );
    clock.advance(300_000);
    await waitFor(
      async () => (await rows()).filter((r) => r.status === 'sent').length === EXPECTED,
      'basic and free',
    );
    const all = await rows();
    expect(tally(EXPECTED, all, platform.sends)).toEqual({
      expected: EXPECTED,
      delivered: EXPECTED,
      lost: 0,
      duplicated: 0,
      early: 0,
    });
    // Every lower-tier message after every Premium one.
    const lastPremium = Math.max(
      ...platform.sends.filter((s) => s.tier === 'premium').map((s) => s.at),
    );
    expect(
      platform.sends.filter((s) => s.tier !== 'premium').every((s) => s.at > lastPremium),
    ).toBe(true);
  });

  it('a plan that fails after Premium went out is completed by the replay, every row once', async () => {
    // The second plan insert of the whole suite fails: the new signal's first phase (Premium's
    // broadcasts) commits, its next phase does not.
    const before: { n: string }[] = await db.dataSource.query(
      `SELECT count(*) AS n FROM ${schema}.delivery`,
    );
    expect(Number(before[0].n)).toBe(EXPECTED);
    await db.dataSource.query(`CREATE SEQUENCE ${schema}.plan_inserts`);
    await db.dataSource.query(`
      CREATE FUNCTION ${schema}.fail_second_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF nextval('${schema}.plan_inserts') = 2 THEN
          RAISE EXCEPTION 'injected failure mid-plan';
        END IF;
        RETURN NULL;
      END $$`);
    await db.dataSource.query(`
      CREATE TRIGGER fail_second_insert BEFORE INSERT ON ${schema}.delivery
        FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.fail_second_insert()`);

    const clock = new FakeClock(Date.UTC(2026, 2, 2, 16, 0));
    const platform = new RecordingSender(clock);
    const engine = buildEngine({
      db,
      clock,
      directory: recipients(),
      sender: platform,
      settings: { reconcileIntervalMs: 200, backoffBaseMs: 50 },
    });
    engines.push(engine);
    const bus = new InProcessSignalBus();
    subscribeToSignals(bus, engine);
    await engine.start({ consume: true, reconcile: true });
    const signal = sampleSignal({
      id: 'SIG-20260302-090',
      publishedAt: clock.now(),
      dataAsOf: clock.now() - 1000,
    });
    await bus.publish(signal);

    const rows = () => engine.store.list({ signalId: signal.id });
    await waitFor(
      async () => (await rows()).filter((r) => r.status === 'sent').length === 6,
      'Premium after the replay',
    );
    clock.advance(300_000);
    await waitFor(
      async () => (await rows()).filter((r) => r.status === 'sent').length === EXPECTED,
      'every tier',
    );
    await sleep(300); // a reconciler pass or two more: nothing is planned or sent twice
    const all = await rows();
    expect(all.length).toBe(EXPECTED);
    expect(tally(EXPECTED, all, platform.sends)).toEqual({
      expected: EXPECTED,
      delivered: EXPECTED,
      lost: 0,
      duplicated: 0,
      early: 0,
    });
    const failed = (await engine.store.alerts()).filter((a) => a.kind === 'plan_failed');
    expect(failed.map((a) => a.detail)).toEqual([
      expect.objectContaining({ signalId: signal.id, stage: 'plan' }),
    ]);
    const publications: { attempts: number; planned: boolean }[] = await db.dataSource.query(
      `SELECT attempts, planned_at IS NOT NULL AS planned FROM ${schema}.distribution_publication`,
    );
    expect(publications).toEqual([{ attempts: 1, planned: true }]);
  });
});
