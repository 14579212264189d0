import { z } from 'zod';
import { int } from '../schema-helpers.js';

/**
 * Subscribers, email verification and the Telegram/Discord entitlements. The bot tokens, groups
 * and SMTP server they share with delivery are in the channels section.
 */
export const subscribersConfig = z.object({
  PUBLIC_BASE_URL: z
    .string()
    .url()
    .default('http://localhost:3000')
    .describe(
      'Public URL of this service (links in emails: confirm, unsubscribe, checkout return).',
    ),
  SUBSCRIBER_TOKEN_SECRET: z
    .string()
    .min(16)
    .default('dev-only-subscriber-token-secret')
    .describe(
      'HMAC key of signed subscriber tokens (email confirm, unsubscribe, account links). Set in production.',
    ),
  EMAIL_CONFIRM_TTL_HOURS: int(72, 'Hours an email confirmation link stays valid.', { min: 1 }),
  EMAIL_EVENTS_TOKEN: z
    .string()
    .min(16)
    .optional()
    .describe(
      'Bearer token of POST /email/events (bounces, complaints). Unset: the endpoint is closed.',
    ),
  TELEGRAM_BOT_USERNAME: z
    .string()
    .default('GammaDeskBot')
    .describe('The bot @username, for t.me/<bot>?start=<token> deep links.'),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .min(16)
    .optional()
    .describe('Secret of POST /telegram/webhook (X-Telegram-Bot-Api-Secret-Token). Unset: closed.'),
  DISCORD_GUILD_ID: z.string().optional().describe('Discord server (guild) id of the tier roles.'),
  DISCORD_ROLE_PREMIUM: z.string().optional().describe('Discord role id given to Premium.'),
  DISCORD_ROLE_BASIC: z.string().optional().describe('Discord role id given to Basic.'),
  DISCORD_PUBLIC_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/i)
    .optional()
    .describe(
      'Discord application public key (hex) verifying POST /discord/interactions. Unset: closed.',
    ),
});
