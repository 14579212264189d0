/**
 * Each module's slice of the configuration. The environment is validated once as one flat schema
 * (so every problem is listed together), then cut into the slices below; a module is given only
 * its own slice (CoreModule provides each under its token), so what a module reads is visible in
 * its type. A slice is its module's own sections plus, where the module needs them, a few named
 * keys of another section (the process role, the tier delays, the operator token): never a whole
 * foreign section by accident.
 */
import type { z } from 'zod';
import type { AppConfig } from './schema.js';
import { accountConfig } from './sections/account.js';
import { adminConfig } from './sections/admin.js';
import { analyticsConfig } from './sections/analytics.js';
import { archiveConfig } from './sections/archive.js';
import { billingConfig } from './sections/billing.js';
import { channelsConfig } from './sections/channels.js';
import { coreConfig } from './sections/core.js';
import { demoConfig } from './sections/demo.js';
import { distributionConfig } from './sections/distribution.js';
import { engineConfig } from './sections/engine.js';
import { marketDataConfig } from './sections/market-data.js';
import { narrativeConfig } from './sections/narrative.js';
import { reportsConfig } from './sections/reports.js';
import { strategiesConfig } from './sections/strategies.js';
import { subscribersConfig } from './sections/subscribers.js';
import { tiersConfig } from './sections/tiers.js';

/** Which role this process runs (ROLE): modules that start work only in some roles read it. */
const processRole = coreConfig.pick({ ROLE: true });
/** How long shutdown waits for work in flight (SHUTDOWN_GRACE_MS). */
const shutdownGrace = coreConfig.pick({ SHUTDOWN_GRACE_MS: true });
/** The shared Redis and its key prefix: what a module with queues or shared limits needs. */
const queueBackend = coreConfig.pick({ REDIS_URL: true, QUEUE_PREFIX: true });
/** The key prefix of everything kept in the shared Redis (QUEUE_PREFIX). */
const redisKeyPrefix = coreConfig.pick({ QUEUE_PREFIX: true });
/** The operator API's bearer token: any module serving operator endpoints composes this in. */
const operatorToken = coreConfig.pick({ ADMIN_API_TOKEN: true });
/** How many analytics API requests a minute one subscriber API key may make. */
const apiKeyRateLimit = subscribersConfig.pick({ API_KEY_RATE_LIMIT_PER_MINUTE: true });
/** The bot and API addresses the operators' alert channels are reached through. */
const operatorChannels = channelsConfig.pick({
  DISCORD_API_BASE: true,
  TELEGRAM_BOT_TOKEN: true,
  TELEGRAM_API_ROOT: true,
});
/** The operators' own channels, which delivery sends operator alerts to. */
const operatorAlertTargets = adminConfig.pick({
  OPERATOR_DISCORD_WEBHOOK_URL: true,
  OPERATOR_TELEGRAM_CHAT_ID: true,
});
/** The app's public address: billing's return links and the portal's secure-cookie choice use it. */
const publicAddress = subscribersConfig.pick({ PUBLIC_BASE_URL: true });

/** What /pricing shows and offers (prices, trial, promotion codes, annual plans), and Stripe's address. */
const pricingDisplay = billingConfig.pick({
  BILLING_PREMIUM_MONTHLY_PRICE: true,
  BILLING_BASIC_MONTHLY_PRICE: true,
  BILLING_PREMIUM_ANNUAL_PRICE: true,
  BILLING_BASIC_ANNUAL_PRICE: true,
  BILLING_CURRENCY: true,
  BILLING_TRIAL_DAYS: true,
  BILLING_ALLOW_PROMOTION_CODES: true,
  BILLING_GRACE_DAYS: true,
  STRIPE_PRICE_PREMIUM_ANNUAL: true,
  STRIPE_PRICE_BASIC_ANNUAL: true,
  // Where the pages' forms may lead (the CSP's form-action): Stripe's hosted pages, or the fake's.
  STRIPE_API_HOST: true,
  STRIPE_API_PORT: true,
  STRIPE_API_PROTOCOL: true,
});

