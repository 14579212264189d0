/** Subscription tiers, highest first. The tier policy (delays, channels) lives in distribution. */
export const TIERS = ['premium', 'basic', 'free'] as const;
export type Tier = (typeof TIERS)[number];

export const TIER_RANK: Record<Tier, number> = { premium: 2, basic: 1, free: 0 };

export function isTier(value: unknown): value is Tier {
  return typeof value === 'string' && (TIERS as readonly string[]).includes(value);
}
