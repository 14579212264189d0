import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/bootstrap.js';
import { FakeClock } from '../../src/common/clock.js';
import type { Heartbeats } from '../../src/common/heartbeats.js';
import { loadConfig } from '../../src/config/config.js';
import { HEARTBEATS } from '../../src/core/tokens.js';
import { createLogger } from '../../src/observability/logger.js';
import { openTestDatabase } from '../support/database.js';

const PASSWORD = 'correct horse battery staple';

async function start(env: Record<string, string>, clock: FakeClock) {
  const ctx = await openTestDatabase();
  const running = await startApp(loadConfig({ ROLE: 'api', ...env }), {
    clock,
    database: ctx.db,
    port: 0,
    logger: createLogger('silent'),
  });
  return { running, drop: ctx.drop };
}

describe('admin portal', () => {
  const clock = new FakeClock(Date.UTC(2026, 2, 2, 15, 0));
  let app: { running: RunningApp; drop: () => Promise<void> };

  beforeAll(async () => {
    app = await start({ ADMIN_PASSWORD: PASSWORD }, clock);
  });
  afterAll(async () => {
    await app?.running.close();
    await app?.drop();
  });

  it('sends visitors without a session to the login page', async () => {
    const res = await request(app.running.url!).get('/admin').expect(303);
    expect(res.headers.location).toBe('/admin/login');
  });

  it('refuses a wrong password with 401 and sets no cookie', async () => {
    const res = await request(app.running.url!)
      .post('/admin/login')
      .type('form')
      .send({ password: 'nope' })
      .expect(401);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.text).toContain('Wrong password');
  });

  it('logs in, shows the overview and the system page with feed heartbeats', async () => {
    app.running.app.get<Heartbeats>(HEARTBEATS).beat('simulator:QQQ');
    const agent = request.agent(app.running.url!);
    const login = await agent.post('/admin/login').type('form').send({ password: PASSWORD });
    expect(login.status).toBe(303);
    expect(login.headers['set-cookie']?.[0]).toMatch(/gd_admin=.*HttpOnly.*SameSite=Strict/i);
    const overview = await agent.get('/admin').expect(200);
    expect(overview.text).toContain('System');
    const system = await agent.get('/admin/p/system').expect(200);
    expect(system.text).toContain('simulator:QQQ');
  });

  it('renders every page of the full app, empty or not', async () => {
    const agent = request.agent(app.running.url!);
    await agent.post('/admin/login').type('form').send({ password: PASSWORD }).expect(303);
    for (const [page, marker] of [
      ['signals', 'Signals'],
      ['risk', 'Risk verdicts'],
      ['alerts', 'Overseer alerts'],
      ['deliveries', 'Deliveries'],
      ['content', 'Content QA'],
      ['billing', 'MRR'],
    ]) {
      const res = await agent.get(`/admin/p/${page}`).expect(200);
      expect(res.text, page).toContain(marker);
      expect(res.text, page).not.toContain('unavailable');
    }
  });

  it('runs a row action only with the session CSRF token', async () => {
    const agent = request.agent(app.running.url!);
    await agent.post('/admin/login').type('form').send({ password: PASSWORD }).expect(303);
    await agent
      .post('/admin/p/deliveries/actions/resend')
      .type('form')
      .send({ key: '12345', csrf: 'forged' })
      .expect(403);
    const page = await agent.get('/admin').expect(200); // the sign-out form carries the token
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1];
    expect(csrf).toBeTruthy();
    const done = await agent
      .post('/admin/p/deliveries/actions/resend')
      .type('form')
      .send({ key: '12345', csrf })
      .expect(303);
    expect(decodeURIComponent(done.headers.location)).toContain('cannot be resent');
    await agent
      .post('/admin/p/deliveries/actions/nope')
      .type('form')
      .send({ key: '1', csrf })
      .expect(404);
  });

  it('ends a session when it expires on the clock', async () => {
    const agent = request.agent(app.running.url!);
    await agent.post('/admin/login').type('form').send({ password: PASSWORD }).expect(303);
    await agent.get('/admin').expect(200);
    clock.advance(13 * 3_600_000); // default session length is 12 hours
    await agent.get('/admin').expect(303);
  });

  it('rejects a forged session cookie', async () => {
    await request(app.running.url!)
      .get('/admin')
      .set('Cookie', 'gd_admin=abc.99999999999999.forged')
      .expect(303);
  });

  it('answers 404 for unknown pages', async () => {
    const agent = request.agent(app.running.url!);
    await agent.post('/admin/login').type('form').send({ password: PASSWORD });
    await agent.get('/admin/p/nope').expect(404);
  });
});

describe('admin portal without a password configured', () => {
  it('is disabled: every page answers 404', async () => {
    const clock = new FakeClock();
    const app = await start({}, clock);
    try {
      await request(app.running.url!).get('/admin/login').expect(404);
      await request(app.running.url!).get('/admin').expect(404);
      await request(app.running.url!)
        .post('/admin/login')
        .type('form')
        .send({ password: 'anything at all' })
        .expect(404);
    } finally {
      await app.running.close();
      await app.drop();
    }
  });
});
