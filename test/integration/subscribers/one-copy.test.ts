/**
 * One copy each: a subscriber in their tier's Telegram group (as the bot hears it from Telegram's
 * chat member updates) gets the group's message and no DM of it, unless they asked for DMs too;
 * on Discord a tier's message goes to its channel only (there are no Discord DMs).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import { loadConfig } from '../../../src/config/config.js';
import type { DistributionEngine } from '../../../src/distribution/distribution-engine.js';
import { FakeTelegramApi } from '../../../src/sandbox/platforms/telegram.js';
import {
  createSubscriberServices,
  type SubscriberServices,
} from '../../../src/subscribers/subscribers.composition.js';
import { openTestDatabase } from '../../support/database.js';
import { buildEngine } from '../distribution/harness.js';
import { sampleSignal } from '../../unit/distribution/signal-fixtures.js';

const TG_TOKEN = '6060:one-copy-token';
const GROUP = '-1006000000001';
const NOW = Date.UTC(2026, 2, 2, 15, 0);

describe('one copy each: Telegram group members get no DM of the same signal', () => {
  let telegram: FakeTelegramApi;
  let services: SubscriberServices;
  let engine: DistributionEngine;
  let drop: () => Promise<void>;
  const chats = [6001, 6002, 6003];
  const ids = new Map<number, string>();

  beforeAll(async () => {
    telegram = await FakeTelegramApi.start({ token: TG_TOKEN });
    const ctx = await openTestDatabase();
    drop = ctx.drop;
    const ds = ctx.db.dataSource;
    const clock = new FakeClock(NOW);
    const env = {
      NODE_ENV: 'test',
      SUBSCRIBER_TOKEN_SECRET: 'one-copy-secret-0123456789',
      TELEGRAM_BOT_TOKEN: TG_TOKEN,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      TELEGRAM_CHAT_PREMIUM: GROUP,
      DISCORD_WEBHOOK_PREMIUM: '111/tok',
    };
    services = createSubscriberServices({ dataSource: ds, config: loadConfig(env), clock });
    engine = buildEngine({ db: ctx.db, clock, directory: services.recipients, env });
    for (const chat of chats) {
      const sub = await services.store.create(
        ds,
        { email: `${chat}@copy.test`, emailStatus: 'verified' },
        NOW,
      );
      ids.set(chat, sub.id);
      await ds.query(
        `UPDATE subscriber SET tier = 'premium', telegram_chat_id = $2, telegram_user_id = $2 WHERE id = $1`,
        [sub.id, String(chat)],
      );
    }
  });
  afterAll(async () => {
    await telegram?.close();
    await drop?.();
  });

  /** A chat_member update as Telegram sends it to a bot that administers the group. */
  function memberUpdate(userId: number, from: string, to: string) {
    const user = { id: userId, is_bot: false, first_name: 'Sub' };
    return {
      update_id: Math.floor(Math.random() * 1e9),
      chat_member: {
        chat: { id: Number(GROUP), type: 'supergroup', title: 'GammaDesk Premium' },
        from: user,
        date: Math.floor(NOW / 1000),
        old_chat_member: { status: from, user },
        new_chat_member: { status: to, user },
      },
    };
  }

  /** Telegram copies each subscriber's chat would receive for one signal, by address. */
  async function telegramCopies(signalId: string): Promise<Map<string, number>> {
    const rows = (await engine.store.list({ signalId })).filter(
      (r) => r.channel === 'telegram' && r.tier === 'premium',
    );
    const copies = new Map<string, number>();
    for (const r of rows) {
      const to = r.address ?? 'group';
      copies.set(to, (copies.get(to) ?? 0) + 1);
    }
    return copies;
  }

  it('a group member gets the group copy only; a member who asked for DMs gets both', async () => {
    const bot = services.telegramBot!;
    await bot.handleUpdate(memberUpdate(6001, 'left', 'member') as never);
    await bot.handleUpdate(memberUpdate(6003, 'left', 'member') as never);
    await services.subscribers.updatePreferences(ids.get(6003)!, { telegramDmInGroup: true });

    // Paging one at a time still finds everyone who should get a DM.
    const seen: string[] = [];
    let afterId: string | undefined;
    for (;;) {
      const page = await services.recipients.listRecipients({
        tier: 'premium',
        channel: 'telegram',
        afterId,
        limit: 1,
      });
      seen.push(...page.map((r) => r.telegramChatId!));
      if (page.length < 1) break;
      afterId = page[0]!.subscriberId;
    }
    expect(seen.sort()).toEqual(['6002', '6003']);

    const signal = sampleSignal({
      id: 'SIG-20260302-041',
      publishedAt: NOW,
      dataAsOf: NOW - 1_000,
    });
    await engine.planSignal(signal);
    const copies = await telegramCopies(signal.id);
    expect(Object.fromEntries(copies)).toEqual({ group: 1, '6002': 1, '6003': 1 });
    // Discord: the tier channel's one message, no per-subscriber copies.
    const discord = (await engine.store.list({ signalId: signal.id })).filter(
      (r) => r.channel === 'discord' && r.tier === 'premium',
    );
    expect(discord.map((r) => r.recipient)).toEqual(['']);
  });

  it('leaving the group (or being removed) brings the DM back', async () => {
    await services.telegramBot!.handleUpdate(memberUpdate(6001, 'member', 'left') as never);
    const signal = sampleSignal({
      id: 'SIG-20260302-042',
      publishedAt: NOW,
      dataAsOf: NOW - 1_000,
    });
    await engine.planSignal(signal);
    expect(Object.fromEntries(await telegramCopies(signal.id))).toEqual({
      group: 1,
      '6001': 1,
      '6002': 1,
      '6003': 1,
    });
  });
});
