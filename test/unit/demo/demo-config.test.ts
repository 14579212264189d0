import { describe, expect, it } from 'vitest';
import { loadDemoConfig } from '../../../src/demo/demo-defaults.js';

describe('the demo config', () => {
  it("keeps Telegram's limits scaled to the replay speed once the local fakes' addresses are added", () => {
    const plain = loadDemoConfig({});
    const withFakes = loadDemoConfig({
      TELEGRAM_API_ROOT: 'http://127.0.0.1:9/telegram',
      DISCORD_API_BASE: 'http://127.0.0.1:9/discord',
    });
    const speed = Math.max(plain.DEMO_SPEED, plain.DEMO_FAST_SPEED);
    for (const config of [plain, withFakes]) {
      // Telegram's 20 a minute per group and ~1 a second per chat, on a clock running `speed`×.
      expect(config.TELEGRAM_GROUP_MESSAGES_PER_MINUTE).toBe(20 * speed);
      expect(config.TELEGRAM_CHAT_INTERVAL_MS).toBe(Math.floor(1_050 / speed));
    }
    expect(withFakes.TELEGRAM_API_ROOT).toBe('http://127.0.0.1:9/telegram');
  });
});
