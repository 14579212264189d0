/**
 * `gammadesk discord register-commands [--guild ID]` — registers the bot's slash commands
 * (BOT_COMMAND_SPECS) with Discord: globally, or in one guild (which updates at once; global
 * commands can take a while to appear). A bulk overwrite, so running it again is safe.
 */
import type { Command } from 'commander';
import { REST, Routes } from 'discord.js';
import { loadConfig } from '../../config/config.js';
import type { AppConfig } from '../../config/schema.js';
import { discordCommandBodies } from '../../subscribers/bot-registration.js';
import { CliError } from '../cli-error.js';

export interface ChatCliDeps {
  env: () => Record<string, string | undefined>;
  write: (text: string) => void;
}

export const defaultChatCliDeps: ChatCliDeps = {
  env: () => process.env,
  write: (text) => process.stdout.write(text),
};

export function chatConfig(env: Record<string, string | undefined>): AppConfig {
  try {
    return loadConfig(env);
  } catch (err) {
    throw new CliError(err instanceof Error ? err.message : String(err), 2);
  }
}

/** The platform's own error text, without a stack trace. */
export function platformError(err: unknown): CliError {
  return new CliError(err instanceof Error ? err.message : String(err), 1);
}

export function registerDiscordCommands(
  program: Command,
  deps: ChatCliDeps = defaultChatCliDeps,
): void {
  const discord = program.command('discord').description('Discord bot set-up');
  discord
    .command('register-commands')
    .description('Register the bot slash commands with Discord (global, or one guild with --guild)')
    .option('--guild <id>', 'register in this guild only (appears at once)')
    .action(async (opts: { guild?: string }) => {
      const config = chatConfig(deps.env());
      if (!config.DISCORD_BOT_TOKEN) throw new CliError('DISCORD_BOT_TOKEN is not set', 2);
      if (opts.guild !== undefined && !/^\d{1,20}$/.test(opts.guild)) {
        throw new CliError('--guild must be a Discord guild id (digits)', 2);
      }
      const rest = new REST({ api: config.DISCORD_API_BASE, retries: 1 }).setToken(
        config.DISCORD_BOT_TOKEN,
      );
      const body = discordCommandBodies();
      try {
        const app = (await rest.get(Routes.currentApplication())) as { id: string };
        const route = opts.guild
          ? Routes.applicationGuildCommands(app.id, opts.guild)
          : Routes.applicationCommands(app.id);
        const saved = (await rest.put(route, { body })) as { name: string }[];
        deps.write(
          `registered ${saved.length} commands ${opts.guild ? `in guild ${opts.guild}` : 'globally'}: ${saved.map((c) => `/${c.name}`).join(' ')}\n`,
        );
      } catch (err) {
        throw platformError(err);
      }
    });
}
