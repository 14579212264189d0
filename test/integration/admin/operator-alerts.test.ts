/**
 * Operator alerts reach the operators' Discord channel and Telegram chat through the delivery
 * adapters (local fakes speaking the platforms' APIs): once per state change, rate-limited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OperatorAlerts,
  operatorAlertSenders,
} from '../../../src/admin/controls/operator-alerts.js';
import { FakeClock } from '../../../src/common/clock.js';
import { loadConfig } from '../../../src/config/config.js';
import { sliceConfig } from '../../../src/config/slices.js';
import { Overseer } from '../../../src/overseer/overseer.js';
import { FakeDiscordApi } from '../../../src/sandbox/platforms/discord.js';
import { FakeTelegramApi } from '../../../src/sandbox/platforms/telegram.js';

const BOT = '123456:operator-bot';
const CHAT = '-1009876';

describe('operator alerts', () => {
  let discord: FakeDiscordApi;
  let telegram: FakeTelegramApi;
  const clock = new FakeClock(Date.UTC(2026, 2, 2, 15, 0));
  const logged: string[] = [];

  beforeAll(async () => {
    discord = await FakeDiscordApi.start();
    telegram = await FakeTelegramApi.start({ token: BOT });
  });
  afterAll(async () => {
    await discord?.close();
    await telegram?.close();
  });

  function relay(perMinute = 6): OperatorAlerts {
    const config = loadConfig({
      DISCORD_API_BASE: discord.apiBase,
      TELEGRAM_BOT_TOKEN: BOT,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      OPERATOR_DISCORD_WEBHOOK_URL: `${discord.apiBase}/webhooks/555/op-token`,
      OPERATOR_TELEGRAM_CHAT_ID: CHAT,
    });
    const admin = sliceConfig(config).admin;
    return new OperatorAlerts(operatorAlertSenders(admin), clock, perMinute, (m) => logged.push(m));
  }

  it('sends a halt, a paper-only switch and a disabled strategy to both channels, once each', async () => {
    const overseer = new Overseer();
    const alerts = relay();
    overseer.halt(clock.now(), 'broker outage');
    overseer.setPaperOnly(clock.now(), true);
    overseer.disableStrategy(clock.now(), 'scalp', 'switched off by ops@example.com');
    expect(await alerts.relay(overseer.alerts())).toBe(3);
    // Read again a second later (nothing changed): nothing more goes out.
    clock.advance(1000);
    expect(await alerts.relay(overseer.alerts())).toBe(0);
    const sent = discord.webhookMessages('555').map((m) => m.content);
    expect(sent).toEqual([
      '[CRITICAL] operator → halt: halted by operator: broker outage',
      '[WARNING] operator → paper_only: paper-only on: signals are not published',
      '[WARNING] operator → disable_strategy: scalp disabled: switched off by ops@example.com',
    ]);
    expect(telegram.sentTo(CHAT)).toEqual(sent);
    expect(logged).toEqual([]);
  });

  it('does not re-send history it was primed with, nor the same alert within ten minutes', async () => {
    const overseer = new Overseer();
    const alerts = relay();
    overseer.halt(clock.now(), 'old news');
    alerts.prime(overseer.alerts());
    const before = discord.messages.length;
    expect(await alerts.relay(overseer.alerts())).toBe(0);
    overseer.setManualMode(clock.now(), true);
    overseer.setManualMode(clock.now(), false);
    overseer.setManualMode(clock.now(), true); // the same alert again, a moment later
    expect(await alerts.relay(overseer.alerts())).toBe(2);
    expect(discord.messages.length - before).toBe(2);
  });

  it('sends at most N a minute and names how many were held back in the next', async () => {
    const overseer = new Overseer();
    const alerts = relay(2);
    for (const t of [0.9, 0.8, 0.7, 0.6]) overseer.setTaper(clock.now(), t);
    expect(await alerts.relay(overseer.alerts())).toBe(2);
    clock.advance(61_000);
    overseer.resume(clock.now());
    expect(await alerts.relay(overseer.alerts())).toBe(1);
    expect(telegram.sentTo(CHAT).at(-1)).toBe(
      '[INFO] operator → resume: trading resumed by operator: operator resume (+2 more alert(s) held back by the rate limit)',
    );
  });
});
