import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../../src/bootstrap.js';
import { SystemClock } from '../../../src/common/clock.js';
import { loadConfig } from '../../../src/config/config.js';
import { createLogger } from '../../../src/observability/logger.js';
import { openTestDatabase } from '../../support/database.js';
import { startChannelRig, WEBHOOKS } from './channel-rig.js';

type Health = {
  status: string;
  channels: { ok: boolean; detail: Record<string, { state: string; reason?: string }> };
};

/** Channel credentials are probed at start-up against the local fake platforms; /health shows each. */
describe('channel probes and /health', () => {
  let rig: Awaited<ReturnType<typeof startChannelRig>>;
  const apps: RunningApp[] = [];
  const drops: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    rig = await startChannelRig(new SystemClock());
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const drop of drops) await drop();
    await rig.close();
  });

  const start = async (env: Record<string, string>) => {
    const ctx = await openTestDatabase();
    drops.push(ctx.drop);
    const app = await startApp(loadConfig({ ROLE: 'api', LOG_LEVEL: 'silent', ...env }), {
      database: ctx.db,
      port: 0,
      logger: createLogger('silent'),
    });
    apps.push(app);
    const res = await fetch(`${app.url!}/health`);
    return { status: res.status, body: (await res.json()) as Health };
  };

  it('a production deployment with every channel configured: all ok, each probed', async () => {
    const { status, body } = await start({
      NODE_ENV: 'production',
      SUBSCRIBER_TOKEN_SECRET: 'a-production-secret-of-enough-length',
      ...rig.env,
    });
    expect(body.channels.detail).toEqual({
      discord: { state: 'ok' },
      telegram: { state: 'ok' },
      email: { state: 'ok' },
      twitter: { state: 'ok' },
      reddit: { state: 'ok' },
    });
    expect(status).toBe(200);
    expect(rig.telegram.calls('getMe').length).toBeGreaterThan(0);
    const probed = rig.discord.requests.filter((r) => r.method === 'GET').map((r) => r.path);
    for (const id of Object.values(WEBHOOKS))
      expect(probed.some((p) => p.includes(`/webhooks/${id}/`))).toBe(true);
    expect(rig.twitter.requests.some((r) => r.path === '/2/users/me')).toBe(true);
    expect(rig.reddit.requests.some((r) => r.path.includes('access_token'))).toBe(true);
  });

  it('wrong credentials are failing with a short reason (no secret), disabled and outbox are said', async () => {
    rig.discord.deletedWebhooks.add(WEBHOOKS.free);
    const env: Record<string, string> = {
      ...rig.env,
      NODE_ENV: 'test',
      TELEGRAM_BOT_TOKEN: '123456:wrong-token',
      REDDIT_PASSWORD: 'wrong-password',
      DISTRIBUTION_DISABLED_CHANNELS: 'twitter',
    };
    delete env.SMTP_URL;
    const { status, body } = await start(env);
    rig.discord.deletedWebhooks.clear();
    const detail = body.channels.detail;
    expect(detail.telegram.state).toBe('failing');
    expect(detail.telegram.reason).toMatch(/401/);
    expect(detail.discord.state).toBe('failing');
    expect(detail.discord.reason).toMatch(/Unknown Webhook/);
    expect(detail.reddit.state).toBe('failing');
    expect(detail.twitter).toEqual({ state: 'disabled' });
    expect(detail.email).toEqual({ state: 'outbox' });
    expect(status).toBe(503);
    const text = JSON.stringify(body);
    for (const secret of [
      'wrong-token',
      'wrong-password',
      'fake-secret',
      'tok-free',
      'tok-premium',
    ])
      expect(text).not.toContain(secret);
    console.log(`/health channels: ${JSON.stringify(detail)}`);
  });
});
