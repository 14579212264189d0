import { fork, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SystemClock } from '../../../src/common/clock.js';
import type { Database } from '../../../src/database/database.js';
import type { DistributionEngine } from '../../../src/distribution/distribution-engine.js';
import {
  openTestDatabase,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
  uniqueRedisPrefix,
} from '../../support/database.js';
import { InMemoryRecipientDirectory, makeRecipients } from '../../support/recipients.js';
import { sampleSignal } from '../../unit/distribution/signal-fixtures.js';
import { startSmtp } from './channel-rig.js';
import { buildEngine, waitFor } from './harness.js';

const RECIPIENTS = 2_000;

describe('a worker killed with SIGKILL mid fan-out', () => {
  const clock = new SystemClock();
  let db: Database;
  let schema: string;
  let drop: () => Promise<void>;
  let planner: DistributionEngine;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const prefix = uniqueRedisPrefix('dist-crash');
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    ({ db, schema, drop } = await openTestDatabase());
    smtp = await startSmtp(clock, { parse: false, delayMs: 5 });
    planner = buildEngine({
      db,
      clock,
      directory: new InMemoryRecipientDirectory(
        makeRecipients(RECIPIENTS, 'premium', { channels: ['email'] }),
      ),
      queue: { kind: 'bull', redisUrl: TEST_REDIS_URL, prefix },
      outboxOnly: true,
    });
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await planner.queue.ping().catch(() => undefined);
    await planner.stop();
    await smtp.close();
    await drop();
  });

  function startWorker(): Promise<ChildProcess> {
    const child = fork('test/support/run-ts.mjs', ['test/support/distribution-worker.ts'], {
      env: {
        ...process.env,
        GD_DATABASE_URL: TEST_DATABASE_URL,
        GD_SCHEMA: schema,
        GD_REDIS_URL: TEST_REDIS_URL,
        GD_QUEUE_PREFIX: prefix,
        GD_SMTP_URL: smtp.url,
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.push(child);
    return new Promise((resolve, reject) => {
      child.once('message', () => resolve(child));
      child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
    });
  }

  it('every recipient gets exactly one message after a restart', async () => {
    const signal = sampleSignal({ publishedAt: clock.now(), dataAsOf: clock.now() - 500 });
    const plan = await planner.planSignal(signal);
    // + Discord and Telegram broadcasts of premium and basic, and the three free ones (outbox)
    expect(plan.rows).toBe(RECIPIENTS + 7);
    expect(plan.jobs.length).toBe(RECIPIENTS / 100 + 7);
    const emailsSent = async () =>
      (await planner.store.list({ signalId: signal.id, status: 'sent', limit: 5000 })).filter(
        (r) => r.channel === 'email',
      ).length;

    const first = await startWorker();
    await waitFor(() => smtp.mails.length >= 300, 'the fan-out to start', 60_000);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const atKill = smtp.mails.length;
    const sendingAtKill = (
      await planner.store.list({ signalId: signal.id, status: 'sending', limit: 5000 })
    ).length;
    expect(atKill).toBeLessThan(RECIPIENTS); // killed in the middle

    await startWorker();
    await waitFor(
      async () => (await emailsSent()) === RECIPIENTS,
      'every delivery sent after the restart',
      90_000,
    );

    const byRecipient = new Map<string, Set<string>>();
    for (const m of smtp.mails) {
      const id = /^Message-ID: (.+)$/im.exec(m.raw)?.[1]?.trim() ?? '';
      const set = byRecipient.get(m.to) ?? new Set<string>();
      set.add(id);
      byRecipient.set(m.to, set);
    }
    expect(byRecipient.size).toBe(RECIPIENTS);
    // One message per recipient: a copy re-sent after the crash carries the same Message-ID.
    for (const ids of byRecipient.values()) expect(ids.size).toBe(1);
    // Raw copies beyond one per recipient can only come from rows that were mid-send at the kill.
    expect(smtp.mails.length - RECIPIENTS).toBeLessThanOrEqual(sendingAtKill);
    const rows = (await planner.store.list({ signalId: signal.id, limit: 5000 })).filter(
      (r) => r.tier === 'premium',
    );
    expect(rows.length).toBe(RECIPIENTS + 2);
    expect(rows.every((r) => r.status === 'sent' && r.sentAt! >= r.promisedAt)).toBe(true);
    console.log(
      `crash test: ${atKill} mails before SIGKILL, ${sendingAtKill} rows mid-send, ${smtp.mails.length - RECIPIENTS} duplicate copies`,
    );
  });
});
