import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { Express } from 'express';
import { Client } from 'pg';
import { describe, expect, it } from 'vitest';
import { startApp } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/config.js';
import { Database } from '../../src/database/database.js';
import { DistributionService } from '../../src/distribution/distribution.service.js';
import { createLogger } from '../../src/observability/logger.js';
import { FakeTelegramApi } from '../../src/sandbox/platforms/telegram.js';
import { openTestDatabase, TEST_DATABASE_URL } from '../support/database.js';
import { sampleSignal } from '../unit/distribution/signal-fixtures.js';
import { sleep, waitFor } from './distribution/harness.js';

describe('graceful shutdown', () => {
  it('finishes an in-flight request before closing, then refuses new connections', async () => {
    const ctx = await openTestDatabase();
    const running = await startApp(loadConfig({ ROLE: 'api', LOG_LEVEL: 'silent' }), {
      database: ctx.db,
      port: 0,
      logger: createLogger('silent'),
      beforeListen: (app) => {
        (app.getHttpAdapter().getInstance() as Express).get('/test-slow', (_req, res) => {
          setTimeout(() => res.json({ done: true }), 400);
        });
      },
    });
    const url = running.url!;
    const inFlight = fetch(`${url}/test-slow`).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as unknown,
    }));
    await new Promise((r) => setTimeout(r, 100)); // the request is now being handled
    const closed = running.close();
    const answer = await inFlight;
    await closed;
    expect(answer).toEqual({ status: 200, body: { done: true } });
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    expect(running.database.dataSource.isInitialized).toBe(false);
    await ctx.drop();
  });
});

