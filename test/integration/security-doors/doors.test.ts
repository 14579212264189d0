/**
 * The public doors of the running app (startApp, real PostgreSQL): rate limits, login lockout,
 * portal sessions shared by two API processes, security headers, JSON-only bodies, and the
 * 500s that bad input used to cause.
 */
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { Writable } from 'node:stream';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../../src/bootstrap.js';
import { FakeClock } from '../../../src/common/clock.js';
import { loadConfig } from '../../../src/config/config.js';
import { createLogger } from '../../../src/observability/logger.js';
import {
  ADMIN_PASSWORD as PASSWORD,
  createAdminUser,
  postLogin,
  sessionCookie,
} from '../../support/admin-users.js';
import { openTestDatabase, reopenTestDatabase } from '../../support/database.js';

const WEBHOOK_SECRET = 'whsec_doors_test_secret';
const discordKeys = generateKeyPairSync('ed25519');
const discordPublicHex = discordKeys.publicKey
  .export({ format: 'der', type: 'spki' })
  .subarray(-32)
  .toString('hex');

describe('security doors of the running app', () => {
  const clock = new FakeClock(Date.UTC(2026, 2, 2, 15, 0));
  const lines: Record<string, unknown>[] = [];
  let local: RunningApp; // PUBLIC_BASE_URL on localhost over http
  let public_: RunningApp; // a second API process on the same database, behind https
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const ctx = await openTestDatabase();
    drop = ctx.drop;
    await createAdminUser(ctx.db);
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        for (const line of chunk.toString().split('\n').filter(Boolean))
          lines.push(JSON.parse(line));
        cb();
      },
    });
    const env = {
      ROLE: 'api',
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      DISCORD_PUBLIC_KEY: discordPublicHex,
    };
    local = await startApp(loadConfig(env), {
      clock,
      database: ctx.db,
      port: 0,
      logger: createLogger('info', sink),
    });
    const second = await reopenTestDatabase(ctx.schema);
    public_ = await startApp(
      loadConfig({ ...env, PUBLIC_BASE_URL: 'https://gammadesk.example.com' }),
      { clock, database: second, port: 0, logger: createLogger('silent') },
    );
  });
  afterAll(async () => {
    await public_?.close();
    await local?.close();
    await drop?.();
  });

  const loginCookie = sessionCookie;
  const sessionSetCookie = (res: request.Response): string =>
    ([] as string[])
      .concat(res.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('gd_admin=')) ?? '';

  it('sends security headers on every response, and no X-Powered-By', async () => {
    for (const path of ['/health', '/admin/login', '/no-such-route']) {
      const res = await request(local.url!).get(path);
      const csp = String(res.headers['content-security-policy']);
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).not.toContain('unsafe-inline');
      expect(res.headers['x-content-type-options'], path).toBe('nosniff');
      expect(res.headers['referrer-policy'], path).toBe('no-referrer');
      expect(res.headers['x-powered-by'], path).toBeUndefined();
    }
    const css = await request(local.url!).get('/admin/portal.css').expect(200);
    expect(css.headers['content-type']).toContain('text/css');
  });

  it('refuses form-encoded and text bodies on the JSON endpoints with 415', async () => {
    await request(local.url!)
      .post('/subscribers')
      .type('form')
      .send({ email: 'victim@example.com' })
      .expect(415);
    await request(local.url!)
      .post('/billing/checkout')
      .set('content-type', 'text/plain')
      .send('{"plan":"basic"}')
      .expect(415);
    // JSON still goes through (and is validated).
    await request(local.url!).post('/subscribers').send({ email: 42 }).expect(400);
  });

  it('limits sign-ups to one address: 429 with Retry-After after three', async () => {
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 6; i++) {
      const res = await request(local.url!)
        .post('/subscribers')
        .set('x-forwarded-for', `10.0.0.${i}`) // not trusted: the limit is per target anyway
        .send({ email: 'flooded@example.com' });
      statuses.push(res.status);
      retryAfter ??= res.headers['retry-after'];
    }
    expect(statuses.slice(0, 3)).toEqual([202, 202, 202]);
    expect(statuses.slice(3)).toEqual([429, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });

  it('limits checkouts per caller', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await request(local.url!)
        .post('/billing/checkout')
        .send({ plan: 'basic', email: `buyer${i}@example.com` });
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.slice(0, 10)).not.toContain(429);
  });

  it('answers 400 naming the field for an invalid checkout email (no ZodError 500)', async () => {
    const res = await request(public_.url!)
      .post('/billing/checkout')
      .send({ plan: 'basic', email: 'not-an-email' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('email');
  });

  it('locks the admin login after repeated failures: even the right password gets 429', async () => {
    const wrong = () => postLogin(local.url!, 'guess-guess-guess');
    for (let i = 0; i < 4; i++) expect((await wrong()).status).toBe(401);
    const locked = await wrong();
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(30);
    const right = await postLogin(local.url!, PASSWORD);
    expect(right.status).toBe(429);
    expect(sessionCookie(right)).toBe('');
    clock.advance(31_000);
    // Back-off: the next failure locks for twice as long.
    const again = await wrong();
    expect(again.status).toBe(429);
    expect(Number(again.headers['retry-after'])).toBeGreaterThanOrEqual(60);
    clock.advance(61_000);
    expect((await postLogin(local.url!, PASSWORD)).status).toBe(303);
  });

  it('shares portal sessions between API processes; logout ends them everywhere', async () => {
    clock.advance(60_000); // a fresh login rate window
    const login = await postLogin(public_.url!, PASSWORD);
    expect(login.status).toBe(303);
    expect(sessionSetCookie(login)).toMatch(/;\s*Secure/i);
    const cookie = loginCookie(login);
    const page = await request(local.url!).get('/admin/alerts').set('Cookie', cookie).expect(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1];
    await request(local.url!)
      .post('/admin/logout')
      .set('Cookie', cookie)
      .type('form')
      .send({ csrf })
      .expect(303);
    // The same cookie, replayed on the other process, no longer opens the portal.
    const replay = await request(public_.url!)
      .get('/admin/alerts')
      .set('Cookie', cookie)
      .expect(303);
    expect(replay.headers.location).toBe('/admin/login');

    const localLogin = await postLogin(local.url!, PASSWORD);
    expect(localLogin.status).toBe(303);
    expect(sessionSetCookie(localLogin)).toMatch(/^gd_admin=/);
    expect(sessionSetCookie(localLogin)).not.toMatch(/;\s*Secure/i);
  });

  it('answers 4xx, not 500, to a broken cookie and to prototype keys in the path', async () => {
    clock.advance(60_000);
    await request(local.url!).get('/admin').set('Cookie', 'foo=%ZZ').expect(303);
    const login = await postLogin(local.url!, PASSWORD);
    expect(login.status).toBe(303);
    const cookie = `foo=%ZZ; ${loginCookie(login)}`;
    const page = await request(local.url!).get('/admin/alerts').set('Cookie', cookie).expect(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1];
    for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      for (const path of [
        `/admin/controls/strategies/${key}/disable`,
        `/admin/subscribers/00000000-0000-4000-8000-000000000000/actions/${key}`,
        `/admin/content/narratives/1/${key}`,
      ]) {
        const res = await request(local.url!)
          .post(path)
          .set('Cookie', cookie)
          .type('form')
          .send({ confirm: 'yes', csrf });
        expect(res.status, path).toBeGreaterThanOrEqual(400);
        expect(res.status, path).toBeLessThan(500);
      }
      await request(local.url!).get(`/admin/${key}`).set('Cookie', cookie).expect(404);
    }
  });

  it('refuses a Discord interaction whose timestamp is stale (replay) with 401', async () => {
    const send = (atMs: number) => {
      const raw = JSON.stringify({ type: 1 });
      const timestamp = String(Math.floor(atMs / 1000));
      const signature = sign(null, Buffer.from(timestamp + raw), discordKeys.privateKey);
      return request(local.url!)
        .post('/discord/interactions')
        .set('content-type', 'application/json')
        .set('x-signature-ed25519', signature.toString('hex'))
        .set('x-signature-timestamp', timestamp)
        .send(raw);
    };
    await send(clock.now()).expect(200);
    await send(clock.now() - 6 * 60_000).expect(401);
    await send(clock.now() + 6 * 60_000).expect(401);
  });

  it('refuses a Stripe webhook signed with a timestamp far in the future', async () => {
    const raw = JSON.stringify({
      id: 'evt_future',
      object: 'event',
      type: 'customer.created',
      created: Math.floor(clock.now() / 1000),
      data: { object: { id: 'cus_1', object: 'customer' } },
      livemode: false,
      api_version: '2026-10-28.endive',
    });
    const signed = (t: number) =>
      `t=${t},v1=${createHmac('sha256', WEBHOOK_SECRET).update(`${t}.${raw}`).digest('hex')}`;
    const future = Math.floor(clock.now() / 1000) + 86_400;
    const res = await request(local.url!)
      .post('/billing/webhook')
      .set('content-type', 'application/json')
      .set('stripe-signature', signed(future))
      .send(raw);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/future/);
  });

  it('logs a 500 with message, stack and request id, and answers only the request id', async () => {
    clock.advance(60_000);
    const login = await postLogin(local.url!, PASSWORD);
    expect(login.status).toBe(303);
    await local.database.dataSource.query('ALTER TABLE admin_session RENAME TO admin_session_gone');
    try {
      const res = await request(local.url!)
        .get('/admin/alerts')
        .set('Cookie', loginCookie(login))
        .set('x-request-id', 'doors-500');
      expect(res.status).toBe(500);
      expect(res.body).toEqual({
        statusCode: 500,
        message: 'Internal server error',
        requestId: 'doors-500',
      });
      const logged = lines.find((l) => l.requestId === 'doors-500' && l.level === 50) as {
        msg: string;
        err: { message: string; stack: string };
      };
      expect(logged.msg).not.toBe('{}');
      expect(logged.err.message).toMatch(/admin_session/);
      expect(logged.err.stack).toMatch(/at /);
    } finally {
      await local.database.dataSource.query(
        'ALTER TABLE admin_session_gone RENAME TO admin_session',
      );
    }
  });
});
