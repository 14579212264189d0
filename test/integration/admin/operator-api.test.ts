/**
 * The operator API (Bearer ADMIN_API_TOKEN) over the trading controls: every route answers 401
 * without the token, 400 for a bad body, 404 for an unknown id or strategy, acts on the engine
 * at once and is audited with actor api-token.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AuditLog } from '../../../src/admin/access/audit-log.js';
import { startApp, type RunningApp } from '../../../src/bootstrap.js';
import { FakeClock } from '../../../src/common/clock.js';
import { loadConfig } from '../../../src/config/config.js';
import { EngineService } from '../../../src/engine/engine.service.js';
import type { SignalRecord } from '../../../src/engine/storage/lifecycle.js';
import {
  ENGINE_REPOSITORY,
  type EngineRepository,
} from '../../../src/engine/storage/engine-repository.js';
import { createLogger } from '../../../src/observability/logger.js';
import { OPERATOR_DEFAULTS, OperatorStateStore } from '../../../src/overseer/operator-state.js';
import type { RiskVerdict } from '../../../src/risk/risk-engine.js';
import type { PublishedSignal } from '../../../src/signals/signal.js';
import { openTestDatabase } from '../../support/database.js';
import { candidate } from '../../unit/engine/fixtures.js';

const TOKEN = 'operator-token-0123456789abcdef';
const auth = { Authorization: `Bearer ${TOKEN}` };

function queuedVerdict(): RiskVerdict {
  const c = candidate();
  return {
    candidateKey: 'k1',
    status: 'queued_manual',
    quantity: 2,
    checks: [{ rule: 'max_positions', passed: true, value: 0, limit: 5, message: '0 of 5 open' }],
    rejections: [],
    evaluatedAt: c.dataAsOf,
    candidate: c,
  } as unknown as RiskVerdict;
}

function record(id: string, at: number): SignalRecord {
  const c = candidate();
  return {
    id,
    status: 'published',
    strategy: c.strategy,
    setup: c.setup,
    symbol: c.symbol,
    direction: c.direction,
    candidate: c,
    published: { id, publishedAt: at } as unknown as PublishedSignal,
    explanation: {} as SignalRecord['explanation'],
    outcome: null,
    history: [{ status: 'published', at }],
    createdAt: at,
    updatedAt: at,
  };
}

describe('operator API', () => {
  const clock = new FakeClock(Date.UTC(2026, 2, 2, 15, 0));
  let running: RunningApp;
  let drop: () => Promise<void>;
  let engine: EngineService;
  let audit: AuditLog;
  let store: OperatorStateStore;

  beforeAll(async () => {
    const ctx = await openTestDatabase();
    drop = ctx.drop;
    running = await startApp(loadConfig({ ROLE: 'api', ADMIN_API_TOKEN: TOKEN }), {
      clock,
      database: ctx.db,
      port: 0,
      logger: createLogger('silent'),
    });
    engine = running.app.get(EngineService);
    audit = new AuditLog(ctx.db.dataSource, clock);
    store = new OperatorStateStore(ctx.db.dataSource);
  });
  afterAll(async () => {
    await running?.close();
    await drop?.();
  });

  const api = () => request(running.url!);

  it('answers 401 on every route without the token, or with a wrong one', async () => {
    const routes: [string, string][] = [
      ['get', '/api/admin/controls'],
      ['post', '/api/admin/controls/halt'],
      ['post', '/api/admin/controls/resume'],
      ['post', '/api/admin/strategies/scalp/disable'],
      ['post', '/api/admin/strategies/scalp/enable'],
      ['get', '/api/admin/manual-queue'],
      ['post', '/api/admin/manual-queue/MQ-1/approve'],
      ['post', '/api/admin/manual-queue/MQ-1/reject'],
      ['get', '/api/admin/signals?since=2026-03-02T00:00:00Z'],
    ];
    for (const [method, path] of routes) {
      await api()[method as 'get'](path).send({ reason: 'x' }).expect(401);
      await api()[method as 'get'](path).set('Authorization', 'Bearer nope').send({}).expect(401);
    }
  });

  it('reads the controls in the documented shape', async () => {
    const res = await api().get('/api/admin/controls').set(auth).expect(200);
    expect(res.body).toMatchObject({
      halted: false,
      paperOnly: false,
      manualMode: false,
      taper: 1,
    });
    expect(res.body.strategies.scalp).toEqual({ enabled: true });
  });

  it('halts and resumes with a reason: the engine sees it at once, audited as api-token', async () => {
    await api().post('/api/admin/controls/halt').set(auth).send({}).expect(400);
    await api().post('/api/admin/controls/halt').set(auth).send({ reason: 42 }).expect(400);
    const halted = await api()
      .post('/api/admin/controls/halt')
      .set(auth)
      .send({ reason: 'broker outage' })
      .expect(200);
    expect(halted.body.halted).toBe(true);
    expect(engine.engine.overseer.controls).toMatchObject({
      halted: true,
      haltReason: 'broker outage',
    });
    await api().post('/api/admin/controls/resume').set(auth).send({ reason: '' }).expect(400);
    await api()
      .post('/api/admin/controls/resume')
      .set(auth)
      .send({ reason: 'broker back' })
      .expect(200);
    expect(engine.engine.overseer.controls.halted).toBe(false);
    const [resume, halt] = await audit.search({ q: 'controls.' });
    expect(halt).toMatchObject({ actor: 'api-token', action: 'controls.halt' });
    expect(halt.after).toMatchObject({ halted: true, haltReason: 'broker outage' });
    expect(resume).toMatchObject({ action: 'controls.resume', after: { note: 'broker back' } });
    expect(engine.engine.overseer.alerts(5).map((a) => a.message)).toEqual(
      expect.arrayContaining(['halted by operator: broker outage']),
    );
  });

  it('disables and enables a strategy in the engine registry; 404 for an unknown one', async () => {
    const off = await api().post('/api/admin/strategies/scalp/disable').set(auth).expect(200);
    expect(off.body).toEqual({ name: 'scalp', enabled: false });
    expect(engine.engine.strategies.isEnabled('scalp')).toBe(false);
    const state = await api().get('/api/admin/controls').set(auth).expect(200);
    expect(state.body.strategies.scalp).toEqual({ enabled: false });
    await api().post('/api/admin/strategies/scalp/enable').set(auth).expect(200);
    expect(engine.engine.strategies.isEnabled('scalp')).toBe(true);
    await api().post('/api/admin/strategies/no_such/disable').set(auth).expect(404);
    await api().post('/api/admin/strategies/scalp/explode').set(auth).expect(404);
    const [entry] = await audit.search({ action: 'strategy.enable' });
    expect(entry).toMatchObject({
      target: 'scalp',
      before: { enabled: false },
      after: { enabled: true },
    });
  });

  it('lists the manual queue with each risk verdict, rejects and approves by id; 404 unknown', async () => {
    const a = await engine.engine.manualQueue.enqueue(queuedVerdict(), clock.now());
    const b = await engine.engine.manualQueue.enqueue(queuedVerdict(), clock.now());
    const list = await api().get('/api/admin/manual-queue').set(auth).expect(200);
    expect(list.body.map((e: { id: string }) => e.id)).toEqual([a.id, b.id]);
    expect(list.body[0]).toMatchObject({
      quantity: 2,
      verdict: { status: 'queued_manual', checks: [{ rule: 'max_positions', passed: true }] },
    });
    const rejected = await api()
      .post(`/api/admin/manual-queue/${a.id}/reject`)
      .set(auth)
      .expect(200);
    expect(rejected.body).toEqual({ id: a.id, decision: 'reject', signalId: null });
    await api().post(`/api/admin/manual-queue/${a.id}/approve`).set(auth).expect(404);
    // An API process: approved and stored; the engine process executes it (manual-queue-shared).
    const approved = await api().post(`/api/admin/manual-queue/${b.id}/approve`).set(auth);
    expect(approved.body).toEqual({ id: b.id, decision: 'approve', signalId: null });
    await api().post('/api/admin/manual-queue/MQ-999/reject').set(auth).expect(404);
    expect((await api().get('/api/admin/manual-queue').set(auth)).body).toEqual([]);
    const decisions = await audit.search({ q: 'manual_queue' });
    expect(decisions.map((d) => `${d.action} ${d.target}`)).toEqual([
      `manual_queue.approve ${b.id}`,
      `manual_queue.reject ${a.id}`,
    ]);
  });

  it('lists signals published since a time; 400 without a valid since', async () => {
    const repo = running.app.get<EngineRepository>(ENGINE_REPOSITORY);
    await repo.saveSignal(record('SIG-20260302-001', Date.UTC(2026, 2, 2, 14, 40)));
    await repo.saveSignal(record('SIG-20260302-002', Date.UTC(2026, 2, 2, 14, 50)));
    const res = await api()
      .get('/api/admin/signals?since=2026-03-02T14:45:00Z')
      .set(auth)
      .expect(200);
    expect(res.body).toEqual([
      expect.objectContaining({
        id: 'SIG-20260302-002',
        strategy: candidate().strategy,
        symbol: candidate().symbol,
        publishedAt: '2026-03-02T14:50:00.000Z',
      }),
    ]);
    await api().get('/api/admin/signals').set(auth).expect(400);
    await api().get('/api/admin/signals?since=yesterday').set(auth).expect(400);
  });

  it('applies a switch stored by another process within a second of the clock', async () => {
    const other = { ...OPERATOR_DEFAULTS, paperOnly: true, manualMode: true, taper: 0.5 };
    await store.save(other, 'ops@elsewhere.test', clock.now());
    expect(engine.engine.overseer.controls.paperOnly).toBe(false);
    clock.advance(1000);
    await vi.waitFor(() => expect(engine.engine.overseer.controls.paperOnly).toBe(true));
    expect(engine.engine.overseer.controls).toMatchObject({
      manualMode: true,
      sizeMultiplier: 0.5,
    });
    const state = await api().get('/api/admin/controls').set(auth).expect(200);
    expect(state.body).toMatchObject({ paperOnly: true, manualMode: true, taper: 0.5 });
    await store.save(OPERATOR_DEFAULTS, 'ops@elsewhere.test', clock.now());
    await vi.waitFor(() => {
      clock.advance(1000); // the loop may still be reading when the first tick passes
      expect(engine.engine.overseer.controls.manualMode).toBe(false);
    });
  });
});
