/**
 * `gammadesk telegram set-commands` — the bot's command menu (BOT_COMMAND_SPECS) via setMyCommands.
 * `gammadesk telegram set-webhook [--url URL]` — points Telegram at POST /telegram/webhook on
 * PUBLIC_BASE_URL (or --url) with TELEGRAM_WEBHOOK_SECRET as the secret token, asking for message
 * and chat member updates.
 */
import type { Command } from 'commander';
import { Telegraf } from 'telegraf';
import {
  TELEGRAM_ALLOWED_UPDATES,
  telegramCommandList,
} from '../../subscribers/bot-registration.js';
import { CliError } from '../cli-error.js';
import { chatConfig, defaultChatCliDeps, platformError, type ChatCliDeps } from './discord.js';

export function registerTelegramCommands(
  program: Command,
  deps: ChatCliDeps = defaultChatCliDeps,
): void {
  const telegram = program.command('telegram').description('Telegram bot set-up');
  const client = () => {
    const config = chatConfig(deps.env());
    if (!config.TELEGRAM_BOT_TOKEN) throw new CliError('TELEGRAM_BOT_TOKEN is not set', 2);
    const bot = new Telegraf(config.TELEGRAM_BOT_TOKEN, {
      telegram: { apiRoot: config.TELEGRAM_API_ROOT },
    });
    return { config, api: bot.telegram };
  };

  telegram
    .command('set-commands')
    .description("Set the bot's command menu")
    .action(async () => {
      const { api } = client();
      const commands = telegramCommandList();
      try {
        await api.setMyCommands(commands);
      } catch (err) {
        throw platformError(err);
      }
      deps.write(
        `set ${commands.length} commands: ${commands.map((c) => `/${c.command}`).join(' ')}\n`,
      );
    });

  telegram
    .command('set-webhook')
    .description('Point Telegram at this deployment (PUBLIC_BASE_URL/telegram/webhook)')
    .option('--url <url>', 'the public base URL, if not PUBLIC_BASE_URL')
    .action(async (opts: { url?: string }) => {
      const { config, api } = client();
      const secret = config.TELEGRAM_WEBHOOK_SECRET;
      if (!secret) throw new CliError('TELEGRAM_WEBHOOK_SECRET is not set', 2);
      let url: URL;
      try {
        url = new URL(
          'telegram/webhook',
          `${(opts.url ?? config.PUBLIC_BASE_URL).replace(/\/?$/, '/')}`,
        );
      } catch {
        throw new CliError('--url must be an absolute URL', 2);
      }
      if (url.protocol !== 'https:')
        throw new CliError('Telegram needs an https:// webhook URL', 2);
      try {
        await api.setWebhook(url.toString(), {
          secret_token: secret,
          allowed_updates: [...TELEGRAM_ALLOWED_UPDATES],
        });
      } catch (err) {
        throw platformError(err);
      }
      deps.write(
        `webhook set: ${url.toString()} (updates: ${TELEGRAM_ALLOWED_UPDATES.join(', ')})\n`,
      );
    });
}
