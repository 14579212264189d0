/**
 * The analytics API's paywall and /metrics, probed from outside over HTTP: CoreModule (real
 * PostgreSQL schema, real Redis under a unique prefix) + SubscribersModule (sign-up, API keys) +
 * AnalyticsModule + HealthModule, fed with synthetic SPY chains.
 */
import {
  Module,
  NotFoundException,
  type DynamicModule,
  type ExecutionContext,
  type INestApplication,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalyticsModule } from '../../../src/analytics/analytics.module.js';
import type { AnalyticsSnapshot } from '../../../src/analytics/analytics-snapshot.js';
import { AnalyticsService } from '../../../src/analytics/analytics.service.js';
import { coarseLevel } from '../../../src/analytics/api/basic-view.js';
import { setupOpenApi } from '../../../src/analytics/openapi.js';
import { FakeClock } from '../../../src/common/clock.js';
import { APP_CONFIG, loadConfig } from '../../../src/config/config.js';
import type { AppConfig } from '../../../src/config/schema.js';
import { CoreModule } from '../../../src/core/core.module.js';
import { HealthModule } from '../../../src/health/health.module.js';
import { MetricsAccessGuard } from '../../../src/observability/metrics-access.guard.js';
import type { SmtpMailer } from '../../../src/subscribers/adapters/smtp-mailer.js';
import type { SubscriberServices } from '../../../src/subscribers/subscribers.composition.js';
import { SubscribersModule } from '../../../src/subscribers/subscribers.module.js';
import { SUBSCRIBER_SERVICES } from '../../../src/subscribers/subscribers.tokens.js';
import { syntheticChain } from '../../unit/analytics/synthetic-chain.js';
import { openTestDatabase, TEST_REDIS_URL, uniqueRedisPrefix } from '../../support/database.js';

const OPERATOR = 'paywall-operator-token-0123456789';
const METRICS = 'paywall-metrics-token-0123456789';
const RATE_LIMIT = 8;

@Module({})
class PaywallApp {
  static forRoot(deps: Parameters<typeof CoreModule.forRoot>[0]): DynamicModule {
    return {
      module: PaywallApp,
      imports: [CoreModule.forRoot(deps), HealthModule, SubscribersModule, AnalyticsModule],
    };
  }
}

