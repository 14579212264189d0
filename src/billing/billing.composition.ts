/**
 * Builds the billing services from a deps object (the subscribers services they sit on among
 * them): the Nest module, the CLI, the demo and tests all wire them here, the same way.
 */
import type { DataSource } from 'typeorm';
import type { Clock } from '../common/clock.js';
import type { BillingConfig } from '../config/slices.js';
import type { SubscriberServices } from '../subscribers/subscribers.composition.js';
import type { Tier } from '../vocabulary/tier.js';
import { StripeGateway } from './adapters/stripe-gateway.js';
import { BillingAdmin } from './billing-admin.js';
import type { BillingGateway } from './billing-gateway.js';
import { BillingService } from './billing-service.js';
import { BillingStore } from './billing-store.js';
import { ClockTimer, Reconciler } from './reconciler.js';
import { SubscriptionLedger } from './subscription-ledger.js';
import type { TierPolicy } from './tier-policy.js';
import { WebhookProcessor } from './webhook-processor.js';

export interface BillingDeps {
  dataSource: DataSource;
  config: BillingConfig;
  clock: Clock;
  subscribers: Pick<SubscriberServices, 'store' | 'subscribers' | 'entitlements' | 'mailer'>;
  /** Stripe by default (from config); tests and the demo may pass another gateway. */
  gateway?: BillingGateway;
}

export interface BillingServices {
  store: BillingStore;
  policy: TierPolicy;
  gateway: BillingGateway;
  ledger: SubscriptionLedger;
  webhooks: WebhookProcessor;
  billing: BillingService;
  admin: BillingAdmin;
  reconciler: Reconciler;
}

export function tierPolicyFrom(
  config: Pick<
    BillingConfig,
    | 'STRIPE_PRICE_PREMIUM_MONTHLY'
    | 'STRIPE_PRICE_PREMIUM_ANNUAL'
    | 'STRIPE_PRICE_BASIC_MONTHLY'
    | 'STRIPE_PRICE_BASIC_ANNUAL'
    | 'BILLING_GRACE_DAYS'
  >,
): TierPolicy {
  const entries: [string | undefined, Tier][] = [
    [config.STRIPE_PRICE_PREMIUM_MONTHLY, 'premium'],
    [config.STRIPE_PRICE_PREMIUM_ANNUAL, 'premium'],
    [config.STRIPE_PRICE_BASIC_MONTHLY, 'basic'],
    [config.STRIPE_PRICE_BASIC_ANNUAL, 'basic'],
  ];
  return {
    priceTiers: new Map(entries.filter((e): e is [string, Tier] => Boolean(e[0]))),
    graceDays: config.BILLING_GRACE_DAYS,
  };
}

export function createBillingServices(deps: BillingDeps): BillingServices {
  const { dataSource: db, config, clock } = deps;
  const { store: subscriberStore, entitlements } = deps.subscribers;
  const store = new BillingStore();
  const policy = tierPolicyFrom(config);
  const isOurPrice = (priceId: string) => policy.priceTiers.has(priceId);
  const gateway = deps.gateway ?? new StripeGateway(config, isOurPrice);
  const ledger = new SubscriptionLedger(store, subscriberStore, clock, policy);
  const shared = { db, billing: store, subscribers: subscriberStore, ledger, gateway, clock };
  return {
    store,
    policy,
    gateway,
    ledger,
    webhooks: new WebhookProcessor({ ...shared, entitlements, mailer: deps.subscribers.mailer }),
    billing: new BillingService({
      db,
      gateway,
      billing: store,
      store: subscriberStore,
      subscribers: deps.subscribers.subscribers,
      clock,
      options: {
        prices: {
          premium: {
            month: config.STRIPE_PRICE_PREMIUM_MONTHLY,
            year: config.STRIPE_PRICE_PREMIUM_ANNUAL,
          },
          basic: {
            month: config.STRIPE_PRICE_BASIC_MONTHLY,
            year: config.STRIPE_PRICE_BASIC_ANNUAL,
          },
        },
        trialDays: config.BILLING_TRIAL_DAYS,
        allowPromotionCodes: config.BILLING_ALLOW_PROMOTION_CODES,
        publicBaseUrl: config.PUBLIC_BASE_URL.replace(/\/$/, ''),
      },
      isOurPrice,
    }),
    admin: new BillingAdmin({ ...shared, entitlements }),
    reconciler: new Reconciler({
      db,
      gateway,
      billing: store,
      ledger,
      subscribers: subscriberStore,
      entitlements,
      clock,
    }),
  };
}

/** The hourly reconciliation and the tier sweep on the Clock (an interval of 0 turns one off). */
export function billingTimers(
  services: Pick<BillingServices, 'reconciler'>,
  deps: {
    clock: Clock;
    config: Pick<BillingConfig, 'BILLING_RECONCILE_INTERVAL_MS' | 'BILLING_TIER_SWEEP_INTERVAL_MS'>;
  },
): ClockTimer[] {
  const { reconciler } = services;
  return [
    new ClockTimer(deps.clock, 'reconciliation', deps.config.BILLING_RECONCILE_INTERVAL_MS, () =>
      reconciler.run('reconciler'),
    ),
    new ClockTimer(deps.clock, 'tier sweep', deps.config.BILLING_TIER_SWEEP_INTERVAL_MS, () =>
      reconciler.sweep('clock'),
    ),
  ];
}
