import type { DataSource } from 'typeorm';
import { SystemClock, type Clock } from '../common/clock.js';
import type { Tier } from '../vocabulary/tier.js';
import type { DistributionConfig } from '../config/slices.js';
import { DiscordSender } from './adapters/discord.js';
import { EmailSender } from './adapters/email.js';
import { OutboxSender } from './adapters/outbox.js';
import { RedditSender } from './adapters/reddit.js';
import { TelegramSender } from './adapters/telegram.js';
import { TwitterSender } from './adapters/twitter.js';
import type { ChannelSender } from './channel-sender.js';
import { localRateLimits, redisRateLimits, type RateLimits } from './rate-limits.js';
import { TIER_CHANNELS, type TierChannel } from './tier-policy.js';

/**
 * Which adapter sends a (channel, tier) delivery. A channel without credentials — or a tier without
 * its Discord channel / Telegram group, or a channel disabled on purpose — goes to the outbox, the
 * embedded default. (In production the config loader refuses a channel that is neither.)
 */
export class SenderRegistry {
  constructor(
    private readonly outbox: ChannelSender,
    private readonly adapters: Partial<Record<TierChannel, ChannelSender>> = {},
    private readonly tierTargets: Partial<Record<TierChannel, Set<Tier>>> = {},
    private readonly limits: RateLimits | null = null,
    private readonly disabled: ReadonlySet<TierChannel> = new Set(),
    /** The operators' own Discord channel and Telegram chat (operator alerts). */
    private readonly operatorAdapters: Partial<Record<OperatorChannel, ChannelSender>> = {},
  ) {}

  /** Where an operator alert goes on a channel: the operators' adapter, or else the outbox. */
  operator(channel: TierChannel): ChannelSender {
    return this.operatorAdapters[channel as OperatorChannel] ?? this.outbox;
  }

  /** Each channel: disabled on purpose, without an adapter (the outbox), or its adapter. */
  channels(): { channel: TierChannel; disabled: boolean; adapter: ChannelSender | null }[] {
    return TIER_CHANNELS.map((channel) => ({
      channel,
      disabled: this.disabled.has(channel),
      adapter: this.adapters[channel] ?? null,
    }));
  }

  resolve(channel: TierChannel, tier: Tier, direct: boolean): ChannelSender {
    const adapter = this.adapters[channel];
    if (!adapter) return this.outbox;
    const targets = this.tierTargets[channel];
    if (!direct && targets && !targets.has(tier)) return this.outbox;
    return adapter;
  }

  async closeAll(): Promise<void> {
    for (const s of [
      ...Object.values(this.adapters),
      ...Object.values(this.operatorAdapters),
      this.outbox,
    ])
      await s?.close?.();
    await this.limits?.close();
  }
}

type ChannelConfig = Pick<
  DistributionConfig,
  | 'DISCORD_API_BASE'
  | 'DISCORD_WEBHOOK_PREMIUM'
  | 'DISCORD_WEBHOOK_BASIC'
  | 'DISCORD_WEBHOOK_FREE'
  | 'DISCORD_BOT_TOKEN'
  | 'DISCORD_CHANNEL_PREMIUM'
  | 'DISCORD_CHANNEL_BASIC'
  | 'DISCORD_CHANNEL_FREE'
  | 'TELEGRAM_BOT_TOKEN'
  | 'TELEGRAM_API_ROOT'
  | 'TELEGRAM_CHAT_PREMIUM'
  | 'TELEGRAM_CHAT_BASIC'
  | 'TELEGRAM_CHAT_FREE'
  | 'TELEGRAM_GROUP_MESSAGES_PER_MINUTE'
  | 'TELEGRAM_CHAT_INTERVAL_MS'
  | 'SMTP_URL'
  | 'SMTP_POOL_SIZE'
  | 'EMAIL_FROM'
  | 'TWITTER_APP_KEY'
  | 'TWITTER_APP_SECRET'
  | 'TWITTER_ACCESS_TOKEN'
  | 'TWITTER_ACCESS_SECRET'
  | 'TWITTER_CONNECT_TO'
  | 'REDDIT_CLIENT_ID'
  | 'REDDIT_CLIENT_SECRET'
  | 'REDDIT_USERNAME'
  | 'REDDIT_PASSWORD'
  | 'REDDIT_SUBREDDIT'
  | 'REDDIT_AUTH_URL'
  | 'REDDIT_API_URL'
  | 'REDIS_URL'
  | 'QUEUE_PREFIX'
  | 'DISTRIBUTION_DISABLED_CHANNELS'
> &
  Partial<Pick<DistributionConfig, 'OPERATOR_DISCORD_WEBHOOK_URL' | 'OPERATOR_TELEGRAM_CHAT_ID'>>;

/** The channels operator alerts go out on. */
export type OperatorChannel = 'discord' | 'telegram';

const tiers = <T>(p: T | undefined, b: T | undefined, f: T | undefined) =>
  Object.fromEntries(
    (
      [
        ['premium', p],
        ['basic', b],
        ['free', f],
      ] as [Tier, T | undefined][]
    ).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  ) as Partial<Record<Tier, T>>;

/** Platform time for token expiry and X's rate-limit reset, which are wall-clock facts. */
const wallClock = new SystemClock();
const wallNow = () => wallClock.now();