describe('analytics paywall and metrics', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let redis: Redis;
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  let outbox: SmtpMailer['outbox'];
  let older: AnalyticsSnapshot;
  let latest: AnalyticsSnapshot;
  // Snapshots at 15:00:00 and 15:00:30; now is 15:01:10, so Basic (60 s) sees only the first.
  const clock = new FakeClock(Date.UTC(2026, 2, 2, 15, 1, 10));

  beforeAll(async () => {
    db = await openTestDatabase();
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 2 });
    const prefix = uniqueRedisPrefix('paywall');
    const config = loadConfig({
      NODE_ENV: 'test',
      ADMIN_API_TOKEN: OPERATOR,
      METRICS_TOKEN: METRICS,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: prefix,
      ANALYTICS_REDIS_PREFIX: prefix,
      API_KEY_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
      DISTRIBUTION_DELAY_BASIC_S: '60',
      SUBSCRIBER_TOKEN_SECRET: 'paywall-subscriber-token-secret',
    });
    const moduleRef = await Test.createTestingModule({
      imports: [PaywallApp.forRoot({ config, clock, database: db.db, redis })],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    setupOpenApi(app);
    await app.init();
    http = request(app.getHttpServer());
    outbox = (app.get<SubscriberServices>(SUBSCRIBER_SERVICES).mailer as SmtpMailer).outbox;
    const service = app.get(AnalyticsService);
    older = await service.ingest(syntheticChain({ asOf: '2026-03-02T15:00:00Z', spot: 500 }));
    latest = await service.ingest(syntheticChain({ asOf: '2026-03-02T15:00:30Z', spot: 503 }));
  });

  afterAll(async () => {
    await app?.close();
    redis?.disconnect();
    await db?.drop();
  });

  /** A subscriber at `tier` with a fresh API key, through the public API. */
  async function keyFor(email: string, tier: 'free' | 'basic' | 'premium') {
    const before = outbox.length;
    await http.post('/subscribers').send({ email }).expect(202);
    for (let i = 0; i < 200 && outbox.length <= before; i++)
      await new Promise((r) => setTimeout(r, 10));
    const token = /confirm\?token=([A-Za-z0-9_-]+)/.exec(outbox.at(-1)!.text)![1];
    const confirmed = await http.post(`/subscribers/confirm?token=${token}`).expect(200);
    const manage = { authorization: `Bearer ${confirmed.body.manageToken}` };
    await db.db.dataSource.query(`UPDATE subscriber SET tier = $2 WHERE id = $1`, [
      confirmed.body.subscriberId,
      tier,
    ]);
    const created = await http
      .post('/subscribers/me/api-keys')
      .set(manage)
      .send({ name: 'research' })
      .expect(201);
    return { key: created.body.key as string, id: created.body.id as string, manage };
  }

  it('no credentials: 401 with a JSON body and WWW-Authenticate on every analytics route', async () => {
    for (const path of [
      '/greeks/SPY',
      '/greeks/SPY/delta',
      '/gex/SPY',
      '/max-pain/SPY',
      '/max-pain/SPY/bias',
      '/analytics',
      '/analytics/SPY',
    ]) {
      const res = await http.get(path);
      expect(res.status, path).toBe(401);
      expect(res.headers['www-authenticate'], path).toMatch(/^Bearer/);
      expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    }
    const portfolio = await http
      .post('/greeks/portfolio')
      .send({ positions: [{ type: 'call', S: 100, K: 100, T: 0.1, sigma: 0.2, quantity: 1 }] });
    expect(portfolio.status).toBe(401);
    expect((await http.get('/gex/SPY').set('authorization', 'Bearer wrong-token')).status).toBe(
      401,
    );
    expect((await http.get('/gex/SPY').set('x-api-key', 'gd_live_' + 'A'.repeat(32))).status).toBe(
      401,
    );
  });

  it('the operator token sees live, exact figures', async () => {
    const res = await http.get('/gex/SPY').set('authorization', `Bearer ${OPERATOR}`).expect(200);
    expect(res.body.spot).toBe(latest.spot);
    expect(res.body.flip).toBe(latest.gex.flip);
    expect(res.body.byStrike).toEqual(latest.gex.byStrike);
  });

  it('API keys: shown once, stored hashed, listed by prefix only, revocable', async () => {
    const { key, id, manage } = await keyFor('keys@example.com', 'premium');
    expect(key).toMatch(/^gd_live_[A-Za-z0-9_-]{32}$/);
    const stored = (await db.db.dataSource.query(
      `SELECT prefix, key_hash FROM subscriber_api_key WHERE id = $1`,
      [id],
    )) as { prefix: string; key_hash: string }[];
    expect(JSON.stringify(stored)).not.toContain(key);
    expect(stored[0].key_hash).toMatch(/^[0-9a-f]{64}$/);
    const list = await http.get('/subscribers/me/api-keys').set(manage).expect(200);
    expect(list.body.keys).toHaveLength(1);
    expect(list.body.keys[0]).toMatchObject({ id, name: 'research', revokedAt: null });
    expect(key.startsWith(list.body.keys[0].prefix.replace('…', ''))).toBe(true);
    expect(JSON.stringify(list.body)).not.toContain(key);
    await http.get('/subscribers/me/api-keys').expect(401);

    await http.get('/gex/SPY').set('x-api-key', key).expect(200);
    await http.get('/gex/SPY').set('authorization', `Bearer ${key}`).expect(200);
    // another subscriber cannot revoke it; its owner can, and it stops working at once
    const other = await keyFor('other@example.com', 'premium');
    await http.delete(`/subscribers/me/api-keys/${id}`).set(other.manage).expect(404);
    await http.delete(`/subscribers/me/api-keys/${id}`).set(manage).expect(200);
    const revoked = await http.get('/gex/SPY').set('x-api-key', key);
    expect(revoked.status).toBe(401);
  });

  it('a Free key gets 403 naming the tier that unlocks the API', async () => {
    const { key } = await keyFor('free@example.com', 'free');
    const res = await http.get('/gex/SPY').set('x-api-key', key);
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/Basic.*Premium/);
  });

  it('Premium: live and exact, as the operator sees it', async () => {
    const { key } = await keyFor('premium@example.com', 'premium');
    const gex = await http.get('/gex/SPY').set('x-api-key', key).expect(200);
    expect(gex.body.asOf).toBe('2026-03-02T15:00:30.000Z');
    expect(gex.body.flip).toBe(latest.gex.flip);
    expect(gex.body.callWalls).toEqual(latest.gex.callWalls);
    const whole = await http.get('/analytics/SPY').set('x-api-key', key).expect(200);
    expect(whole.body.contracts.length).toBe(latest.contracts.length);
  });

  it('Basic: the snapshot at least the Basic delay old, levels on a coarse grid, no per-strike data', async () => {
    const { key } = await keyFor('basic@example.com', 'basic');
    const gex = await http.get('/gex/SPY').set('x-api-key', key).expect(200);
    expect(gex.body.asOf).toBe('2026-03-02T15:00:00.000Z');
    expect(gex.body.spot).toBe(older.spot);
    expect(gex.body.total).toBe(older.gex.total);
    expect(older.gex.flip).not.toBeNull();
    expect(gex.body.flip).toBe(coarseLevel(older.gex.flip!));
    expect(gex.body.flip).not.toBe(older.gex.flip);
    expect(gex.body.byStrike).toEqual([]);
    for (const wall of [...gex.body.callWalls, ...gex.body.putWalls]) expect(wall % 10).toBe(0);
    const maxPain = await http.get('/max-pain/SPY').set('x-api-key', key).expect(200);
    for (const [expiry, strike] of Object.entries(maxPain.body.maxPain)) {
      expect(strike).toBe(coarseLevel(older.maxPain[expiry]));
    }
    const whole = await http.get('/analytics/SPY').set('x-api-key', key).expect(200);
    expect(whole.body.contracts).toEqual([]);
    expect(whole.body.dex.byStrike).toEqual([]);
    expect(whole.body.snapshotId).toBe(older.snapshotId);
    // Greeks of named contracts still answer (from the delayed chain)
    await http.get('/greeks/SPY').set('x-api-key', key).expect(200);
    // a symbol whose only snapshot is younger than the delay: nothing for Basic yet
    await app
      .get(AnalyticsService)
      .ingest(syntheticChain({ symbol: 'QQQ', asOf: '2026-03-02T15:01:05Z', spot: 400 }));
    const fresh = await http.get('/gex/QQQ').set('x-api-key', key);
    expect(fresh.status).toBe(404);
    expect(fresh.body.message).toMatch(/at least 60 s old yet/);
  });

  it('per-key rate limit: 429 with Retry-After, counted per key (in Redis)', async () => {
    const { key } = await keyFor('busy@example.com', 'premium');
    const { key: calm } = await keyFor('calm@example.com', 'premium');
    const statuses: number[] = [];
    let last: request.Response | null = null;
    for (let i = 0; i <= RATE_LIMIT; i++) {
      last = await http.get('/max-pain/SPY').set('x-api-key', key);
      statuses.push(last.status);
    }
    expect(statuses.slice(0, RATE_LIMIT).every((s) => s === 200)).toBe(true);
    expect(last!.status).toBe(429);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(last!.headers['retry-after'])).toBeLessThanOrEqual(60);
    await http.get('/max-pain/SPY').set('x-api-key', calm).expect(200);
    // counted in Redis, so every API process shares the budget
    expect(await redis.keys('gdtest:paywall:*:throttle:api-key:*')).not.toEqual([]);
  });

  it('/docs documents both security schemes', async () => {
    const doc = await http.get('/docs-json').expect(200);
    expect(doc.body.components.securitySchemes).toMatchObject({
      operator: { type: 'http', scheme: 'bearer' },
      apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
    });
    const gex = doc.body.paths['/gex/{symbol}'].get;
    expect(gex.security).toEqual(expect.arrayContaining([{ operator: [] }, { apiKey: [] }]));
    expect(Object.keys(gex.responses)).toEqual(expect.arrayContaining(['401', '403', '429']));
  });

  it('/metrics needs METRICS_TOKEN', async () => {
    const anonymous = await http.get('/metrics');
    expect(anonymous.status).toBe(401);
    expect(anonymous.text).not.toMatch(/gammadesk_/);
    await http.get('/metrics').set('authorization', 'Bearer wrong').expect(401);
    const ok = await http.get('/metrics').set('authorization', `Bearer ${METRICS}`).expect(200);
    expect(ok.text).toMatch(/gammadesk_analytics_ingest_seconds/);
    // in production without METRICS_TOKEN, /metrics is not served at all
    const production = new MetricsAccessGuard({
      ...app.get<AppConfig>(APP_CONFIG),
      NODE_ENV: 'production',
      METRICS_TOKEN: undefined,
    });
    const context = {
      switchToHttp: () => ({ getRequest: () => ({ headers: {} }), getResponse: () => ({}) }),
    } as unknown as ExecutionContext;
    expect(() => production.canActivate(context)).toThrow(NotFoundException);
  });
});
