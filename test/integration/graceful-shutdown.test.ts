import type { Express } from 'express';
import { describe, expect, it } from 'vitest';
import { startApp } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { openTestDatabase } from '../support/database.js';

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
