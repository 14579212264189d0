/**
 * The reports in the running app over HTTP: the operator API of the QA gate
 * (/api/admin/reports…, Bearer ADMIN_API_TOKEN) and a report's levels.json behind the analytics
 * paywall. The app runs as ROLE=api (no scheduler); the test publishes the reports itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../../src/bootstrap.js';
import { FakeClock } from '../../../src/common/clock.js';
import { nyInstant } from '../../../src/common/market-calendar.js';
import { loadConfig } from '../../../src/config/config.js';
import { createLogger } from '../../../src/observability/logger.js';
import { LEVELS_SCHEMA } from '../../../src/reports/levels-export.js';
import type { Reports } from '../../../src/reports/reports.composition.js';
import { REPORTS } from '../../../src/reports/reports.tokens.js';
import { openTestDatabase } from '../../support/database.js';

const TOKEN = 'reports-operator-token-0123456789';
const DAY = '2026-03-02';

describe('reports API in the app', () => {
  const clock = new FakeClock(nyInstant(DAY, '16:10'));
  let running: RunningApp;
  let drop: () => Promise<void>;
  const call = (path: string, init: RequestInit = {}, auth = true) =>
    fetch(`${running.url}${path}`, {
      ...init,
      headers: {
        ...(auth ? { authorization: `Bearer ${TOKEN}` } : {}),
        'content-type': 'application/json',
      },
    });

  beforeAll(async () => {
    const ctx = await openTestDatabase();
    drop = ctx.drop;
    running = await startApp(loadConfig({ ROLE: 'api', ADMIN_API_TOKEN: TOKEN }), {
      clock,
      database: ctx.db,
      port: 0,
      logger: createLogger('silent'),
    });
    await running.app.get<Reports>(REPORTS).publisher.publish('close', DAY);
  });
  afterAll(async () => {
    await running?.close();
    await drop?.();
  });

  it('lists, holds and approves a close report; refuses what it cannot do', async () => {
    expect((await call(`/api/admin/reports?date=${DAY}`, {}, false)).status).toBe(401);
    expect((await call('/api/admin/reports?date=03-02-2026')).status).toBe(400);
    const list = (await (await call(`/api/admin/reports?date=${DAY}`)).json()) as {
      id: string;
      state: string;
    }[];
    expect(list).toEqual([expect.objectContaining({ id: `${DAY}-close`, state: 'pending' })]);

    const held = await call(`/api/admin/reports/${DAY}-close/hold`, {
      method: 'POST',
      body: JSON.stringify({ note: 'check the flip' }),
    });
    expect(held.status).toBe(200);
    expect(await held.json()).toMatchObject({ state: 'held', note: 'check the flip' });
    const again = await call(`/api/admin/reports/${DAY}-close/hold`, { method: 'POST' });
    expect(again.status).toBe(409);
    expect((await call(`/api/admin/reports/${DAY}-nope/approve`, { method: 'POST' })).status).toBe(
      404,
    );

    const approved = await call(`/api/admin/reports/${DAY}-close/approve`, {
      method: 'POST',
      body: JSON.stringify({ note: 'fine' }),
    });
    expect(approved.status).toBe(200);
    expect(((await approved.json()) as { state: string }).state).toMatch(/approved|sent/);
    const detail = (await (await call(`/api/admin/reports/${DAY}-close`)).json()) as {
      tiers: string[];
      history: { action: string; by: string }[];
    };
    expect(detail.tiers).toEqual(['premium', 'basic', 'free']);
    expect(detail.history.map((h) => h.action)).toEqual(
      expect.arrayContaining(['created', 'held', 'approved']),
    );
  });

  it('serves levels.json to the operator and refuses callers without a key', async () => {
    const res = await call(`/reports/${DAY}/close/levels.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { schema: string; reportId: string };
    expect(doc).toMatchObject({ schema: LEVELS_SCHEMA, reportId: `${DAY}-close` });
    expect((await call(`/reports/${DAY}/close/levels.json`, {}, false)).status).toBe(401);
    expect((await call(`/reports/${DAY}/lunch/levels.json`)).status).toBe(400);
    expect((await call(`/reports/2026-03-09/close/levels.json`)).status).toBe(404);
    const tv = await call(`/reports/${DAY}/close/levels.json?format=tradingview`);
    expect(tv.status).toBe(200);
  });
});
