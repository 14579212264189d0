/**
 * BillingModule: Stripe checkout, portal and webhooks; tiers from subscription state;
 * reconciliation; admin billing actions and figures (operator API under /api/admin).
 */
import {
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Clock } from '../common/clock.js';
import type { Tier } from '../vocabulary/tier.js';
import type { AppConfig } from '../config/schema.js';
import { APP_CONFIG, CLOCK, DATA_SOURCE } from '../core/tokens.js';
import { SubscribersAdminController } from '../admin/subscribers-admin.controller.js';
import { EntitlementSync } from '../subscribers/entitlement-sync.js';
import { SUBSCRIBER_MAILER, type Mailer } from '../subscribers/mailer.js';
import { SubscriberService } from '../subscribers/subscriber-service.js';
import { SubscriberStore } from '../subscribers/subscriber-store.js';
import { SubscribersModule } from '../subscribers/subscribers.module.js';
import { StripeGateway } from './adapters/stripe-gateway.js';
import { BillingAdmin } from './billing-admin.js';
import { BILLING_GATEWAY, type BillingGateway } from './billing-gateway.js';
import { BillingService } from './billing-service.js';
import { BillingStore } from './billing-store.js';
import { BillingController } from './billing.controller.js';
import { ClockTimer, Reconciler } from './reconciler.js';
import { SubscriptionLedger } from './subscription-ledger.js';
import type { TierPolicy } from './tier-policy.js';
import { WebhookProcessor } from './webhook-processor.js';

export const TIER_POLICY = Symbol('TierPolicy');

export function tierPolicyFrom(config: AppConfig): TierPolicy {
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

/** Starts the hourly reconciliation and the tier sweep on the Clock; stops them on shutdown. */
@Injectable()
class BillingTimers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly timers: ClockTimer[];
  constructor(
    @Inject(CLOCK) clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(Reconciler) reconciler: Reconciler,
  ) {
    this.timers = [
      new ClockTimer(clock, 'reconciliation', config.BILLING_RECONCILE_INTERVAL_MS, () =>
        reconciler.run('reconciler'),
      ),
      new ClockTimer(clock, 'tier sweep', config.BILLING_TIER_SWEEP_INTERVAL_MS, () =>
        reconciler.sweep('clock'),
      ),
    ];
  }
  onApplicationBootstrap(): void {
    for (const t of this.timers) t.start();
  }
  onApplicationShutdown(): void {
    for (const t of this.timers) t.stop();
  }
}

@Module({
  imports: [SubscribersModule],
  controllers: [BillingController, SubscribersAdminController],
  providers: [
    { provide: BillingStore, useValue: new BillingStore() },
    { provide: TIER_POLICY, inject: [APP_CONFIG], useFactory: tierPolicyFrom },
    {
      provide: BILLING_GATEWAY,
      inject: [APP_CONFIG, TIER_POLICY],
      useFactory: (config: AppConfig, policy: TierPolicy): BillingGateway =>
        new StripeGateway(config, (p) => policy.priceTiers.has(p)),
    },
    {
      provide: SubscriptionLedger,
      inject: [BillingStore, SubscriberStore, CLOCK, TIER_POLICY],
      useFactory: (b: BillingStore, s: SubscriberStore, clock: Clock, policy: TierPolicy) =>
        new SubscriptionLedger(b, s, clock, policy),
    },
    {
      provide: WebhookProcessor,
      inject: [
        DATA_SOURCE,
        BillingStore,
        SubscriberStore,
        SubscriptionLedger,
        BILLING_GATEWAY,
        EntitlementSync,
        SUBSCRIBER_MAILER,
        CLOCK,
      ],
      useFactory: (
        ds: DataSource,
        b: BillingStore,
        s: SubscriberStore,
        ledger: SubscriptionLedger,
        gateway: BillingGateway,
        entitlements: EntitlementSync,
        mailer: Mailer,
        clock: Clock,
      ) => new WebhookProcessor(ds, b, s, ledger, gateway, entitlements, mailer, clock),
    },
    {
      provide: BillingService,
      inject: [
        DATA_SOURCE,
        BILLING_GATEWAY,
        BillingStore,
        SubscriberStore,
        SubscriberService,
        CLOCK,
        APP_CONFIG,
        TIER_POLICY,
      ],
      useFactory: (
        ds: DataSource,
        gateway: BillingGateway,
        b: BillingStore,
        s: SubscriberStore,
        subscribers: SubscriberService,
        clock: Clock,
        config: AppConfig,
        policy: TierPolicy,
      ) =>
        new BillingService(
          ds,
          gateway,
          b,
          s,
          subscribers,
          clock,
          {
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
            publicBaseUrl: config.PUBLIC_BASE_URL.replace(/\/$/, ''),
          },
          (p) => policy.priceTiers.has(p),
        ),
    },
    {
      provide: BillingAdmin,
      inject: [
        DATA_SOURCE,
        BillingStore,
        SubscriberStore,
        SubscriptionLedger,
        BILLING_GATEWAY,
        EntitlementSync,
        CLOCK,
      ],
      useFactory: (
        ds: DataSource,
        b: BillingStore,
        s: SubscriberStore,
        ledger: SubscriptionLedger,
        gateway: BillingGateway,
        entitlements: EntitlementSync,
        clock: Clock,
      ) => new BillingAdmin(ds, b, s, ledger, gateway, entitlements, clock),
    },
    {
      provide: Reconciler,
      inject: [
        DATA_SOURCE,
        BILLING_GATEWAY,
        SubscriptionLedger,
        SubscriberStore,
        EntitlementSync,
        CLOCK,
      ],
      useFactory: (
        ds: DataSource,
        gateway: BillingGateway,
        ledger: SubscriptionLedger,
        s: SubscriberStore,
        entitlements: EntitlementSync,
        clock: Clock,
      ) => new Reconciler(ds, gateway, ledger, s, entitlements, clock),
    },
    BillingTimers,
  ],
  exports: [
    BillingService,
    BillingAdmin,
    Reconciler,
    WebhookProcessor,
    SubscriptionLedger,
    BILLING_GATEWAY,
  ],
})
export class BillingModule {}
