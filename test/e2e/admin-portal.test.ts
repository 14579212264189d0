import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_ROLE_KEY } from '../../src/admin/access/roles.js';
import { startApp, type RunningApp } from '../../src/bootstrap.js';
import { FakeClock } from '../../src/common/clock.js';
import type { Heartbeats } from '../../src/common/heartbeats.js';
import { loadConfig } from '../../src/config/config.js';
import { HEARTBEATS } from '../../src/core/tokens.js';
import {
  ENGINE_REPOSITORY,
  type EngineRepository,
  type VerdictRecord,
} from '../../src/engine/storage/engine-repository.js';
import type { RuleCheck } from '../../src/risk/rule-types.js';
import { createLogger } from '../../src/observability/logger.js';
import { ADMIN_EMAIL, createAdminUser, pageCsrf, signIn } from '../support/admin-users.js';
import { openTestDatabase } from '../support/database.js';

const VIEWER = 'viewer@gammadesk.test';
const EDITOR = 'editor@gammadesk.test';

/** Every controller route of the app with its full path and its declared role (if any). */
function declaredRoutes(running: RunningApp): { route: string; role: unknown }[] {
  const out: { route: string; role: unknown }[] = [];
  for (const module of running.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!type) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, type) ?? '').replace(/^\/|\/$/g, '');
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = (type.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function' || name === 'constructor') continue;
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (paths === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const role: unknown =
          Reflect.getMetadata(ADMIN_ROLE_KEY, handler) ?? Reflect.getMetadata(ADMIN_ROLE_KEY, type);
        for (const path of ([] as string[]).concat(paths)) {
          const full = `/${[base, path.replace(/^\/|\/$/g, '')].filter(Boolean).join('/')}`;
          out.push({ route: `${method.toLowerCase()} ${full}`, role });
        }
      }
    }
  }
  return out;
}

