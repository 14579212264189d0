import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../../src/common/clock.js';
import type { Database } from '../../../src/database/database.js';
import type { DistributionEngine } from '../../../src/distribution/distribution-engine.js';
import { openTestDatabase, TEST_REDIS_URL } from '../../support/database.js';
import { InMemoryRecipientDirectory, makeRecipients } from '../../support/recipients.js';
import { sampleSignal } from '../../unit/distribution/signal-fixtures.js';
import { buildEngine, sleep, waitFor } from './harness.js';

/** This suite owns Redis db 5 (FLUSHALL there only); other suites use db 0. */
const FLUSH_DB_URL = `${TEST_REDIS_URL.replace(/\/\d*$/, '')}/5`;

describe('Redis FLUSHALL while deliveries are scheduled', () => {
  const clock = new ScaledClock(Date.UTC(2026, 2, 2, 15, 0), 2);
  let db: Database;
  let drop: () => Promise<void>;
  let engine: DistributionEngine;
  const redis = new Redis(FLUSH_DB_URL);

  beforeAll(async () => {
    ({ db, drop } = await openTestDatabase());
    await redis.flushdb();
    engine = buildEngine({
      db,
      clock,
      directory: new InMemoryRecipientDirectory([
        ...makeRecipients(10, 'basic', { telegram: true }),
      ]),
      outboxOnly: true,
      env: { DISTRIBUTION_DELAY_BASIC_S: '8', DISTRIBUTION_DELAY_FREE_S: '12' },
      queue: { kind: 'bull', redisUrl: FLUSH_DB_URL, prefix: 'gdflush', resetCheckMs: 100 },
      // The periodic pass is far off (the default minute): the flush itself must wake it.
    });
    await engine.start({ consume: true, reconcile: true });
  });
  afterAll(async () => {
    await engine.stop();
    await redis.flushdb();
    redis.disconnect();
    await drop();
  });

  it('the reconciler restores every job and all are delivered on time', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const s = sampleSignal({
        id: `SIG-20260302-2${i}0`,
        publishedAt: clock.now(),
        dataAsOf: clock.now(),
      });
      ids.push(s.id);
      await engine.planSignal(s);
    }
    const total = (await Promise.all(ids.map((id) => engine.store.list({ signalId: id })))).flat()
      .length;
    // basic: discord + telegram group + 10 DMs + 10 emails; premium 2; free 3 — per signal
    expect(total).toBe(3 * (2 + 2 + 20 + 3));
    const queuedBefore = await engine.queue.count();
    expect(queuedBefore).toBeGreaterThan(0);

    const pong = await redis.select(5).then(() => redis.ping());
    expect(pong).toBe('PONG');
    await redis.flushall(); // this connection is on db 5; FLUSHALL is this suite's to use here
    expect(await engine.queue.count()).toBe(0);

    await waitFor(
      async () =>
        (
          await Promise.all(ids.map((id) => engine.store.list({ signalId: id, status: 'sent' })))
        ).flat().length === total,
      'every delivery after the flush',
      60_000,
    );
    const rows = (await Promise.all(ids.map((id) => engine.store.list({ signalId: id })))).flat();
    const lateness = rows.filter((r) => r.tier !== 'premium').map((r) => r.sentAt! - r.promisedAt);
    for (const r of rows) expect(r.sentAt! - r.promisedAt).toBeGreaterThanOrEqual(0);
    // On time: the flush woke the reconciler at once (not at its minute tick), so the rows were
    // re-queued before they were due (the basic tier's 8 s is 4 s of wall time here).
    expect(Math.max(...lateness)).toBeLessThan(2_000);
    console.log(
      `after FLUSHALL: ${rows.length} rows, max lateness ${Math.max(...lateness)} ms engine ` +
        `(${Math.max(...lateness) / clock.speed} ms wall)`,
    );
    await sleep(50);
  });
});
