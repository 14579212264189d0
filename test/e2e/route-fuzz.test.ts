/**
 * Every route of the running app (walked from Express's router) with malformed cookies, bodies
 * and path parameters: nothing answers 5xx, and no body carries a stack trace.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/bootstrap.js';
import { FakeClock } from '../../src/common/clock.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { FakeStripeServer } from '../../src/sandbox/platforms/stripe/fake-stripe-server.js';
import {
  ADMIN_PASSWORD,
  createAdminUser,
  postLogin,
  sessionCookie,
} from '../support/admin-users.js';
import { openTestDatabase } from '../support/database.js';

const OPERATOR = 'operator-token-0123456789abcdef';

interface Route {
  method: string;
  path: string;
}

interface RouterLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
}

/** The routes Nest registered on the Express app. */
function routesOf(running: RunningApp): Route[] {
  const express = running.app.getHttpAdapter().getInstance() as {
    router?: { stack: RouterLayer[] };
    _router?: { stack: RouterLayer[] };
  };
  const stack = (express.router ?? express._router)?.stack ?? [];
  const routes: Route[] = [];
  for (const layer of stack) {
    if (!layer.route) continue;
    const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
    for (const path of paths)
      for (const [method, on] of Object.entries(layer.route.methods))
        if (on && method !== '_all') routes.push({ method, path });
  }
  return routes;
}

const PARAMS = [
  'constructor',
  '__proto__',
  'toString',
  '%ZZ',
  'x'.repeat(3000),
  '-1',
  '1e309',
  'SPY',
];
const BODIES: { type: string; body: string }[] = [
  { type: 'application/json', body: '{' },
  { type: 'application/json', body: '{"email":123,"plan":[],"key":{},"password":null,"csrf":1}' },
  {
    type: 'application/json',
    body: JSON.stringify({ email: 'a'.repeat(200_000), plan: 'x'.repeat(5000) }),
  },
  {
    type: 'application/json',
    body: '{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}',
  },
  { type: 'application/json', body: '[]' },
  { type: 'application/json', body: 'null' },
  { type: 'application/json', body: '"just a string"' },
  { type: 'application/x-www-form-urlencoded', body: 'email=%ZZ&__proto__[x]=1&key=constructor' },
  { type: 'text/plain', body: 'hello' },
];
const COOKIES = ['foo=%ZZ', 'gd_admin=%E0%A4%A', `gd_admin=${'x'.repeat(4000)}`, '=;;;=; a=b=c'];

describe('route fuzz: malformed input never causes a 5xx', () => {
  const clock = new FakeClock(Date.UTC(2026, 2, 2, 15, 0));
  let running: RunningApp;
  let drop: () => Promise<void>;
  let stripe: FakeStripeServer;
  let session = '';

  beforeAll(async () => {
    const ctx = await openTestDatabase();
    drop = ctx.drop;
    await createAdminUser(ctx.db);
    stripe = await FakeStripeServer.start({ clock });
    running = await startApp(
      loadConfig({
        ROLE: 'api',
        ADMIN_API_TOKEN: OPERATOR,
        EMAIL_EVENTS_TOKEN: 'email-events-token-0123456789',
        STRIPE_SECRET_KEY: stripe.apiKey,
        STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
        STRIPE_API_HOST: '127.0.0.1',
        STRIPE_API_PORT: String(stripe.port),
        STRIPE_API_PROTOCOL: 'http',
        STRIPE_MAX_RETRIES: '0',
        BILLING_RECONCILE_INTERVAL_MS: '0',
        BILLING_TIER_SWEEP_INTERVAL_MS: '0',
        ADMIN_SESSION_HOURS: '720', // the clock jumps an hour per request (rate-limit windows)
      }),
      { clock, database: ctx.db, port: 0, logger: createLogger('silent') },
    );
    session = sessionCookie(await postLogin(running.url!, ADMIN_PASSWORD));
  });
  afterAll(async () => {
    await running?.close();
    await stripe?.close();
    await drop?.();
  });

  it('finds the routes of every module', () => {
    const paths = routesOf(running).map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'post /subscribers',
        'post /billing/checkout',
        'post /admin/login',
        'get /admin/alerts',
        'post /admin/deliveries/resend',
        'get /gex/:symbol',
      ]),
    );
  });

  it('answers every malformed request with a status below 500 and no stack trace', async () => {
    const failures: string[] = [];
    const send = async (
      route: Route,
      param: string,
      body: { type: string; body: string } | null,
      cookie: string,
    ) => {
      const path = route.path.replace(/:[A-Za-z]+/g, () =>
        param === '%ZZ' ? param : encodeURIComponent(param),
      );
      const agent = request(running.url!);
      let req = agent[route.method as 'get'](path)
        .set('Cookie', `${cookie}; ${session}`)
        .set('Authorization', `Bearer ${OPERATOR}`);
      if (body && route.method !== 'get') req = req.set('content-type', body.type).send(body.body);
      const res = await req;
      // Advance past every rate-limit window so later requests reach the handlers again.
      clock.advance(3_600_000);
      if (res.status >= 500 || /\n\s+at .+:\d+:\d+/.test(res.text)) {
        failures.push(
          `${route.method.toUpperCase()} ${path.slice(0, 80)} ${body?.body.slice(0, 40) ?? ''} → ${res.status}`,
        );
      }
    };
    for (const route of routesOf(running)) {
      if (route.path === '/health' || route.path === '/metrics') continue; // report dependencies
      for (const param of route.path.includes(':') ? PARAMS : ['SPY'])
        await send(route, param, BODIES[0], COOKIES[0]);
      for (const body of BODIES) await send(route, 'SPY', body, COOKIES[1]);
      for (const cookie of COOKIES) await send(route, 'constructor', BODIES[3], cookie);
    }
    expect(failures).toEqual([]);
  });
});