describe('admin portal', () => {
  const clock = new FakeClock(Date.UTC(2026, 2, 2, 15, 0));
  let running: RunningApp;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const ctx = await openTestDatabase();
    drop = ctx.drop;
    await createAdminUser(ctx.db);
    await createAdminUser(ctx.db, VIEWER, 'viewer');
    await createAdminUser(ctx.db, EDITOR, 'editor');
    running = await startApp(
      loadConfig({ ROLE: 'api', ADMIN_API_TOKEN: 'operator-token-0123456789' }),
      {
        clock,
        database: ctx.db,
        port: 0,
        logger: createLogger('silent'),
      },
    );
  });
  afterAll(async () => {
    await running?.close();
    await drop?.();
  });
  // A fresh window of the login door's rate limit (10 a minute per address) for each test.
  beforeEach(() => clock.advance(61_000));

  it('declares the required role of every /admin and /api/admin route', () => {
    const routes = declaredRoutes(running).filter((r) => / \/(api\/)?admin(\/|$)/.test(r.route));
    expect(routes.length).toBeGreaterThan(15);
    const undeclared = routes.filter(
      (r) => !['public', 'viewer', 'editor', 'admin'].includes(String(r.role)),
    );
    expect(undeclared).toEqual([]);
    // Only signing in and the stylesheet are open; the operator API is for the admin role.
    expect(
      routes
        .filter((r) => r.role === 'public')
        .map((r) => r.route)
        .sort(),
    ).toEqual(['get /admin/login', 'get /admin/portal.css', 'post /admin/login']);
    expect(routes.filter((r) => r.route.includes(' /api/admin') && r.role !== 'admin')).toEqual([]);
    // The portal opens on the dashboard; alerts and risk have their own page; the old panels are gone.
    const roleOf = (route: string) => routes.find((r) => r.route === route)?.role;
    expect(roleOf('get /admin')).toBe('viewer');
    expect(roleOf('get /admin/alerts')).toBe('viewer');
    expect(routes.filter((r) => r.route.includes('/admin/p/'))).toEqual([]);
    // Narrative approval: editors decide in Content QA, viewers only read.
    expect(
      routes
        .filter((r) => r.route.includes('narratives'))
        .map((r) => `${r.route} ${String(r.role)}`)
        .sort(),
    ).toEqual([
      'get /admin/content/narratives/:id viewer',
      'get /api/admin/narratives admin',
      'get /api/admin/narratives/:id admin',
      'post /admin/content/narratives/:id/:decision editor',
      'post /api/admin/narratives/:id/approve admin',
      'post /api/admin/narratives/:id/hold admin',
    ]);
    // Every admin route Express serves is one of these (none is mounted some other way).
    const express = running.app.getHttpAdapter().getInstance() as {
      router?: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
      _router?: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
    };
    const declared = new Set(routes.map((r) => r.route));
    for (const layer of (express.router ?? express._router)?.stack ?? []) {
      if (!layer.route || !/^\/(api\/)?admin(\/|$)/.test(layer.route.path)) continue;
      for (const method of Object.keys(layer.route.methods))
        expect(declared, `${method} ${layer.route.path}`).toContain(
          `${method} ${layer.route.path}`,
        );
    }
  });

  it('sends visitors without a session to the login page', async () => {
    const res = await request(running.url!).get('/admin').expect(303);
    expect(res.headers.location).toBe('/admin/login');
  });

  it('refuses a wrong password or unknown email with the same 401 and sets no session', async () => {
    for (const [email, password] of [
      [ADMIN_EMAIL, 'wrong password!'],
      ['nobody@gammadesk.test', 'correct horse battery staple'],
    ]) {
      const agent = request.agent(running.url!);
      const res = await signIn(agent, email, password);
      expect(res.status).toBe(401);
      expect(String(res.headers['set-cookie'] ?? '')).not.toContain('gd_admin=');
      expect(res.text).toContain('Wrong email or password');
    }
  });

  it('refuses a login form without its CSRF token (403)', async () => {
    const res = await request(running.url!)
      .post('/admin/login')
      .type('form')
      .send({ email: ADMIN_EMAIL, password: 'correct horse battery staple', csrf: 'forged' })
      .expect(403);
    expect(res.text).toContain('did not come from this portal');
  });

  it('logs in by email and lands on the dashboard with feed heartbeats', async () => {
    running.app.get<Heartbeats>(HEARTBEATS).beat('simulator:QQQ');
    const agent = request.agent(running.url!);
    const login = await signIn(agent, ' OPS@gammadesk.test ');
    expect(login.status).toBe(303);
    expect(String(login.headers['set-cookie'])).toMatch(/gd_admin=.*HttpOnly.*SameSite=Strict/i);
    const home = await agent.get('/admin').expect(303);
    expect(home.headers.location).toBe('/admin/dashboard');
    const dashboard = await agent.get('/admin/dashboard').expect(200);
    expect(dashboard.text).toContain(ADMIN_EMAIL);
    expect(dashboard.text).toContain('simulator:QQQ');
    // The header carries the portal's pages only (no second row of old panels).
    const header = /<header>([\s\S]*?)<\/header>/.exec(dashboard.text)?.[1] ?? '';
    expect(header).toContain('href="/admin/alerts">Alerts &amp; risk<');
    expect(header).not.toContain('/admin/p/');
  });

  it("shows the overseer's alerts and the day's risk rejections grouped by rule", async () => {
    const repo = running.app.get<EngineRepository>(ENGINE_REPOSITORY);
    const now = clock.now();
    await repo.saveAlert({
      at: now - 60_000,
      level: 'critical',
      kind: 'drawdown',
      action: 'halt',
      symbol: null,
      strategy: null,
      message: 'Daily drawdown passed its limit: trading halted.',
      context: {},
    });
    const verdict = (key: string, rules: RuleCheck['rule'][], at: number): VerdictRecord => ({
      candidateKey: key,
      status: 'rejected',
      strategy: 'gamma_scalp_0dte',
      setup: 'flip-break',
      symbol: 'SPY',
      quantity: 1,
      signalId: null,
      checks: [],
      rejections: rules.map((rule) => ({
        rule,
        passed: false,
        value: 3,
        limit: 2,
        message: `${rule} refused`,
      })),
      evaluatedAt: at,
    });
    await repo.saveVerdict(verdict('c-portal-1', ['stale_pricing_feed'], now - 120_000));
    await repo.saveVerdict(
      verdict('c-portal-2', ['stale_pricing_feed', 'strategy_disabled'], now - 90_000),
    );
    // Yesterday in New York: not today's.
    await repo.saveVerdict(verdict('c-portal-3', ['symbol_halted'], now - 30 * 3_600_000));
    const agent = request.agent(running.url!);
    await signIn(agent, VIEWER);
    const page = (await agent.get('/admin/alerts').expect(200)).text;
    expect(page).toContain('Daily drawdown passed its limit: trading halted.');
    expect(page).toMatch(/<td>2026-03-\d\d \d\d:\d\d:\d\d ET<\/td><td>critical<\/td>/);
    const rules = page.slice(page.indexOf('id="risk-rules"'));
    expect(rules).toMatch(/stale_pricing_feed <span class="hint">2 rejection\(s\)/);
    expect(rules).toMatch(/strategy_disabled <span class="hint">1 rejection\(s\)/);
    expect(rules.indexOf('stale_pricing_feed')).toBeLessThan(rules.indexOf('strategy_disabled'));
    expect(rules).not.toContain('symbol_halted');
  });

  it('runs an action only with the session CSRF token, and audits it', async () => {
    const agent = request.agent(running.url!);
    await signIn(agent, EDITOR);
    const refused = await agent
      .post('/admin/deliveries/resend')
      .type('form')
      .send({ ids: '12345', confirm: 'yes', csrf: 'forged' })
      .expect(403);
    expect(refused.text).toContain('CSRF');
    await agent
      .post('/admin/deliveries/resend')
      .type('form')
      .send({ ids: '12345', confirm: 'yes' })
      .expect(403);
    const csrf = await pageCsrf(agent);
    const done = await agent
      .post('/admin/deliveries/resend')
      .type('form')
      .send({ ids: '12345', confirm: 'yes', csrf })
      .expect(303);
    expect(new URL(done.headers.location, running.url!).searchParams.get('message')).toContain(
      'could not be',
    );
    await agent.post('/admin/deliveries/nope').type('form').send({ ids: '1', csrf }).expect(404);
    const admin = request.agent(running.url!);
    await signIn(admin);
    const audit = await admin.get('/admin/audit?q=delivery.resend').expect(200);
    expect(audit.text).toContain(EDITOR);
    expect(audit.text).toContain('12345');
  });

  it('lets a viewer read but not act: 403 naming the role', async () => {
    const agent = request.agent(running.url!);
    await signIn(agent, VIEWER);
    await agent.get('/admin/deliveries').expect(200);
    await agent.get('/admin/alerts').expect(200);
    const csrf = await pageCsrf(agent);
    const res = await agent
      .post('/admin/deliveries/resend')
      .type('form')
      .send({ ids: '1', confirm: 'yes', csrf })
      .expect(403);
    expect(res.text).toContain('Your role (viewer) cannot do this');
    await agent.get('/admin/users').expect(403);
    await agent.get('/admin/audit').expect(403);
    const people = await agent
      .post('/admin/users')
      .type('form')
      .send({ email: 'x@y.test', role: 'admin', password: 'a long enough password', csrf })
      .expect(403);
    expect(people.text).toContain('needs the admin role');
  });

  it('lets an admin add a person, change a role and end their sessions, all audited', async () => {
    const admin = request.agent(running.url!);
    await signIn(admin);
    const csrf = await pageCsrf(admin, '/admin/users');
    const created = await admin
      .post('/admin/users')
      .type('form')
      .send({
        email: 'New@GammaDesk.test',
        role: 'viewer',
        password: 'a long enough password',
        csrf,
      })
      .expect(303);
    expect(decodeURIComponent(created.headers.location)).toContain('Created new@gammadesk.test');
    const short = await admin
      .post('/admin/users')
      .type('form')
      .send({ email: 'short@gammadesk.test', role: 'viewer', password: 'short', csrf })
      .expect(303);
    expect(decodeURIComponent(short.headers.location)).toContain('at least 12 characters');
    const newcomer = request.agent(running.url!);
    expect((await signIn(newcomer, 'new@gammadesk.test', 'a long enough password')).status).toBe(
      303,
    );
    const users = await admin.get('/admin/users').expect(200);
    const id = /href="\/admin\/users\/(\d+)">new@gammadesk.test/.exec(users.text)?.[1];
    expect(id).toBeTruthy();
    await admin
      .post(`/admin/users/${id}/role`)
      .type('form')
      .send({ role: 'editor', csrf })
      .expect(303);
    // The newcomer's session is listed to the admin and can be ended from there.
    const sessions = await admin.get(`/admin/users/${id}`).expect(200);
    const revoke = /action="(\/admin\/users\/\d+\/sessions\/[0-9a-f]{16}\/revoke)"/.exec(
      sessions.text,
    )?.[1];
    expect(revoke).toBeTruthy();
    await newcomer.get('/admin/alerts').expect(200);
    await admin.post(revoke!).type('form').send({ csrf }).expect(303);
    expect((await newcomer.get('/admin/alerts').expect(303)).headers.location).toBe('/admin/login');
    const audit = await admin.get('/admin/audit?q=new%40gammadesk').expect(200);
    expect(audit.text).toContain('user.create');
    expect(audit.text).toContain('user.role');
    expect(audit.text).toMatch(
      /&quot;role&quot;: &quot;viewer&quot;[\s\S]*&quot;role&quot;: &quot;editor&quot;/,
    );
    expect(audit.text).toContain('session.revoke');
    expect(audit.text).not.toContain('a long enough password');
    // The last admin cannot demote themselves.
    const self = /href="\/admin\/users\/(\d+)">ops@gammadesk.test/.exec(users.text)?.[1];
    const kept = await admin
      .post(`/admin/users/${self}/role`)
      .type('form')
      .send({ role: 'viewer', csrf });
    expect(decodeURIComponent(kept.headers.location)).toContain('last enabled admin');
  });

  it('halts from the Controls page only when confirmed; every page header shows it', async () => {
    const admin = request.agent(running.url!);
    await signIn(admin);
    const csrf = await pageCsrf(admin, '/admin/controls');
    const unconfirmed = await admin
      .post('/admin/controls/halt')
      .type('form')
      .send({ reason: 'fat finger', csrf })
      .expect(303);
    expect(decodeURIComponent(unconfirmed.headers.location)).toContain('tick "confirm"');
    expect((await admin.get('/admin/alerts')).text).toContain('Trading live');
    await admin
      .post('/admin/controls/halt')
      .type('form')
      .send({ reason: 'fat finger', confirm: 'yes', csrf })
      .expect(303);
    for (const page of ['/admin/dashboard', '/admin/alerts', '/admin/audit', '/admin/controls']) {
      expect((await admin.get(page).expect(200)).text, page).toContain(
        'Trading halted</b>: fat finger',
      );
    }
    const viewer = request.agent(running.url!);
    await signIn(viewer, VIEWER);
    const page = await viewer.get('/admin/controls').expect(200);
    expect(page.text).toContain('Trading halted');
    expect(page.text).not.toContain('action="/admin/controls/resume"');
    const viewerCsrf = await pageCsrf(viewer);
    await viewer
      .post('/admin/controls/resume')
      .type('form')
      .send({ confirm: 'yes', csrf: viewerCsrf })
      .expect(403);
    await admin
      .post('/admin/controls/resume')
      .type('form')
      .send({ confirm: 'yes', csrf })
      .expect(303);
    expect((await admin.get('/admin/dashboard').expect(200)).text).toContain('Trading live');
    const audit = await admin.get('/admin/audit?q=controls').expect(200);
    expect(audit.text).toContain('controls.halt');
    expect(audit.text).toContain('controls.resume');
  });

  it('lists a user their own sessions and ends the session everywhere on sign-out', async () => {
    const agent = request.agent(running.url!);
    await signIn(agent, VIEWER);
    const account = await agent.get('/admin/account').expect(200);
    expect(account.text).toContain('(this one)');
    const csrf = await pageCsrf(agent);
    await agent.post('/admin/logout').type('form').send({ csrf }).expect(303);
    expect((await agent.get('/admin/alerts').expect(303)).headers.location).toBe('/admin/login');
  });

  it('ends a session when it expires on the clock', async () => {
    const agent = request.agent(running.url!);
    await signIn(agent);
    await agent.get('/admin/alerts').expect(200);
    clock.advance(13 * 3_600_000); // default session length is 12 hours
    expect((await agent.get('/admin/alerts').expect(303)).headers.location).toBe('/admin/login');
  });

  it('rejects a forged session cookie', async () => {
    await request(running.url!)
      .get('/admin')
      .set('Cookie', 'gd_admin=abc.99999999999999.forged')
      .expect(303);
  });

  it('answers 404 for unknown pages', async () => {
    const agent = request.agent(running.url!);
    await signIn(agent);
    await agent.get('/admin/p/system').expect(404);
    await agent.get('/admin/nope').expect(404);
    await agent.get('/admin/users/999999').expect(404);
  });
});
