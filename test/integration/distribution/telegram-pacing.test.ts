import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SystemClock } from '../../../src/common/clock.js';
import { TelegramSender } from '../../../src/distribution/adapters/telegram.js';
import { redisRateLimits, type RateLimits } from '../../../src/distribution/rate-limits.js';
import type { RecordedRequest } from '../../../src/sandbox/fake-http-server.js';
import { FakeTelegramApi } from '../../../src/sandbox/platforms/telegram.js';
import { TEST_REDIS_URL, uniqueRedisPrefix } from '../../support/database.js';

const GROUP = '-1001';

/**
 * What a strict Telegram would have refused with 429 "retry after 1": a message to a chat less
 * than a second after the previous one to it, or a group's 21st message within a minute.
 */
function strictRefusals(requests: RecordedRequest[]): { perChat: number; perGroup: number } {
  const byChat = new Map<string, number[]>();
  for (const r of requests.filter((q) => q.status === 200 && q.path.endsWith('/sendMessage'))) {
    const chat = String((r.body as { chat_id: string | number }).chat_id);
    byChat.set(chat, [...(byChat.get(chat) ?? []), r.receivedAt]);
  }
  let perChat = 0;
  let perGroup = 0;
  for (const [chat, times] of byChat) {
    times.sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++) if (times[i] - times[i - 1] < 1_000) perChat++;
    if (chat.startsWith('-'))
      for (let i = 20; i < times.length; i++) if (times[i] - times[i - 20] < 60_000) perGroup++;
  }
  return { perChat, perGroup };
}

describe('Telegram pacing per chat and per group, shared by every worker through Redis', () => {
  let api: FakeTelegramApi;
  beforeAll(async () => {
    api = await FakeTelegramApi.start({ clock: new SystemClock() });
  });
  afterAll(async () => {
    await api.close();
  });

  it('two workers DM 20 chats 5 times each and post to a group: nothing a strict Telegram would refuse', async () => {
    const prefix = uniqueRedisPrefix('pacing');
    const limits: RateLimits[] = [
      redisRateLimits(TEST_REDIS_URL, prefix),
      redisRateLimits(TEST_REDIS_URL, prefix),
    ];
    const workers = limits.map(
      (l) =>
        new TelegramSender({
          botToken: '123456:fake-token',
          apiRoot: api.apiRoot,
          groups: { premium: GROUP },
          limits: l,
        }),
    );
    const started = performance.now();
    const sends = [];
    for (let round = 0; round < 5; round++) {
      for (let chat = 0; chat < 20; chat++) {
        const w = workers[(round + chat) % 2];
        sends.push(
          w.send({
            deliveryId: `${round}-${chat}`,
            tier: 'premium',
            recipient: `sub-${chat}`,
            address: String(800_000 + chat),
            message: { channel: 'telegram', html: `<b>signal</b> ${round}` },
            text: 'signal',
            idempotencyKey: `gd-${round}-${chat}`,
            unsubscribe: null,
          }),
        );
      }
      sends.push(
        workers[round % 2].send({
          deliveryId: `group-${round}`,
          tier: 'premium',
          recipient: '',
          address: null,
          message: { channel: 'telegram', html: `<b>group</b> ${round}` },
          text: 'group',
          idempotencyKey: `gd-group-${round}`,
          unsubscribe: null,
        }),
      );
    }
    await Promise.all(sends);
    const seconds = (performance.now() - started) / 1000;
    for (const l of limits) await l.close();

    const refusals = strictRefusals(api.requests);
    const delivered = api.requests.filter(
      (q) => q.status === 200 && q.path.endsWith('/sendMessage'),
    ).length;
    // 5 messages a chat at one a second: 4 s at the least; the allowed rate is the chats' 20/s.
    const allowedRate = 105 / Math.max(4, seconds);
    console.log(
      `telegram pacing: ${JSON.stringify({ expected: 105, delivered, ...refusals, seconds: Number(seconds.toFixed(2)), perSecond: Number(allowedRate.toFixed(1)) })}`,
    );
    expect(delivered).toBe(105);
    expect(refusals).toEqual({ perChat: 0, perGroup: 0 });
    expect(seconds).toBeLessThan(8);
  });
});
