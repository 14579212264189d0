import { z } from 'zod';
import { int, list } from '../schema-helpers.js';

const DEV_TOKEN_SECRET = 'dev-only-subscriber-token-secret';
/** Shortest SUBSCRIBER_TOKEN_SECRET production accepts. */
const PRODUCTION_SECRET_MIN = 32;

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
    .default(DEV_TOKEN_SECRET)
    .describe(
      `HMAC key of signed subscriber tokens (email confirm, unsubscribe, profile, account links). Production refuses to start with the default or one shorter than ${PRODUCTION_SECRET_MIN} characters.`,
    ),
  SUBSCRIBER_TOKEN_SECRETS_OLD: list(
    [],
    'Previous SUBSCRIBER_TOKEN_SECRETs (comma list) after a rotation: tokens they signed (unsubscribe links) still verify; new tokens use the current secret.',
  ),
  API_KEY_RATE_LIMIT_PER_MINUTE: int(
    60,
    'Requests a minute one subscriber API key may make to the analytics API (429 with Retry-After beyond). Counted in Redis when REDIS_URL is set, else per process.',
    { min: 1 },
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

/**
 * Start-up problems of the subscriber settings (in the loader's one list): in production the
 * token secret must be set, not the development default, and long enough to resist guessing.
 */
export function subscriberConfigProblems(
  env: Partial<Record<'NODE_ENV' | 'SUBSCRIBER_TOKEN_SECRET', string>>,
): string[] {
  if (env.NODE_ENV !== 'production') return [];
  const secret = env.SUBSCRIBER_TOKEN_SECRET;
  if (!secret || secret === DEV_TOKEN_SECRET)
    return ['SUBSCRIBER_TOKEN_SECRET: required in production (the development default is public)'];
  if (secret.length < PRODUCTION_SECRET_MIN)
    return [
      `SUBSCRIBER_TOKEN_SECRET: at least ${PRODUCTION_SECRET_MIN} characters in production (got ${secret.length})`,
    ];
  return [];
}
