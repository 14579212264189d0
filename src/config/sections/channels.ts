import { z } from 'zod';
import { int } from '../schema-helpers.js';

/**
 * The chat and mail platforms' shared credentials: one bot, one set of groups and one SMTP server
 * serve both delivery (distribution) and the subscribers' entitlements and bots, so they are
 * declared once here and read by both modules' slices.
 */
export const channelsConfig = z.object({
  DISCORD_API_BASE: z
    .string()
    .url()
    .default('https://discord.com/api')
    .describe('Discord REST base (a local fake in tests).'),
  DISCORD_BOT_TOKEN: z
    .string()
    .optional()
    .describe(
      'Discord bot token: tier roles, and posts to DISCORD_CHANNEL_<TIER> with a nonce instead of webhooks.',
    ),
  TELEGRAM_BOT_TOKEN: z.string().optional().describe('Telegram bot token; unset → outbox.'),
  TELEGRAM_API_ROOT: z
    .string()
    .url()
    .default('https://api.telegram.org')
    .describe('Telegram Bot API root (a local fake in tests).'),
  TELEGRAM_CHAT_PREMIUM: z
    .string()
    .optional()
    .describe('Telegram group chat id of the premium tier.'),
  TELEGRAM_CHAT_BASIC: z.string().optional().describe('Telegram group chat id of the basic tier.'),
  TELEGRAM_CHAT_FREE: z.string().optional().describe('Telegram group chat id of the free tier.'),
  SMTP_URL: z
    .string()
    .optional()
    .describe('SMTP URL (smtp://user:pass@host:port); unset → outbox.'),
  SMTP_POOL_SIZE: int(5, 'Pooled SMTP connections.', { min: 1, max: 100 }),
  EMAIL_FROM: z
    .string()
    .default('GammaDesk <signals@gammadesk.local>')
    .describe('From address of signal emails.'),
});
