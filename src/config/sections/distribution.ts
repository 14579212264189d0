import { z } from 'zod';
import { int, list } from '../schema-helpers.js';

const channelList = (def: string[], tier: string) => {
  const description = `Channels of the ${tier} tier (discord, telegram, email, twitter, reddit).`;
  return list(def, description)
    .pipe(z.array(z.enum(['discord', 'telegram', 'email', 'twitter', 'reddit'])))
    .describe(description);
};

const DISABLED_DESCRIPTION =
  'Channels turned off on purpose (their messages go to the outbox). In production every other channel a tier lists must be configured completely.';

/**
 * Delivery behaviour and channel credentials (unset credentials → outbox); the tiers' delays are
 * in the tiers section.
 */
export const distributionConfig = z.object({
  DISTRIBUTION_CHANNELS_PREMIUM: channelList(['discord', 'telegram', 'email'], 'premium'),
  DISTRIBUTION_CHANNELS_BASIC: channelList(['discord', 'telegram', 'email'], 'basic'),
  DISTRIBUTION_CHANNELS_FREE: channelList(['discord', 'twitter', 'reddit'], 'free'),
  DISTRIBUTION_DISABLED_CHANNELS: list([], DISABLED_DESCRIPTION)
    .pipe(z.array(z.enum(['discord', 'telegram', 'email', 'twitter', 'reddit'])))
    .describe(DISABLED_DESCRIPTION),
  DISTRIBUTION_BATCH_SIZE: int(100, 'Recipients per email / Telegram DM fan-out job.', {
    min: 1,
    max: 1000,
  }),
  DISTRIBUTION_MAX_ATTEMPTS: int(6, 'Send attempts before a delivery is dead-lettered.', {
    min: 1,
  }),
  DISTRIBUTION_BACKOFF_BASE_MS: int(1_000, 'First retry back-off (wall ms), doubled per attempt.', {
    min: 1,
  }),
  DISTRIBUTION_BACKOFF_MAX_MS: int(60_000, 'Longest retry back-off (wall ms).', { min: 1 }),
  DISTRIBUTION_CONCURRENCY: int(8, 'Delivery jobs run at once per worker process.', { min: 1 }),
  DISTRIBUTION_RECONCILE_INTERVAL_MS: int(
    60_000,
    'How often (wall ms) scheduled deliveries without a live queue job are queued again.',
    { min: 100 },
  ),
  DISTRIBUTION_SENDING_LEASE_MS: int(
    60_000,
    'Wall ms after which a delivery left in "sending" (its worker died) may be sent again.',
    { min: 100 },
  ),
  DISCORD_WEBHOOK_PREMIUM: z
    .string()
    .optional()
    .describe('Discord webhook URL of the premium channel.'),
  DISCORD_WEBHOOK_BASIC: z
    .string()
    .optional()
    .describe('Discord webhook URL of the basic channel.'),
  DISCORD_WEBHOOK_FREE: z
    .string()
    .optional()
    .describe('Discord webhook URL of the public channel.'),
  DISCORD_CHANNEL_PREMIUM: z
    .string()
    .optional()
    .describe('Discord channel id of the premium tier (bot mode).'),
  DISCORD_CHANNEL_BASIC: z
    .string()
    .optional()
    .describe('Discord channel id of the basic tier (bot mode).'),
  DISCORD_CHANNEL_FREE: z
    .string()
    .optional()
    .describe('Discord channel id of the public channel (bot mode).'),
  TELEGRAM_GROUP_MESSAGES_PER_MINUTE: int(
    20,
    'Messages a minute to one Telegram group (Telegram allows about 20; the demo scales it by its replay speed).',
    { min: 1 },
  ),
  TELEGRAM_CHAT_INTERVAL_MS: int(
    1_050,
    'Least wall ms between two messages to one Telegram chat (Telegram: about one a second).',
    { min: 0 },
  ),
  TWITTER_APP_KEY: z.string().optional().describe('Twitter/X consumer key; unset → outbox.'),
  TWITTER_APP_SECRET: z.string().optional().describe('Twitter/X consumer secret.'),
  TWITTER_ACCESS_TOKEN: z.string().optional().describe('Twitter/X access token.'),
  TWITTER_ACCESS_SECRET: z.string().optional().describe('Twitter/X access token secret.'),
  TWITTER_CONNECT_TO: z
    .string()
    .optional()
    .describe(
      'host:port every Twitter/X request connects to (a local fake); unset → the real API.',
    ),
  REDDIT_CLIENT_ID: z.string().optional().describe('Reddit script-app client id; unset → outbox.'),
  REDDIT_CLIENT_SECRET: z.string().optional().describe('Reddit script-app secret.'),
  REDDIT_USERNAME: z.string().optional().describe('Reddit account of the script app.'),
  REDDIT_PASSWORD: z.string().optional().describe('Reddit account password.'),
  REDDIT_SUBREDDIT: z.string().default('GammaDesk').describe('Subreddit the free teasers go to.'),
  REDDIT_AUTH_URL: z
    .string()
    .url()
    .default('https://www.reddit.com')
    .describe('Reddit OAuth token base URL.'),
  REDDIT_API_URL: z
    .string()
    .url()
    .default('https://oauth.reddit.com')
    .describe('Reddit OAuth API base URL.'),
});
