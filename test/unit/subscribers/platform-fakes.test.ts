import { REST, Routes, WebhookClient } from 'discord.js';
import { Telegraf, TelegramError } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscordApi } from '../../../src/sandbox/platforms/discord.js';
import { FakeTelegramApi } from '../../../src/sandbox/platforms/telegram.js';

describe('fake Discord API through discord.js', () => {
  let discord: FakeDiscordApi;
  beforeAll(async () => {
    discord = await FakeDiscordApi.start({ botToken: 'bot-secret' });
  });
  afterAll(async () => discord.close());

  it('records webhook messages and retries a 429 after Retry-After', async () => {
    const hook = new WebhookClient({ id: '111', token: 'tok' }, { rest: { api: discord.apiBase } });
    discord.fail({ status: 429, retryAfterSeconds: 0.05, path: '/webhooks/111' });
    const sent = await hook.send({ content: 'hello' });
    expect(sent.content).toBe('hello');
    const calls = discord.requestsTo({ path: '/webhooks/111/tok' });
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(discord.webhookMessages('111').map((m) => m.content)).toEqual(['hello']);
    hook.destroy();
  });

  it('adds and removes roles only with the bot token', async () => {
    discord.addMember('10', '20');
    const rest = new REST({ api: discord.apiBase, retries: 0 }).setToken('bot-secret');
    await rest.put(Routes.guildMemberRole('10', '20', '30'));
    expect(discord.rolesOf('10', '20')).toEqual(['30']);
    await rest.delete(Routes.guildMemberRole('10', '20', '30'));
    expect(discord.rolesOf('10', '20')).toEqual([]);
    const wrong = new REST({ api: discord.apiBase, retries: 0 }).setToken('nope');
    await expect(wrong.put(Routes.guildMemberRole('10', '20', '30'))).rejects.toThrow();
    await expect(rest.put(Routes.guildMemberRole('10', '99', '30'))).rejects.toThrow(
      /Unknown Member/,
    );
  });

  it('answers a programmed 500 in Discord error format', async () => {
    const rest = new REST({ api: discord.apiBase, retries: 0 }).setToken('bot-secret');
    discord.fail({ status: 500, method: 'GET' });
    await expect(rest.get(Routes.guildMember('10', '20'))).rejects.toThrow();
    const member = (await rest.get(Routes.guildMember('10', '20'))) as { roles: string[] };
    expect(member.roles).toEqual([]);
  });
});

describe('fake Telegram Bot API through telegraf', () => {
  let tg: FakeTelegramApi;
  beforeAll(async () => {
    tg = await FakeTelegramApi.start({ token: '42:secret' });
  });
  afterAll(async () => tg.close());

  it('records sendMessage and surfaces 429 with retry_after', async () => {
    const bot = new Telegraf('42:secret', { telegram: { apiRoot: tg.apiRoot } });
    await bot.telegram.sendMessage(7, 'one');
    tg.fail({ status: 429, retryAfterSeconds: 5, path: '/sendMessage' });
    const err = await bot.telegram.sendMessage(7, 'two').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TelegramError);
    expect((err as TelegramError).parameters?.retry_after).toBe(5);
    expect(tg.sentTo(7)).toEqual(['one']);
  });

  it('models invite links, bans and unbans', async () => {
    const bot = new Telegraf('42:secret', { telegram: { apiRoot: tg.apiRoot } });
    const link = await bot.telegram.createChatInviteLink(-100, { member_limit: 1 });
    expect(tg.joinWithInvite(link.invite_link, 9)).toBe(true);
    expect(tg.joinWithInvite(link.invite_link, 10)).toBe(false);
    expect((await bot.telegram.getChatMember(-100, 9)).status).toBe('member');
    await bot.telegram.banChatMember(-100, 9);
    await bot.telegram.unbanChatMember(-100, 9);
    expect(tg.memberStatus(-100, 9)).toBe('left');
  });

  it('delivers pushed updates to a bot handler', async () => {
    const bot = new Telegraf('42:secret', { telegram: { apiRoot: tg.apiRoot } });
    bot.botInfo = { id: 42, is_bot: true, first_name: 'G', username: 'GammaDeskBot' } as never;
    bot.command('ping', (ctx) => ctx.reply('pong'));
    await bot.handleUpdate(tg.textUpdate({ chatId: 5, text: '/ping' }));
    expect(tg.sentTo(5)).toEqual(['pong']);
  });
});
