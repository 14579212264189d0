/**
 * Narratives in the portal and the operator API, over HTTP on the app with a real PostgreSQL:
 * Content QA lists a pending narrative with its facts, raw text and verdict; an editor holds or
 * approves it with the session's CSRF token (a viewer cannot); the signal page reads the store;
 * the operator API (Bearer ADMIN_API_TOKEN) lists by status and decides, every decision audited.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../src/admin/access/audit-log.js';
import { startApp, type RunningApp } from '../../../src/bootstrap.js';
import { FakeClock } from '../../../src/common/clock.js';
import { loadConfig } from '../../../src/config/config.js';
import type { Database } from '../../../src/database/database.js';
import type { NarrativeEntry } from '../../../src/narrative/store/narrative-store.js';
import { PostgresNarrativeStore } from '../../../src/narrative/store/postgres-narrative-store.js';
import { createLogger } from '../../../src/observability/logger.js';
import { createAdminUser, pageCsrf, signIn } from '../../support/admin-users.js';
import { openTestDatabase } from '../../support/database.js';
import { SPY_FLIP_FACTS } from '../../support/narrative-facts.js';

const TOKEN = 'operator-token-0123456789abcdef';
const auth = { Authorization: `Bearer ${TOKEN}` };
const EDITOR = 'editor@gammadesk.test';
const VIEWER = 'viewer@gammadesk.test';
const RAW = 'SPY pushed through the gamma flip at 545.86 on heavy volume.';

/** The flash message a redirect after a form carries. */
const flashOf = (res: request.Response) =>
  decodeURIComponent(String(res.headers.location).replace(/\+/g, ' '));

function entry(clock: FakeClock, signalId: string): NarrativeEntry {
  const now = clock.now();
  return {
    id: randomUUID(),
    kind: 'signal',
    cacheKey: `signal:${signalId}:premium`,
    signalId,
    tier: 'premium',
    writer: 'anthropic',
    model: 'claude-test',
    factsHash: 'a'.repeat(64),
    facts: SPY_FLIP_FACTS,
    rawText: RAW,
    verdict: 'passed',
    verdictDetail: null,
    usedText: 'SPY turned bullish.',
    usedSource: 'template',
    late: false,
    attempts: 1,
    inputTokens: 120,
    outputTokens: 30,
    costUsd: 0.0008,
    latencyMs: 240,
    approval: 'pending',
    decidedAt: null,
    decidedBy: null,
    note: null,
    sentAt: null,
    createdAt: now,
    updatedAt: now,
  };
}

