/**
 * AccountModule: the subscriber web pages — /pricing, Stripe Checkout's return pages, /account
 * (magic-link sign-in, plan, channels, preferences, API keys, export, deletion) and
 * /signals/{id}. The services are built by createAccountServices (account.composition.ts) on the
 * subscribers and billing services; this module only exposes them to its controllers.
 */
import { Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { BillingServices } from '../billing/billing.composition.js';
import { BillingModule } from '../billing/billing.module.js';
import { BILLING_SERVICES } from '../billing/billing.tokens.js';
import type { Clock } from '../common/clock.js';
import { CONFIG_SLICE, type AccountConfig } from '../config/slices.js';
import { CLOCK, DATA_SOURCE } from '../core/tokens.js';
import type { SubscriberServices } from '../subscribers/subscribers.composition.js';
import { SUBSCRIBER_SERVICES } from '../subscribers/subscribers.tokens.js';
import { AccountLoginController } from './account-login.controller.js';
import { AccountController } from './account.controller.js';
import { createAccountServices } from './account.composition.js';
import { ACCOUNT_SERVICES } from './account.tokens.js';
import { PricingController } from './pricing.controller.js';
import { SignalPageController } from './signal-page.controller.js';

@Module({
  imports: [BillingModule],
  controllers: [PricingController, AccountLoginController, AccountController, SignalPageController],
  providers: [
    {
      provide: ACCOUNT_SERVICES,
      inject: [DATA_SOURCE, CONFIG_SLICE.account, CLOCK, SUBSCRIBER_SERVICES, BILLING_SERVICES],
      useFactory: (
        dataSource: DataSource,
        config: AccountConfig,
        clock: Clock,
        subscribers: SubscriberServices,
        billing: BillingServices,
      ) => createAccountServices({ dataSource, config, clock, subscribers, billing }),
    },
  ],
})
export class AccountModule {}
