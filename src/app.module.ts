import { Module, type DynamicModule } from '@nestjs/common';
import { CoreModule, type CoreDependencies } from './core/core.module.js';
import { EngineModule } from './engine/engine.module.js';
import { HealthModule } from './health/health.module.js';
import { AdminModule } from './admin/admin.module.js';
import { NarrativeModule } from './narrative/narrative.module.js';
import { AnalyticsModule } from './analytics/analytics.module.js';
import { DistributionModule } from './distribution/distribution.module.js';
import { MarketDataModule } from './market-data/market-data.module.js';
import { BillingModule } from './billing/billing.module.js';
import { SubscribersModule } from './subscribers/subscribers.module.js';
import { RateLimitModule } from './core/throttling/rate-limit.module.js';

const distribution = DistributionModule.forRoot();
const engine = EngineModule.forRoot();

/** Feature modules, each owning one domain (DESIGN.md). Add a module's class here. */
const featureModules: DynamicModule['imports'] = [
  MarketDataModule,
  AnalyticsModule,
  distribution,
  SubscribersModule,
  BillingModule,
  engine,
];

@Module({})
export class AppModule {
  static forRoot(deps: CoreDependencies): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(deps),
        HealthModule,
        RateLimitModule,
        AdminModule.forRoot({ distribution, billing: BillingModule, engine }),
        NarrativeModule,
        ...(featureModules ?? []),
      ],
    };
  }
}