describe('narratives in Content QA and the operator API', () => {
  const clock = new FakeClock(Date.UTC(2026, 2, 2, 15, 0));
  let running: RunningApp;
  let db: Database;
  let drop: () => Promise<void>;
  let store: PostgresNarrativeStore;
  let audit: AuditLog;

  beforeAll(async () => {
    ({ db, drop } = await openTestDatabase());
    await createAdminUser(db, EDITOR, 'editor');
    await createAdminUser(db, VIEWER, 'viewer');
    running = await startApp(
      loadConfig({ ROLE: 'api', ADMIN_API_TOKEN: TOKEN, NARRATIVE_REQUIRE_APPROVAL: 'true' }),
      { clock, database: db, port: 0, logger: createLogger('silent') },
    );
    store = new PostgresNarrativeStore(db.dataSource);
    audit = new AuditLog(db.dataSource, clock);
  });
  afterAll(async () => {
    await running?.close();
    await drop?.();
  });

  it('lists a pending narrative in Content QA; a viewer cannot decide; an editor holds it', async () => {
    const n = entry(clock, 'SIG-20260302-101');
    await store.insert(n);
    const viewer = request.agent(running.url!);
    await signIn(viewer, VIEWER);
    const qa = await viewer.get('/admin/content').expect(200);
    expect(qa.text).toContain('Narratives waiting for approval');
    expect(qa.text).toContain(`/admin/content/narratives/${n.id}`);
    expect(qa.text).toContain('gamma flip: 545.86');
    expect(qa.text).toContain(RAW);
    expect(qa.text).toContain('waits for an editor&#x27;s approval');
    const page = await viewer.get(`/admin/content/narratives/${n.id}`).expect(200);
    await viewer
      .get('/admin/content/narratives/%ZZ')
      .expect((r) => expect(r.status).toBeLessThan(500));
    await viewer.get(`/admin/content/narratives/${randomUUID()}`).expect(404);
    expect(page.text).toContain(RAW);
    const viewerCsrf = await pageCsrf(viewer);
    await viewer
      .post(`/admin/content/narratives/${n.id}/hold`)
      .type('form')
      .send({ confirm: 'yes', csrf: viewerCsrf })
      .expect(403);

    const editor = request.agent(running.url!);
    await signIn(editor, EDITOR);
    await editor
      .post(`/admin/content/narratives/${n.id}/hold`)
      .type('form')
      .send({ confirm: 'yes', note: 'too breezy', csrf: 'forged' })
      .expect(403);
    const csrf = await pageCsrf(editor);
    const held = await editor
      .post(`/admin/content/narratives/${n.id}/hold`)
      .type('form')
      .send({ confirm: 'yes', note: 'too breezy', csrf })
      .expect(303);
    expect(flashOf(held)).toContain('will not be sent');
    expect(await store.get(n.id)).toMatchObject({ approval: 'held', note: 'too breezy' });
    const again = await editor
      .post(`/admin/content/narratives/${n.id}/hold`)
      .type('form')
      .send({ confirm: 'yes', csrf })
      .expect(303);
    expect(flashOf(again)).toContain('only a pending narrative');
    const after = await editor.get(`/admin/content/narratives/${n.id}`).expect(200);
    expect(after.text).toContain('too breezy');
    expect(after.text).toMatch(/held[\s\S]*editor@gammadesk.test/);
    const logged = await audit.search({ q: 'narrative.hold' });
    expect(logged.map((e) => e.actor)).toEqual([EDITOR]);
  });

  it('serves the operator API: 401 without the token, 400 for bad input, approve audited', async () => {
    const n = entry(clock, 'SIG-20260302-102');
    await store.insert(n);
    await request(running.url!).get('/api/admin/narratives').expect(401);
    await request(running.url!).get('/api/admin/narratives?status=lost').set(auth).expect(400);
    await request(running.url!).get('/api/admin/narratives/not-an-id').set(auth).expect(400);
    await request(running.url!).get(`/api/admin/narratives/${randomUUID()}`).set(auth).expect(404);
    // Malformed input is a clear 4xx, never a 5xx.
    await request(running.url!)
      .post(`/api/admin/narratives/${n.id}/approve`)
      .set(auth)
      .set('content-type', 'application/json')
      .send('{')
      .expect(400);
    await request(running.url!)
      .post(`/api/admin/narratives/${n.id}/hold`)
      .set(auth)
      .send({ note: { $gt: '' } })
      .expect(400);
    const list = await request(running.url!).get('/api/admin/narratives').set(auth).expect(200);
    expect((list.body as { id: string; state: string }[]).map((x) => [x.id, x.state])).toEqual([
      [n.id, 'pending'],
    ]);
    const one = await request(running.url!).get(`/api/admin/narratives/${n.id}`).set(auth);
    expect(one.body).toMatchObject({ rawText: RAW, verdict: 'passed', facts: n.facts });
    await request(running.url!)
      .post(`/api/admin/narratives/${n.id}/approve`)
      .set(auth)
      .send({ note: 'x'.repeat(1001) })
      .expect(400);
    const approved = await request(running.url!)
      .post(`/api/admin/narratives/${n.id}/approve`)
      .set(auth)
      .send({ note: 'reads well' })
      .expect(200);
    expect(['approved', 'sent']).toContain((approved.body as { state: string }).state);
    expect(approved.body).toMatchObject({ decidedBy: 'api-token', note: 'reads well' });
    await request(running.url!)
      .post(`/api/admin/narratives/${n.id}/hold`)
      .set(auth)
      .send({})
      .expect(409);
    const held = await request(running.url!)
      .get('/api/admin/narratives?status=held')
      .set(auth)
      .expect(200);
    expect((held.body as { id: string }[]).map((x) => x.id)).not.toContain(n.id);
    const logged = await audit.search({ q: 'narrative.approve' });
    expect(logged.map((e) => [e.actor, e.target])).toEqual([['api-token', n.id]]);
  });
});
