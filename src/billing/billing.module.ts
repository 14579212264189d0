/**
 * BillingModule: Stripe checkout, portal and webhooks; tiers from subscription state;
 * reconciliation; admin billing actions and figures. The services are built by
 * createBillingServices (billing.composition.ts); this module exposes them and runs the timers.
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
import { composedProviders } from '../common/composed-providers.js';
import { CONFIG_SLICE, type BillingConfig } from '../config/slices.js';
import { CLOCK, DATA_SOURCE } from '../core/tokens.js';
import type { SubscriberServices } from '../subscribers/subscribers.composition.js';
import { SubscribersModule } from '../subscribers/subscribers.module.js';
import { SUBSCRIBER_SERVICES } from '../subscribers/subscribers.tokens.js';
import { BillingAdmin } from './billing-admin.js';
import { BILLING_GATEWAY } from './billing-gateway.js';
import { BillingService } from './billing-service.js';
import { BillingStore } from './billing-store.js';
import { BillingController } from './billing.controller.js';
import { BILLING_SERVICES } from './billing.tokens.js';
import {
  billingTimers,
  createBillingServices,
  type BillingServices,
} from './billing.composition.js';
import { Reconciler, type ClockTimer } from './reconciler.js';
import { SubscriptionLedger } from './subscription-ledger.js';
import { WebhookProcessor } from './webhook-processor.js';

/** Starts the hourly reconciliation and the tier sweep on the Clock; stops them on shutdown. */
@Injectable()
class BillingTimers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly timers: ClockTimer[];
  constructor(
    @Inject(CLOCK) clock: Clock,
    @Inject(CONFIG_SLICE.billing) config: BillingConfig,
    @Inject(Reconciler) reconciler: Reconciler,
  ) {
    this.timers = billingTimers({ reconciler }, { clock, config });
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
  controllers: [BillingController],
  providers: [
    {
      provide: BILLING_SERVICES,
      inject: [DATA_SOURCE, CONFIG_SLICE.billing, CLOCK, SUBSCRIBER_SERVICES],
      useFactory: (
        dataSource: DataSource,
        config: BillingConfig,
        clock: Clock,
        subscribers: SubscriberServices,
      ): BillingServices => createBillingServices({ dataSource, config, clock, subscribers }),
    },
    ...composedProviders<BillingServices>(BILLING_SERVICES, [
      [BillingStore, (s) => s.store],
      [BILLING_GATEWAY, (s) => s.gateway],
      [SubscriptionLedger, (s) => s.ledger],
      [WebhookProcessor, (s) => s.webhooks],
      [BillingService, (s) => s.billing],
      [BillingAdmin, (s) => s.admin],
      [Reconciler, (s) => s.reconciler],
    ]),
    BillingTimers,
  ],
  exports: [
    BILLING_SERVICES,
    BillingStore,
    BillingService,
    BillingAdmin,
    Reconciler,
    WebhookProcessor,
    SubscriptionLedger,
    BILLING_GATEWAY,
  ],
})
export class BillingModule {}
