/**
 * The manual-mode queue is kept in PostgreSQL: an API process without a trading engine lists the
 * candidates the engine process queued, approves and rejects them (audited), and the engine
 * process picks the approval up within a second and executes it; a rejection is never executed.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AuditLog } from '../../../src/admin/access/audit-log.js';
import { startApp, type RunningApp } from '../../../src/bootstrap.js';
import { FakeClock } from '../../../src/common/clock.js';
import { loadConfig } from '../../../src/config/config.js';
import { Database } from '../../../src/database/database.js';
import { EngineService } from '../../../src/engine/engine.service.js';
import { PostgresManualQueue } from '../../../src/engine/storage/postgres-manual-queue.js';
import { createLogger } from '../../../src/observability/logger.js';
import { evaluateRisk, type RiskVerdict } from '../../../src/risk/risk-engine.js';
import { openTestDatabase, TEST_DATABASE_URL } from '../../support/database.js';
import { candidate, ny, riskInput, scriptedSteps } from '../../unit/engine/fixtures.js';

const TOKEN = 'operator-token-0123456789abcdef';
const auth = { Authorization: `Bearer ${TOKEN}` };

/** A real risk verdict of a candidate, queued because manual mode is on. */
function queuedVerdict(at: number): RiskVerdict {
  const verdict = evaluateRisk(
    riskInput({ candidate: candidate({ dataAsOf: at }), now: at }, { manualMode: true }),
    undefined,
  );
  expect(verdict.status).toBe('queued_manual');
  return verdict;
}

describe('manual queue shared by processes', () => {
  const clock = new FakeClock(ny(10, 0));
  let engineApp: RunningApp;
  let apiApp: RunningApp;
  let apiDb: Database;
  let drop: () => Promise<void>;
  let engine: EngineService;
  let queue: PostgresManualQueue;
  let audit: AuditLog;

  beforeAll(async () => {
    const ctx = await openTestDatabase();
    drop = ctx.drop;
    // A second connection pool on the same schema: the API process's own.
    apiDb = await Database.open(
      {
        DATABASE_URL: TEST_DATABASE_URL,
        DATA_DIR: '.data',
        EMBEDDED_DB_IN_MEMORY: true,
        EMBEDDED_DB_PORT: 0,
      },
      { schema: ctx.schema, runMigrations: false },
    );
    const env = { ADMIN_API_TOKEN: TOKEN, MARKET_DATA_INGEST: 'false' };
    engineApp = await startApp(loadConfig({ ...env, ROLE: 'ingest' }), {
      clock,
      database: ctx.db,
      port: 0,
      logger: createLogger('silent'),
    });
    apiApp = await startApp(loadConfig({ ...env, ROLE: 'api' }), {
      clock,
      database: apiDb,
      port: 0,
      logger: createLogger('silent'),
    });
    engine = engineApp.app.get(EngineService);
    queue = new PostgresManualQueue(ctx.db.dataSource);
    audit = new AuditLog(ctx.db.dataSource, clock);
  });
  afterAll(async () => {
    await apiApp?.close();
    await engineApp?.close();
    await drop?.();
  });

  const api = () => request(apiApp.url!);

  it('the API process lists, rejects and approves; the engine process executes the approval', async () => {
    // The engine has quotes for SPY (one market step), then queues two candidates.
    const [step] = scriptedSteps(['SPY'], ny(10, 0), ny(10, 0));
    await engine.exclusive((e) => e.processStep(step));
    const a = await engine.engine.manualQueue.enqueue(queuedVerdict(clock.now()), clock.now());
    const b = await engine.engine.manualQueue.enqueue(queuedVerdict(clock.now()), clock.now());

    const list = await api().get('/api/admin/manual-queue').set(auth).expect(200);
    expect(list.body.map((e: { id: string }) => e.id)).toEqual([a.id, b.id]);
    expect(list.body[0]).toMatchObject({
      symbol: 'SPY',
      verdict: { status: 'queued_manual' },
    });
    expect(list.body[0].verdict.checks.length).toBeGreaterThan(0);

    const rejected = await api().post(`/api/admin/manual-queue/${a.id}/reject`).set(auth);
    expect(rejected.status).toBe(200);
    expect(rejected.body).toEqual({ id: a.id, decision: 'reject', signalId: null });
    // Decided once: a second decision on it is a 404.
    await api().post(`/api/admin/manual-queue/${a.id}/approve`).set(auth).expect(404);

    // Approved in the API process: the engine process executes it within a second of its clock.
    const approved = await api().post(`/api/admin/manual-queue/${b.id}/approve`).set(auth);
    expect(approved.body).toEqual({ id: b.id, decision: 'approve', signalId: null });
    await vi.waitFor(
      async () => {
        clock.advance(1000);
        expect((await queue.outcome(b.id))?.status).toBe('executed');
      },
      { timeout: 15_000, interval: 100 },
    );
    const outcome = await queue.outcome(b.id);
    expect(outcome?.signalId).toMatch(/^SIG-/);
    const signals = engine.engine.signalRecords().map((s) => s.id);
    expect(signals).toContain(outcome!.signalId);
    expect(await queue.outcome(a.id)).toEqual({ status: 'rejected', signalId: null });

    expect((await api().get('/api/admin/manual-queue').set(auth)).body).toEqual([]);
    await api().post('/api/admin/manual-queue/MQ-999/approve').set(auth).expect(404);
    await api().post('/api/admin/manual-queue/not-an-id/reject').set(auth).expect(404);
    const decisions = await audit.search({ q: 'manual_queue' });
    expect(decisions.map((d) => `${d.actor} ${d.action} ${d.target}`)).toEqual([
      `api-token manual_queue.approve ${b.id}`,
      `api-token manual_queue.reject ${a.id}`,
    ]);
  });

  it('a candidate past its five minutes can no longer be approved', async () => {
    const c = await engine.engine.manualQueue.enqueue(queuedVerdict(clock.now()), clock.now());
    clock.advance(5 * 60_000);
    await api().post(`/api/admin/manual-queue/${c.id}/approve`).set(auth).expect(404);
    expect((await api().get('/api/admin/manual-queue').set(auth)).body).toEqual([]);
  });
});
