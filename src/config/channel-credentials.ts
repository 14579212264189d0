/**
 * Which channel credentials a deployment must set. In production a channel that a tier lists is
 * either configured completely or named in DISTRIBUTION_DISABLED_CHANNELS: a missing or mistyped
 * key is a start-up problem, not a silent fall-back to the outbox. Elsewhere (development, the
 * demo, tests) an unconfigured channel writes to the outbox as before, and a half-configured one
 * is only warned about. Read from the raw environment, so these problems are listed together
 * with the schema's own.
 */
export const CHANNELS = ['discord', 'telegram', 'email', 'twitter', 'reddit'] as const;
export type ChannelName = (typeof CHANNELS)[number];

const TIER_KEYS = { premium: 'PREMIUM', basic: 'BASIC', free: 'FREE' } as const;
type TierName = keyof typeof TIER_KEYS;

const DEFAULT_CHANNELS: Record<TierName, ChannelName[]> = {
  premium: ['discord', 'telegram', 'email'],
  basic: ['discord', 'telegram', 'email'],
  free: ['discord', 'twitter', 'reddit'],
};

/** The keys a channel needs for the given tiers (each entry: all of them, or one alternative). */
function required(channel: ChannelName, tiers: TierName[], env: Env): string[][] {
  switch (channel) {
    case 'discord':
      // Per tier: a webhook, or bot mode (token + channel id).
      return tiers.map((t) => {
        const hook = `DISCORD_WEBHOOK_${TIER_KEYS[t]}`;
        if (has(env, hook)) return [hook];
        return env.DISCORD_BOT_TOKEN ? [`DISCORD_CHANNEL_${TIER_KEYS[t]}`] : [hook];
      });
    case 'telegram':
      return [['TELEGRAM_BOT_TOKEN', ...tiers.map((t) => `TELEGRAM_CHAT_${TIER_KEYS[t]}`)]];
    case 'email':
      return [['SMTP_URL']];
    case 'twitter':
      return [
        ['TWITTER_APP_KEY', 'TWITTER_APP_SECRET', 'TWITTER_ACCESS_TOKEN', 'TWITTER_ACCESS_SECRET'],
      ];
    case 'reddit':
      return [['REDDIT_CLIENT_ID', 'REDDIT_CLIENT_SECRET', 'REDDIT_USERNAME', 'REDDIT_PASSWORD']];
  }
}

type Env = Record<string, string | undefined>;
const has = (env: Env, key: string) => (env[key] ?? '') !== '';

function listed(env: Env, key: string): string[] | null {
  const raw = env[key];
  if (raw === undefined || raw === '') return null;
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The tiers that list each channel (from DISTRIBUTION_CHANNELS_<TIER> or their defaults). */
export function channelsInUse(env: Env): Map<ChannelName, TierName[]> {
  const out = new Map<ChannelName, TierName[]>();
  for (const tier of Object.keys(TIER_KEYS) as TierName[]) {
    const channels =
      listed(env, `DISTRIBUTION_CHANNELS_${TIER_KEYS[tier]}`) ?? DEFAULT_CHANNELS[tier];
    for (const c of channels) {
      if (!(CHANNELS as readonly string[]).includes(c)) continue; // the schema reports it
      out.set(c as ChannelName, [...(out.get(c as ChannelName) ?? []), tier]);
    }
  }
  return out;
}

export function disabledChannels(env: Env): Set<string> {
  return new Set(listed(env, 'DISTRIBUTION_DISABLED_CHANNELS') ?? []);
}

/** Problems (production: must be fixed) and warnings (elsewhere: half-configured channels). */
export function channelCredentialFindings(env: Env): { problems: string[]; warnings: string[] } {
  const production = env.NODE_ENV === 'production';
  const disabled = disabledChannels(env);
  const problems: string[] = [];
  const warnings: string[] = [];
  for (const [channel, tiers] of channelsInUse(env)) {
    if (disabled.has(channel)) continue;
    const needed = required(channel, tiers, env).flat();
    const missing = needed.filter((k) => !has(env, k));
    if (missing.length === 0) continue;
    const partial = missing.length < needed.length;
    const what = `channel ${channel} (${tiers.join(', ')}) is ${partial ? 'half-configured' : 'not configured'}: missing ${missing.join(', ')}`;
    if (production) {
      problems.push(
        `${what} (set ${missing.length > 1 ? 'them' : 'it'}, or add ${channel} to DISTRIBUTION_DISABLED_CHANNELS)`,
      );
    } else if (partial) {
      warnings.push(`${what}; its messages go to the outbox`);
    }
  }
  return { problems, warnings };
}