/** The sections (and named keys of others) each slice is made of. */
const SLICE_SECTIONS = {
  core: [coreConfig],
  admin: [adminConfig, operatorToken, processRole, publicAddress, operatorChannels],
  demo: [demoConfig],
  // The API serves Basic keys their tier's delayed view, and opens to the operator token too.
  analytics: [analyticsConfig, tiersConfig, operatorToken, apiKeyRateLimit, redisKeyPrefix],
  billing: [billingConfig, publicAddress],
  channels: [channelsConfig],
  // The bots tell each tier its delay and answer /signals after it.
  subscribers: [subscribersConfig, channelsConfig, processRole, queueBackend, tiersConfig],
  // The engine runs its own analytics stage, configured exactly like the analytics service.
  engine: [engineConfig, strategiesConfig, analyticsConfig],
  marketData: [marketDataConfig, processRole],
  distribution: [
    distributionConfig,
    tiersConfig,
    channelsConfig,
    processRole,
    shutdownGrace,
    queueBackend,
    // Messages link to the pricing and account pages.
    publicAddress,
    // Operator alerts are planned and sent as deliveries to the operators' channels.
    operatorAlertTargets,
  ],
  narrative: [narrativeConfig, tiersConfig],
  // The track record prices each tier's result at the moment the tier received the signal.
  record: [tiersConfig],
  // The subscriber pages show the plans and each tier's delay, and link back to this address.
  account: [accountConfig, tiersConfig, pricingDisplay, publicAddress],
  // The archive's files default to DATA_DIR/archive; its daily job runs where queues are consumed.
  archive: [archiveConfig, coreConfig.pick({ DATA_DIR: true }), processRole],
  // Reports cover the focus universe, value the paper book and deliver with the tier delays.
  reports: [
    reportsConfig,
    marketDataConfig.pick({ MARKET_DATA_SYMBOLS: true }),
    engineConfig.pick({ ENGINE_START_EQUITY: true }),
    tiersConfig,
    processRole,
  ],
} as const satisfies Record<string, readonly z.ZodObject[]>;

export type SliceName = keyof typeof SLICE_SECTIONS;

type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void
  ? I
  : never;
/** The settings of a slice: the intersection of its sections' settings. */
type SliceOf<N extends SliceName> = Intersection<z.infer<(typeof SLICE_SECTIONS)[N][number]>>;

export type CoreConfig = SliceOf<'core'>;
export type AdminConfig = SliceOf<'admin'>;
export type DemoConfig = SliceOf<'demo'>;
export type AnalyticsConfig = SliceOf<'analytics'>;
export type BillingConfig = SliceOf<'billing'>;
export type ChannelsConfig = SliceOf<'channels'>;
export type SubscribersConfig = SliceOf<'subscribers'>;
export type EngineConfig = SliceOf<'engine'>;
export type MarketDataConfig = SliceOf<'marketData'>;
export type DistributionConfig = SliceOf<'distribution'>;
export type NarrativeConfig = SliceOf<'narrative'>;
export type RecordConfig = SliceOf<'record'>;
export type AccountConfig = SliceOf<'account'>;
export type ArchiveConfig = SliceOf<'archive'>;
export type ReportsConfig = SliceOf<'reports'>;
export type { TiersConfig } from './sections/tiers.js';

export type ConfigSlices = { [N in SliceName]: SliceOf<N> };

/** The settings a slice is made of (its sections' keys and the named foreign keys). */
export function sliceKeys(name: SliceName): string[] {
  return SLICE_SECTIONS[name].flatMap((section) => Object.keys(section.shape));
}

/** Cuts the validated config into slices (copies: a module cannot see another's keys). */
export function sliceConfig(config: AppConfig): ConfigSlices {
  const pick = (name: SliceName): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const key of sliceKeys(name)) out[key] = config[key as keyof AppConfig];
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
  record: Symbol('RecordConfig'),
  account: Symbol('AccountConfig'),
  archive: Symbol('ArchiveConfig'),
  reports: Symbol('ReportsConfig'),
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
  tiers: tiersConfig,
  distribution: distributionConfig,
  narrative: narrativeConfig,
  account: accountConfig,
  archive: archiveConfig,
  reports: reportsConfig,
} as const;