describe('graceful shutdown with rate-limited deliveries queued', () => {
  const token = '123456:shutdown';
  const group = '-1001';
  const grace = 4_000;

  const statuses = async (schema: string) => {
    const c = new Client({ connectionString: TEST_DATABASE_URL });
    await c.connect();
    const r = await c.query<{ tier: string; status: string; attempts: number }>(
      `SELECT tier, status, attempts FROM ${schema}.delivery ORDER BY id`,
    );
    await c.end();
    return r.rows;
  };

  it('stops claiming, releases the rows waiting for the limit (attempt refunded), closes in time; a restart sends each once', async () => {
    const ctx = await openTestDatabase();
    const tg = await FakeTelegramApi.start({ token });
    const env = {
      ROLE: 'worker',
      LOG_LEVEL: 'silent',
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      TELEGRAM_CHAT_PREMIUM: group,
      DISTRIBUTION_CHANNELS_PREMIUM: 'telegram',
      DISTRIBUTION_CHANNELS_BASIC: 'telegram',
      DISTRIBUTION_CHANNELS_FREE: 'discord',
      SHUTDOWN_GRACE_MS: String(grace),
    };
    const start = (database: Database) =>
      startApp(loadConfig(env), { database, logger: createLogger('silent') });
    const first = await start(ctx.db);
    const engine = first.app.get(DistributionService).engine;
    // Telegram lets a group have 20 messages a minute: 25 signals leave 5 waiting for the limit.
    const signals = 25;
    for (let i = 0; i < signals; i++) {
      const at = first.clock.now();
      await engine.planSignal(
        sampleSignal({
          id: `SIG-20260302-5${String(i).padStart(2, '0')}`,
          publishedAt: at,
          dataAsOf: at,
        }),
      );
    }
    await waitFor(() => tg.sentTo(group).length === 20, 'the first 20 group posts');
    await sleep(200);

    const t0 = performance.now();
    const closed = await Promise.race([
      first.close().then(() => true),
      sleep(grace + 3_000).then(() => false),
    ]);
    const tookMs = performance.now() - t0;
    expect(closed).toBe(true);
    expect(tookMs).toBeLessThan(grace);

    const after = await statuses(ctx.schema);
    expect(after.filter((r) => r.status === 'sending')).toEqual([]);
    const premium = after.filter((r) => r.tier === 'premium');
    expect(premium.filter((r) => r.status === 'sent').length).toBe(20);
    // Released: back to scheduled, the interrupted attempt refunded.
    const released = premium.filter((r) => r.status === 'scheduled');
    expect(released.length).toBe(signals - 20);
    expect(released.every((r) => r.attempts === 0)).toBe(true);
    expect(tg.sentTo(group).length).toBe(20);

    // A restart (a fresh limiter) sends the released rows, each exactly once.
    const db = await Database.open(
      {
        DATABASE_URL: TEST_DATABASE_URL,
        DATA_DIR: '.data',
        EMBEDDED_DB_IN_MEMORY: true,
        EMBEDDED_DB_PORT: 0,
      },
      { schema: ctx.schema },
    );
    const second = await start(db);
    await waitFor(() => tg.sentTo(group).length >= signals, 'the released posts after restart');
    await sleep(300);
    await second.close();
    const posts = tg.sentTo(group).length;
    expect(posts).toBe(signals);
    const final = (await statuses(ctx.schema)).filter((r) => r.tier === 'premium');
    expect(final.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    console.log(
      `shutdown with ${signals - 20} rows waiting for Telegram's group limit: closed in ` +
        `${Math.round(tookMs)} ms (grace ${grace}); ${released.length} released; after restart ` +
        `${posts} posts for ${signals} rows (${posts - signals} duplicated, 0 lost)`,
    );
    await tg.close();
    const c = new Client({ connectionString: TEST_DATABASE_URL });
    await c.connect();
    await c.query(`DROP SCHEMA ${ctx.schema} CASCADE`);
    await c.end();
  }, 60_000);
});

describe('SIGTERM to a worker process with rate-limited deliveries queued', () => {
  it('exits 0 within the grace period and leaves no row sending', async () => {
    const ctx = await openTestDatabase();
    const token = '123456:sigterm';
    const group = '-1002';
    const grace = 4_000;
    const signals = 25;
    const tg = await FakeTelegramApi.start({ token });
    const child = fork('test/support/run-ts.mjs', ['test/integration/faults/shutdown-child.ts'], {
      env: {
        ...process.env,
        GD_TELEGRAM_TOKEN: token,
        GD_TELEGRAM_ROOT: tg.apiRoot,
        GD_TELEGRAM_GROUP: group,
        GD_GRACE_MS: String(grace),
        GD_DATABASE_URL: TEST_DATABASE_URL,
        GD_SCHEMA: ctx.schema,
        GD_SIGNALS: String(signals),
      },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    await new Promise<void>((resolve) => child.once('message', () => resolve()));
    await waitFor(() => tg.sentTo(group).length === 20, 'the first 20 group posts');
    await sleep(200);
    const t0 = performance.now();
    child.kill('SIGTERM');
    const code = await Promise.race([exited, sleep(grace + 5_000).then(() => 'hung' as const)]);
    const tookMs = performance.now() - t0;
    if (code === 'hung') child.kill('SIGKILL');
    expect(code).toBe(0);
    expect(tookMs).toBeLessThan(grace);
    const c = new Client({ connectionString: TEST_DATABASE_URL });
    await c.connect();
    const rows = (
      await c.query<{ status: string; attempts: number }>(
        `SELECT status, attempts FROM ${ctx.schema}.delivery WHERE tier = 'premium'`,
      )
    ).rows;
    await c.end();
    expect(rows.filter((r) => r.status === 'sending')).toEqual([]);
    expect(rows.filter((r) => r.status === 'sent').length).toBe(20);
    expect(rows.filter((r) => r.status === 'scheduled' && r.attempts === 0).length).toBe(5);
    console.log(`SIGTERM: exit code ${code} after ${Math.round(tookMs)} ms (grace ${grace})`);
    await tg.close();
    await ctx.drop();
  }, 90_000);
});
