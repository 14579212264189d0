import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import { Database } from '../../../src/database/database.js';
import { listOutbox } from '../../../src/distribution/adapters/outbox.js';
import { distributionTimelineFrom } from '../../../src/sandbox/story/delivery-report.js';
import type { DistributionEngine } from '../../../src/distribution/distribution-engine.js';
import { InMemoryRecipientDirectory, makeRecipients } from '../../support/recipients.js';
import { sampleSignal } from '../../unit/distribution/signal-fixtures.js';
import { buildEngine, waitFor } from './harness.js';

/** The demo's setup: embedded PostgreSQL (one connection) and the in-process queue. */
describe('distribution on the embedded database with the in-process queue', () => {
  const clock = new FakeClock(Date.UTC(2026, 2, 2, 15, 0));
  let db: Database;
  let engine: DistributionEngine;

  beforeAll(async () => {
    db = await Database.open({
      DATA_DIR: '.data',
      EMBEDDED_DB_IN_MEMORY: true,
      EMBEDDED_DB_PORT: 0,
    });
    engine = buildEngine({
      db,
      clock,
      directory: new InMemoryRecipientDirectory([
        ...makeRecipients(30, 'premium', { telegram: true }),
        ...makeRecipients(30, 'basic', { telegram: true }),
      ]),
    });
    await engine.start({ consume: true, reconcile: true });
  });
  afterAll(async () => {
    await engine.stop();
    await db.close();
  });

  it('delivers each signal three times over into the outbox', async () => {
    const signals = [1, 2, 3].map((n) =>
      sampleSignal({
        id: `SIG-20260302-00${n}`,
        publishedAt: clock.now() + n,
        dataAsOf: clock.now(),
      }),
    );
    // Each signal published at its time, its Premium rows out before the next: the lower tiers'
    // promises are measured from Premium's first send.
    let premium = 0;
    for (const s of signals) {
      clock.set(s.publishedAt);
      await engine.planSignal(s);
      premium += 2 + 60;
      await waitFor(
        async () => (await engine.store.countByStatus()).sent === premium,
        'premium sent',
        60_000,
      );
    }
    const total = 3 * (2 + 60 + 2 + 60 + 3);
    clock.advance(60_000);
    clock.advance(240_010);
    await waitFor(
      async () => (await engine.store.countByStatus()).sent === total,
      'all sent',
      60_000,
    );
    expect((await listOutbox(db.dataSource, { limit: 10_000 })).length).toBe(total);
    const timeline = await distributionTimelineFrom(db.dataSource);
    expect(timeline.map((t) => t.tiers.map((d) => d.promisedOffsetMs))).toEqual([
      [0, 60_000, 300_000],
      [0, 60_000, 300_000],
      [0, 60_000, 300_000],
    ]);
  });
});
