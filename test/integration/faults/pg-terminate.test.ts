import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../../src/common/clock.js';
import { loadConfig } from '../../../src/config/config.js';
import { DeliveryStore } from '../../../src/distribution/delivery-store.js';
import {
  DistributionEngine,
  type DeliveryJobData,
} from '../../../src/distribution/distribution-engine.js';
import { settingsFromConfig } from '../../../src/distribution/distribution.service.js';
import { TemplateRenderer } from '../../../src/distribution/renderer.js';
import { SenderRegistry } from '../../../src/distribution/senders.js';
import { tierPolicyFromConfig } from '../../../src/distribution/tier-policy.js';
import { InProcessDelayQueue } from '../../../src/queue/in-process-delay-queue.js';
import { openTestDatabase, TEST_DATABASE_URL } from '../../support/database.js';
import { InMemoryRecipientDirectory, makeRecipients } from '../../support/recipients.js';
import { sampleSignal } from '../../unit/distribution/signal-fixtures.js';
import { sleep, waitFor } from '../distribution/harness.js';
import { RecordingSender } from './recording-sender.js';

/**
 * PostgreSQL terminates the app's busy connections (pg_terminate_backend, as a failover or an
 * operator would) again and again while signals are planned and delivered: the process stays up
 * (an unhandled pg 'error' event would fail this file) and every planned row is sent exactly once.
 */
describe('PostgreSQL terminating the app connections while signals publish', () => {
  const clock = new ScaledClock(Date.UTC(2026, 2, 2, 15, 0), 20);
  const sender = new RecordingSender();
  const admin = new Client({ connectionString: TEST_DATABASE_URL });
  let ctx: Awaited<ReturnType<typeof openTestDatabase>>;
  let engine: DistributionEngine;

  beforeAll(async () => {
    ctx = await openTestDatabase();
    await admin.connect();
    const config = loadConfig({
      NODE_ENV: 'test',
      DISTRIBUTION_DELAY_BASIC_S: '20',
      DISTRIBUTION_DELAY_FREE_S: '40',
    });
    engine = new DistributionEngine({
      clock,
      store: new DeliveryStore(ctx.db.dataSource),
      policy: tierPolicyFromConfig(config),
      directory: new InMemoryRecipientDirectory([
        ...makeRecipients(15, 'premium', { telegram: true }),
        ...makeRecipients(10, 'basic', { telegram: true }),
      ]),
      senders: new SenderRegistry(sender),
      queue: new InProcessDelayQueue<DeliveryJobData>('deliveries', clock),
      renderer: new TemplateRenderer(),
      settings: {
        ...settingsFromConfig(config),
        reconcileIntervalMs: 300,
        // Longer than a statement's retries on fresh connections (about 3 s), as in production.
        sendingLeaseMs: 10_000,
        backoffBaseMs: 50,
        backoffMaxMs: 200,
        maxAttempts: 50,
      },
    });
    await engine.start({ consume: true, reconcile: true });
  });
  afterAll(async () => {
    await engine.stop();
    await admin.end();
    await ctx.drop();
  });

  it('stays up and sends every planned row exactly once', async () => {
    // Only this suite's sessions: the app names its connections after the schema.
    const appName = `gammadesk/${ctx.schema}`;
    let terminated = 0;
    let killing = true;
    const killer = (async () => {
      while (killing) {
        const r = await admin.query<{ n: string }>(
          `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) AS n
             FROM pg_stat_activity WHERE application_name = $1`,
          [appName],
        );
        terminated += Number(r.rows[0].n);
        await sleep(100);
      }
    })();

    const signalIds: string[] = [];
    let planFailures = 0;
    for (let i = 0; i < 12; i++) {
      const signal = sampleSignal({
        id: `SIG-20260302-9${String(i).padStart(2, '0')}`,
        publishedAt: clock.now(),
        dataAsOf: clock.now(),
      });
      signalIds.push(signal.id);
      // The plan is one transaction: a terminated connection rolls it back and planning again
      // writes the same plan (planning is idempotent).
      for (;;) {
        try {
          await engine.planSignal(signal);
          break;
        } catch {
          planFailures++;
          await sleep(20);
        }
      }
      await sleep(150);
    }
    await sleep(2_500); // free tier's 40 s is 2 s of wall time at 20×
    killing = false;
    await killer;

    const rows = async () =>
      (await Promise.all(signalIds.map((id) => engine.store.list({ signalId: id })))).flat();
    // premium: discord + telegram + 15 DMs + 15 emails; basic: 2 + 10 + 10; free: 3
    const expected = 12 * (32 + 22 + 3);
    await waitFor(
      async () => (await rows()).filter((r) => r.status === 'sent').length === expected,
      'every planned row sent',
      60_000,
    );
    const all = await rows();
    expect(all.length).toBe(expected);
    expect(all.every((r) => r.sentAt! >= r.promisedAt)).toBe(true);
    expect(sender.sends.size).toBe(expected);
    expect(sender.duplicated()).toBe(0);
    expect(terminated).toBeGreaterThan(10);
    console.log(
      `pg_terminate_backend: ${terminated} sessions killed, ${planFailures} plan retries; ` +
        `${expected} rows expected, ${sender.sends.size} delivered, ${sender.duplicated()} duplicated, ` +
        `${all.filter((r) => r.sentAt! < r.promisedAt).length} early`,
    );
  });
});
