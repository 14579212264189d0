import type { Tier } from '../vocabulary/tier.js';
import type { DistributionConfig } from '../config/slices.js';

/** Channels a tier may be delivered on. `outbox` is not a tier channel: it stands in for any. */
export const TIER_CHANNELS = ['discord', 'telegram', 'email', 'twitter', 'reddit'] as const;
export type TierChannel = (typeof TIER_CHANNELS)[number];

/** Broadcast channels get one delivery row per tier; direct ones one per recipient. */
export const DIRECT_CHANNELS: readonly TierChannel[] = ['email', 'telegram'];

export interface TierRule {
  tier: Tier;
  delayMs: number;
  channels: TierChannel[];
}

export interface TierPolicy {
  rules: Record<Tier, TierRule>;
}

export function tierPolicyFromConfig(
  config: Pick<
    DistributionConfig,
    | 'DISTRIBUTION_DELAY_PREMIUM_S'
    | 'DISTRIBUTION_DELAY_BASIC_S'
    | 'DISTRIBUTION_DELAY_FREE_S'
    | 'DISTRIBUTION_CHANNELS_PREMIUM'
    | 'DISTRIBUTION_CHANNELS_BASIC'
    | 'DISTRIBUTION_CHANNELS_FREE'
  >,
): TierPolicy {
  return {
    rules: {
      premium: {
        tier: 'premium',
        delayMs: config.DISTRIBUTION_DELAY_PREMIUM_S * 1000,
        channels: [...config.DISTRIBUTION_CHANNELS_PREMIUM],
      },
      basic: {
        tier: 'basic',
        delayMs: config.DISTRIBUTION_DELAY_BASIC_S * 1000,
        channels: [...config.DISTRIBUTION_CHANNELS_BASIC],
      },
      free: {
        tier: 'free',
        delayMs: config.DISTRIBUTION_DELAY_FREE_S * 1000,
        channels: [...config.DISTRIBUTION_CHANNELS_FREE],
      },
    },
  };
}

/** DESIGN.md's policy: premium at once, basic +60 s, free +5 min. */
export const DEFAULT_TIER_POLICY: TierPolicy = {
  rules: {
    premium: { tier: 'premium', delayMs: 0, channels: ['discord', 'telegram', 'email'] },
    basic: { tier: 'basic', delayMs: 60_000, channels: ['discord', 'telegram', 'email'] },
    free: { tier: 'free', delayMs: 300_000, channels: ['discord', 'twitter', 'reddit'] },
  },
};