export function sendersFromConfig(
  config: ChannelConfig,
  dataSource: DataSource,
  clock: Clock,
): SenderRegistry {
  const adapters: Partial<Record<TierChannel, ChannelSender>> = {};
  const disabled = new Set<TierChannel>(config.DISTRIBUTION_DISABLED_CHANNELS);
  const enabled = (channel: TierChannel) => !disabled.has(channel);
  const targets: Partial<Record<TierChannel, Set<Tier>>> = {};
  // With Redis, any number of workers share one set of platform limits.
  const limits = config.REDIS_URL
    ? redisRateLimits(config.REDIS_URL, `${config.QUEUE_PREFIX}:limits`)
    : localRateLimits();

  const webhooks = tiers(
    config.DISCORD_WEBHOOK_PREMIUM,
    config.DISCORD_WEBHOOK_BASIC,
    config.DISCORD_WEBHOOK_FREE,
  );
  const channels = config.DISCORD_BOT_TOKEN
    ? tiers(
        config.DISCORD_CHANNEL_PREMIUM,
        config.DISCORD_CHANNEL_BASIC,
        config.DISCORD_CHANNEL_FREE,
      )
    : {};
  const discordTiers = new Set<Tier>([
    ...Object.keys(webhooks),
    ...Object.keys(channels),
  ] as Tier[]);
  if (enabled('discord') && discordTiers.size > 0) {
    adapters.discord = new DiscordSender({
      apiBase: config.DISCORD_API_BASE,
      botToken: config.DISCORD_BOT_TOKEN,
      limits,
      targets: Object.fromEntries(
        [...discordTiers].map((t) => [t, { webhook: webhooks[t], channelId: channels[t] }]),
      ),
    });
    targets.discord = discordTiers;
  }
  if (enabled('telegram') && config.TELEGRAM_BOT_TOKEN) {
    const groups = tiers(
      config.TELEGRAM_CHAT_PREMIUM,
      config.TELEGRAM_CHAT_BASIC,
      config.TELEGRAM_CHAT_FREE,
    );
    adapters.telegram = new TelegramSender({
      botToken: config.TELEGRAM_BOT_TOKEN,
      apiRoot: config.TELEGRAM_API_ROOT,
      groups,
      limits,
      perGroupPerMinute: config.TELEGRAM_GROUP_MESSAGES_PER_MINUTE,
      perChatIntervalMs: config.TELEGRAM_CHAT_INTERVAL_MS,
    });
    targets.telegram = new Set(Object.keys(groups) as Tier[]);
  }
  if (enabled('email') && config.SMTP_URL) {
    adapters.email = new EmailSender({
      smtpUrl: config.SMTP_URL,
      from: config.EMAIL_FROM,
      poolSize: config.SMTP_POOL_SIZE,
      now: wallNow,
    });
  }
  if (
    enabled('twitter') &&
    config.TWITTER_APP_KEY &&
    config.TWITTER_APP_SECRET &&
    config.TWITTER_ACCESS_TOKEN &&
    config.TWITTER_ACCESS_SECRET
  ) {
    adapters.twitter = new TwitterSender({
      appKey: config.TWITTER_APP_KEY,
      appSecret: config.TWITTER_APP_SECRET,
      accessToken: config.TWITTER_ACCESS_TOKEN,
      accessSecret: config.TWITTER_ACCESS_SECRET,
      connectTo: config.TWITTER_CONNECT_TO,
      wallNow,
      limits,
    });
  }
  if (
    enabled('reddit') &&
    config.REDDIT_CLIENT_ID &&
    config.REDDIT_CLIENT_SECRET &&
    config.REDDIT_USERNAME &&
    config.REDDIT_PASSWORD
  ) {
    adapters.reddit = new RedditSender({
      clientId: config.REDDIT_CLIENT_ID,
      clientSecret: config.REDDIT_CLIENT_SECRET,
      username: config.REDDIT_USERNAME,
      password: config.REDDIT_PASSWORD,
      subreddit: config.REDDIT_SUBREDDIT,
      authUrl: config.REDDIT_AUTH_URL,
      apiUrl: config.REDDIT_API_URL,
      wallNow,
      limits,
    });
  }
  return new SenderRegistry(
    new OutboxSender(dataSource, clock),
    adapters,
    targets,
    limits,
    disabled,
    operatorSenders(config, limits),
  );
}

/**
 * The operators' channels (OPERATOR_DISCORD_WEBHOOK_URL, OPERATOR_TELEGRAM_CHAT_ID with
 * TELEGRAM_BOT_TOKEN's bot), under the same shared rate limits as the subscribers' channels. The
 * alert goes to the adapter's Premium slot: the only target it has.
 */
function operatorSenders(
  config: ChannelConfig,
  limits: RateLimits,
): Partial<Record<OperatorChannel, ChannelSender>> {
  const out: Partial<Record<OperatorChannel, ChannelSender>> = {};
  if (config.OPERATOR_DISCORD_WEBHOOK_URL)
    out.discord = new DiscordSender({
      apiBase: config.DISCORD_API_BASE,
      limits,
      targets: { premium: { webhook: config.OPERATOR_DISCORD_WEBHOOK_URL } },
    });
  if (config.OPERATOR_TELEGRAM_CHAT_ID && config.TELEGRAM_BOT_TOKEN)
    out.telegram = new TelegramSender({
      botToken: config.TELEGRAM_BOT_TOKEN,
      apiRoot: config.TELEGRAM_API_ROOT,
      groups: { premium: config.OPERATOR_TELEGRAM_CHAT_ID },
      limits,
      perGroupPerMinute: config.TELEGRAM_GROUP_MESSAGES_PER_MINUTE,
      perChatIntervalMs: config.TELEGRAM_CHAT_INTERVAL_MS,
    });
  return out;
}

/** The operator channels a plan covers: those configured. */
export function operatorChannels(config: ChannelConfig): OperatorChannel[] {
  const out: OperatorChannel[] = [];
  if (config.OPERATOR_DISCORD_WEBHOOK_URL) out.push('discord');
  if (config.OPERATOR_TELEGRAM_CHAT_ID && config.TELEGRAM_BOT_TOKEN) out.push('telegram');
  return out;
}
