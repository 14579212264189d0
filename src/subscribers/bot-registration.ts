/**
 * The bots' commands in each platform's registration format, from BOT_COMMAND_SPECS: Discord
 * application commands (slash commands, type 1, string options) and Telegram's setMyCommands
 * list. The CLI registers them (`gammadesk discord register-commands`, `gammadesk telegram
 * set-commands`), so a deploy needs no hand-made API calls.
 */
import { BOT_COMMAND_SPECS, type BotCommandSpec } from './bot-commands.js';

const DISCORD_CHAT_INPUT = 1;
const DISCORD_STRING_OPTION = 3;

export interface DiscordCommandBody {
  name: string;
  description: string;
  type: number;
  /** Usable in DMs with the bot too. */
  dm_permission: boolean;
  options?: { type: number; name: string; description: string; required: boolean }[];
}

export function discordCommandBodies(
  specs: readonly BotCommandSpec[] = BOT_COMMAND_SPECS,
): DiscordCommandBody[] {
  return specs.map((c) => ({
    name: c.name,
    description: c.description,
    type: DISCORD_CHAT_INPUT,
    dm_permission: true,
    ...(c.option
      ? {
          options: [
            {
              type: DISCORD_STRING_OPTION,
              name: c.option.name,
              description: c.option.description,
              required: c.option.required,
            },
          ],
        }
      : {}),
  }));
}

export function telegramCommandList(
  specs: readonly BotCommandSpec[] = BOT_COMMAND_SPECS,
): { command: string; description: string }[] {
  return specs.map((c) => ({
    command: c.name,
    description: c.option
      ? `${c.description} (/${c.name} ${c.option.name.toUpperCase()})`
      : c.description,
  }));
}

/** Telegram updates the webhook asks for: messages (commands) and group membership changes. */
export const TELEGRAM_ALLOWED_UPDATES = ['message', 'chat_member', 'my_chat_member'] as const;
