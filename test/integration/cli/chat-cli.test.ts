import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDiscordCommands, type ChatCliDeps } from '../../../src/cli/commands/discord.js';
import { registerTelegramCommands } from '../../../src/cli/commands/telegram.js';
import { discordCommandProblems } from '../../../src/sandbox/platforms/bot-registration-rules.js';
import { FakeDiscordApi } from '../../../src/sandbox/platforms/discord.js';
import { FakeTelegramApi } from '../../../src/sandbox/platforms/telegram.js';
import { BOT_COMMANDS } from '../../../src/subscribers/bot-commands.js';

const TG_TOKEN = '4242:chat-cli-token';

describe('gammadesk discord register-commands / telegram set-commands, set-webhook', () => {
  let discord: FakeDiscordApi;
  let telegram: FakeTelegramApi;
  beforeAll(async () => {
    discord = await FakeDiscordApi.start({ botToken: 'cli-bot-token' });
    telegram = await FakeTelegramApi.start({ token: TG_TOKEN });
  });
  afterAll(async () => {
    await discord?.close();
    await telegram?.close();
  });

  async function run(env: Record<string, string>, ...args: string[]): Promise<string> {
    let out = '';
    const deps: ChatCliDeps = {
      env: () => ({
        NODE_ENV: 'test',
        DISCORD_API_BASE: discord.apiBase,
        DISCORD_BOT_TOKEN: 'cli-bot-token',
        TELEGRAM_BOT_TOKEN: TG_TOKEN,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        TELEGRAM_WEBHOOK_SECRET: 'webhook-secret-0123456789',
        PUBLIC_BASE_URL: 'https://desk.example.com',
        ...env,
      }),
      write: (t) => {
        out += t;
      },
    };
    const program = new Command('gammadesk').exitOverride();
    registerDiscordCommands(program, deps);
    registerTelegramCommands(program, deps);
    await program.parseAsync(['node', 'gammadesk', ...args]);
    return out;
  }

  it('registers every command globally and per guild, as Discord accepts them', async () => {
    expect(await run({}, 'discord', 'register-commands')).toMatch(
      /^registered 10 commands globally/,
    );
    const global = discord.commands.get('global')!;
    expect(global.map((c) => c.name)).toEqual([...BOT_COMMANDS]);
    expect(global.find((c) => c.name === 'why')).toMatchObject({
      options: [{ type: 3, name: 'signal_id', required: true }],
    });
    expect(
      await run({}, 'discord', 'register-commands', '--guild', '900000000000000001'),
    ).toContain('in guild 900000000000000001');
    expect(discord.commands.get('900000000000000001')).toHaveLength(10);
    // The fake checks what Discord checks: lowercase names, 1-100 character descriptions.
    expect(discordCommandProblems([{ name: 'Why Now', description: '' }])).toEqual([
      '0.name invalid',
      '0.description must be 1-100 characters',
    ]);
    const put = discord.requestsTo({ method: 'PUT', path: '/commands' });
    expect(put.every((r) => r.headers.authorization === 'Bot cli-bot-token')).toBe(true);
  });

  it('refuses a bad guild id and a missing token with a message, not a stack trace', async () => {
    await expect(run({}, 'discord', 'register-commands', '--guild', 'abc')).rejects.toThrow(
      '--guild must be a Discord guild id',
    );
    await expect(run({ DISCORD_BOT_TOKEN: '' }, 'discord', 'register-commands')).rejects.toThrow(
      'DISCORD_BOT_TOKEN is not set',
    );
  });

  it('sets the Telegram command menu and the webhook with its secret and update types', async () => {
    expect(await run({}, 'telegram', 'set-commands')).toMatch(/^set 10 commands: \/help/);
    const menu = telegram.calls('setMyCommands').at(-1)!.params.commands as { command: string }[];
    expect(menu.map((c) => c.command)).toEqual([...BOT_COMMANDS]);
    const out = await run({}, 'telegram', 'set-webhook');
    expect(out).toContain('webhook set: https://desk.example.com/telegram/webhook');
    expect(out).not.toContain('webhook-secret');
    expect(telegram.calls('setWebhook').at(-1)!.params).toMatchObject({
      url: 'https://desk.example.com/telegram/webhook',
      secret_token: 'webhook-secret-0123456789',
      allowed_updates: ['message', 'chat_member', 'my_chat_member'],
    });
    expect(telegram.webhook?.secretToken).toBe('webhook-secret-0123456789');
    expect(telegram.commands).toHaveLength(10);
    await expect(
      run({ PUBLIC_BASE_URL: 'http://desk.example.com' }, 'telegram', 'set-webhook'),
    ).rejects.toThrow('https://');
    // Telegram itself refuses a port it does not serve webhooks on.
    await expect(
      run({}, 'telegram', 'set-webhook', '--url', 'https://desk.example.com:3000'),
    ).rejects.toThrow(/ports 80, 88, 443 or 8443/);
  });
});
