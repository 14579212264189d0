/**
 * Each module's slice of the configuration. The environment is validated once as one flat schema
 * (so every problem is listed together), then cut into the slices below; a module is given only
 * its own slice (CoreModule provides each under its token), so what a module reads is visible in
 * its type.
 */
import type { z } from 'zod';
import type { AppConfig } from './schema.js';
import { adminConfig } from './sections/admin.js';
import { analyticsConfig } from './sections/analytics.js';
import { billingConfig } from './sections/billing.js';
import { channelsConfig } from './sections/channels.js';
import { coreConfig } from './sections/core.js';
import { demoConfig } from './sections/demo.js';
import { distributionConfig } from './sections/distribution.js';
import { engineConfig } from './sections/engine.js';
import { marketDataConfig } from './sections/market-data.js';
import { narrativeConfig } from './sections/narrative.js';
import { strategiesConfig } from './sections/strategies.js';
import { subscribersConfig } from './sections/subscribers.js';

export type CoreConfig = z.infer<typeof coreConfig>;
export type AdminConfig = z.infer<typeof adminConfig>;
export type DemoConfig = z.infer<typeof demoConfig>;
export type AnalyticsConfig = z.infer<typeof analyticsConfig>;
export type BillingConfig = z.infer<typeof billingConfig>;
export type ChannelsConfig = z.infer<typeof channelsConfig>;
export type SubscribersConfig = z.infer<typeof subscribersConfig> & ChannelsConfig;
export type EngineConfig = z.infer<typeof engineConfig> & z.infer<typeof strategiesConfig>;
export type MarketDataConfig = z.infer<typeof marketDataConfig>;
export type DistributionConfig = z.infer<typeof distributionConfig> & ChannelsConfig;
export type NarrativeConfig = z.infer<typeof narrativeConfig>;

/** The sections each slice is made of. */
const SLICE_SECTIONS = {
  core: [coreConfig],
  admin: [adminConfig],
  demo: [demoConfig],
  analytics: [analyticsConfig],
  billing: [billingConfig],
  channels: [channelsConfig],
  subscribers: [subscribersConfig, channelsConfig],
  engine: [engineConfig, strategiesConfig],
  marketData: [marketDataConfig],
  distribution: [distributionConfig, channelsConfig],
  narrative: [narrativeConfig],
} as const;

export interface ConfigSlices {
  core: CoreConfig;
  admin: AdminConfig;
  demo: DemoConfig;
  analytics: AnalyticsConfig;
  billing: BillingConfig;
  channels: ChannelsConfig;
  subscribers: SubscribersConfig;
  engine: EngineConfig;
  marketData: MarketDataConfig;
  distribution: DistributionConfig;
  narrative: NarrativeConfig;
}

export type SliceName = keyof ConfigSlices;

/** Cuts the validated config into slices (copies: a module cannot see another's keys). */
export function sliceConfig(config: AppConfig): ConfigSlices {
  const pick = (name: SliceName): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const section of SLICE_SECTIONS[name])
      for (const key of Object.keys(section.shape)) out[key] = config[key as keyof AppConfig];
    return Object.freeze(out);
  };
  return Object.fromEntries(
    (Object.keys(SLICE_SECTIONS) as SliceName[]).map((name) => [name, pick(name)]),
  ) as unknown as ConfigSlices;
}

/** Injection tokens of the slices (CoreModule provides them). */
export const CONFIG_SLICE = {
  core: Symbol('CoreConfig'),
  admin: Symbol('AdminConfig'),
  demo: Symbol('DemoConfig'),
  analytics: Symbol('AnalyticsConfig'),
  billing: Symbol('BillingConfig'),
  channels: Symbol('ChannelsConfig'),
  subscribers: Symbol('SubscribersConfig'),
  engine: Symbol('EngineConfig'),
  marketData: Symbol('MarketDataConfig'),
  distribution: Symbol('DistributionConfig'),
  narrative: Symbol('NarrativeConfig'),
} as const satisfies Record<SliceName, symbol>;

/** Every section, for checks that span them (no key declared twice). */
export const CONFIG_SECTIONS = {
  core: coreConfig,
  admin: adminConfig,
  demo: demoConfig,
  analytics: analyticsConfig,
  billing: billingConfig,
  channels: channelsConfig,
  subscribers: subscribersConfig,
  engine: engineConfig,
  strategies: strategiesConfig,
  marketData: marketDataConfig,
  distribution: distributionConfig,
  narrative: narrativeConfig,
} as const;
