/**
 * Operator alerts go through the delivery pipeline to the operators' Discord channel and Telegram
 * chat (local fakes speaking the platforms' APIs): a ledger row per channel, sent once per state
 * change, rate-limited, retried after a 500, dead-lettered (and listed on the Deliveries page)
 * when the platform refuses for good.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OperatorAlerts } from '../../../src/admin/controls/operator-alerts.js';
import { DeliveriesPage } from '../../../src/admin/pages/deliveries/deliveries-page.js';
import type { AuditLog } from '../../../src/admin/access/audit-log.js';
import { FakeClock } from '../../../src/common/clock.js';
import { sliceConfig } from '../../../src/config/slices.js';
import type { Database } from '../../../src/database/database.js';
import type { DistributionEngine } from '../../../src/distribution/distribution-engine.js';
import { OperatorAlertPlanner } from '../../../src/distribution/operator-alert-delivery.js';
import { operatorChannels } from '../../../src/distribution/senders.js';
import { Overseer } from '../../../src/overseer/overseer.js';
import { FakeDiscordApi } from '../../../src/sandbox/platforms/discord.js';
import { FakeTelegramApi } from '../../../src/sandbox/platforms/telegram.js';
import { openTestDatabase } from '../../support/database.js';
import { buildEngine, distributionConfig, sleep, waitFor } from '../distribution/harness.js';

const BOT = '123456:operator-bot';
const CHAT = '-1009876';
const HOOK = '555';

describe('operator alerts through the delivery pipeline', () => {
  let db: Database;
  let drop: () => Promise<void>;
  let discord: FakeDiscordApi;
  let telegram: FakeTelegramApi;
  let engine: DistributionEngine;
  let planner: OperatorAlertPlanner;
  const clock = new FakeClock(Date.parse('2026-03-02T10:00:00-05:00'));
  const logged: string[] = [];

  beforeAll(async () => {
    ({ db, drop } = await openTestDatabase());
    discord = await FakeDiscordApi.start();
    telegram = await FakeTelegramApi.start({ token: BOT });
    const env = {
      DISCORD_API_BASE: discord.apiBase,
      TELEGRAM_BOT_TOKEN: BOT,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      OPERATOR_DISCORD_WEBHOOK_URL: `${discord.apiBase}/webhooks/${HOOK}/op-token`,
      OPERATOR_TELEGRAM_CHAT_ID: CHAT,
      DISTRIBUTION_BACKOFF_BASE_MS: '50',
      DISTRIBUTION_BACKOFF_MAX_MS: '200',
      TELEGRAM_CHAT_INTERVAL_MS: '1',
    };
    engine = buildEngine({ db, clock, directory: null, env });
    await engine.start({ consume: true, reconcile: false });
    const channels = operatorChannels(sliceConfig(distributionConfig(env)).distribution);
    expect(channels).toEqual(['discord', 'telegram']);
    planner = new OperatorAlertPlanner(
      { clock, store: engine.store, queue: engine.queue },
      channels,
    );
  });
  afterEach(() => {
    discord.clearFailures();
    telegram.clearFailures();
  });
  afterAll(async () => {
    await engine?.stop();
    await discord?.close();
    await telegram?.close();
    await drop?.();
  });

  function relay(perMinute = 6): OperatorAlerts {
    const planning = {
      operatorAlertsEnabled: planner.enabled,
      planOperatorAlert: (a: Parameters<OperatorAlertPlanner['plan']>[0]) => planner.plan(a),
    };
    return new OperatorAlerts(planning, clock, perMinute, (m) => logged.push(m));
  }

  const rows = async () =>
    (await engine.store.list({ limit: 10_000 })).filter((r) => r.kind === 'operator_alert');
  const discordTexts = () => discord.webhookMessages(HOOK).map((m) => m.content);
  /** Every alert planned so far went out (or was dead-lettered): counts are stable. */
  const settled = () =>
    waitFor(
      async () => (await rows()).every((r) => r.status === 'sent' || r.status === 'dead'),
      'earlier alerts to go out',
    );

  it('delivers a halt, a paper-only switch and a disabled strategy once to each channel, as sentences', async () => {
    const overseer = new Overseer();
    const alerts = relay();
    overseer.halt(clock.now(), 'broker outage');
    overseer.setPaperOnly(clock.now(), true);
    overseer.disableStrategy(clock.now(), 'scalp', 'switched off by ops@example.com');
    expect(await alerts.relay(overseer.alerts())).toBe(3);
    await waitFor(
      async () => (await rows()).filter((r) => r.status === 'sent').length === 6,
      'six sent rows',
    );
    // Read again a second later (nothing changed): nothing more is planned or sent.
    clock.advance(1000);
    expect(await alerts.relay(overseer.alerts())).toBe(0);
    await sleep(300);
    // Alerts raised in the same second are separate deliveries: each channel may take them in
    // its own order, so the texts are compared as sets.
    expect([...discordTexts()].sort()).toEqual([
      '**Paper-only: signals are not published**\nPaper-only on: signals are not published. Raised at 10:00 New York time on 2026-03-02.',
      '**Strategy scalp switched off**\nScalp disabled: switched off by ops@example.com. Raised at 10:00 New York time on 2026-03-02.',
      '**Urgent: Trading halted**\nHalted by operator: broker outage. Raised at 10:00 New York time on 2026-03-02.',
    ]);
    // Telegram gets the same words, the title in bold HTML.
    expect([...telegram.sentTo(CHAT)].sort()).toEqual(
      discordTexts()
        .map((t) => t.replace(/^\*\*(.*)\*\*/, '<b>$1</b>'))
        .sort(),
    );
    const ledger = await rows();
    expect(ledger).toHaveLength(6);
    expect(new Set(ledger.map((r) => r.channel))).toEqual(new Set(['discord', 'telegram']));
    expect(ledger.every((r) => r.sentVia === r.channel && r.attempts === 1)).toBe(true);
    expect(logged).toEqual([]);
  });

  it('does not re-send history it was primed with, nor the same alert within ten minutes', async () => {
    const overseer = new Overseer();
    const alerts = relay();
    overseer.halt(clock.now(), 'old news');
    alerts.prime(overseer.alerts());
    const before = (await rows()).length;
    expect(await alerts.relay(overseer.alerts())).toBe(0);
    overseer.setManualMode(clock.now(), true);
    overseer.setManualMode(clock.now(), false);
    overseer.setManualMode(clock.now(), true); // the same alert again, a moment later
    expect(await alerts.relay(overseer.alerts())).toBe(2);
    expect((await rows()).length - before).toBe(4);
  });

  it('plans at most N a minute and says in the next how many were held back', async () => {
    const overseer = new Overseer();
    const alerts = relay(2);
    for (const t of [0.9, 0.8, 0.7, 0.6]) overseer.setTaper(clock.now(), t);
    expect(await alerts.relay(overseer.alerts())).toBe(2);
    clock.advance(61_000);
    overseer.resume(clock.now());
    expect(await alerts.relay(overseer.alerts())).toBe(1);
    const resumed = (t: string) => t.startsWith('<b>Trading resumed</b>');
    await waitFor(() => telegram.sentTo(CHAT).some(resumed), 'resume');
    expect(telegram.sentTo(CHAT).find(resumed)).toBe(
      '<b>Trading resumed</b>\nTrading resumed by operator: operator resume. Raised at 10:01 New York time on 2026-03-02. ' +
        "2 earlier alerts were held back by the limit of alerts a minute; the portal's Controls page shows the current state.",
    );
  });

  it('retries a Discord 500 and delivers the alert once', async () => {
    await settled();
    clock.advance(60_000);
    const before = discordTexts().length;
    discord.fail({ status: 500, path: `/webhooks/${HOOK}/`, times: 1 });
    const overseer = new Overseer();
    overseer.setTaper(clock.now(), 0.5);
    expect(await relay().relay(overseer.alerts())).toBe(1);
    await waitFor(async () => discordTexts().length === before + 1, 'the retried alert');
    await sleep(300);
    expect(discordTexts()).toHaveLength(before + 1);
    const row = (await rows()).filter((r) => r.channel === 'discord').at(-1)!;
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    expect(discord.requestsTo({ path: `/webhooks/${HOOK}/` }).at(-2)?.status).toBe(500);
  });

  it('dead-letters an alert the platform refuses for good; the Deliveries page lists it', async () => {
    await settled();
    clock.advance(60_000);
    const before = discordTexts().length;
    discord.fail({ status: 403, path: `/webhooks/${HOOK}/`, times: 1 });
    const overseer = new Overseer();
    overseer.halt(clock.now(), 'exchange outage');
    expect(await relay().relay(overseer.alerts())).toBe(1);
    await waitFor(
      async () => (await rows()).some((r) => r.status === 'dead'),
      'a dead-lettered alert',
    );
    const dead = (await rows()).find((r) => r.status === 'dead')!;
    expect(dead).toMatchObject({ channel: 'discord', attempts: 1 });
    expect(dead.lastError).toMatch(/^permanent: Discord 403/);
    expect(discordTexts()).toHaveLength(before);
    // Telegram still got it.
    await waitFor(() => telegram.sentTo(CHAT).some((t) => t.includes('exchange outage')), 'tg');
    const alertsTable = await engine.store.alerts();
    expect(alertsTable.some((a) => a.kind === 'dead_letter' && a.deliveryId === dead.id)).toBe(
      true,
    );
    const page = new DeliveriesPage({
      sql: db.dataSource,
      deliveries: engine.store,
      engine,
      audit: {} as AuditLog,
    });
    const { letters } = await page.view();
    expect(letters).toContainEqual(
      expect.objectContaining({
        id: dead.id,
        kind: 'operator alert',
        tier: 'operators',
        channel: 'discord',
        signalPage: false,
        status: 'dead',
      }),
    );
  });
});
