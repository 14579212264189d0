import { Writable } from 'node:stream';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/bootstrap.js';
import { FakeClock } from '../../src/common/clock.js';
import { HEARTBEATS } from '../../src/core/tokens.js';
import type { Heartbeats } from '../../src/common/heartbeats.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { openTestDatabase, TEST_REDIS_URL } from '../support/database.js';

describe('the app over HTTP (real PostgreSQL and Redis)', () => {
  let running: RunningApp;
  let drop: () => Promise<void>;
  const lines: Record<string, unknown>[] = [];
  const clock = new FakeClock(Date.UTC(2026, 2, 2, 15, 0));

  beforeAll(async () => {
    const ctx = await openTestDatabase();
    drop = ctx.drop; // closes the database again (a no-op after the app closed it), then drops the schema
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        for (const line of chunk.toString().split('\n').filter(Boolean))
          lines.push(JSON.parse(line));
        cb();
      },
    });
    running = await startApp(
      loadConfig({ REDIS_URL: TEST_REDIS_URL, LOG_LEVEL: 'info', ROLE: 'api' }),
      { clock, database: ctx.db, port: 0, logger: createLogger('info', sink) },
    );
  });
  afterAll(async () => {
    await running?.close();
    await drop?.();
  });

  it('GET /health answers 200 with the database, Redis and each feed heartbeat age', async () => {
    const heartbeats = running.app.get<Heartbeats>(HEARTBEATS);
    heartbeats.beat('simulator:SPY');
    clock.advance(1_500);
    const res = await request(running.url!).get('/health').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.database).toEqual({ ok: true, detail: { kind: 'postgres' } });
    expect(res.body.redis).toEqual({ ok: true });
    expect(res.body.queue).toMatchObject({ ok: true, detail: { backend: 'bull' } });
    expect(res.body.feeds).toEqual([{ feed: 'simulator:SPY', ageMs: 1_500 }]);
  });

  it('GET /metrics answers in Prometheus text format', async () => {
    const res = await request(running.url!).get('/metrics').expect(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toMatch(/^# HELP gammadesk_process_cpu_user_seconds_total/m);
  });

  it('gives each request an id, echoes a well-formed caller id, and logs it as JSON', async () => {
    const mine = await request(running.url!).get('/health').set('x-request-id', 'abc-123');
    expect(mine.headers['x-request-id']).toBe('abc-123');
    const fresh = await request(running.url!)
      .get('/health')
      .set('x-request-id', 'bad id with spaces!');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const logged = lines.find((l) => l.requestId === 'abc-123');
    expect(logged).toMatchObject({ msg: 'request', method: 'GET', path: '/health', status: 200 });
  });

  it('answers 404 for unknown routes without crashing', async () => {
    await request(running.url!).get('/no-such-route').expect(404);
  });
});
