import { Module, type DynamicModule } from '@nestjs/common';
import { CoreModule, type CoreDependencies } from './core/core.module.js';
import { EngineModule } from './engine/engine.module.js';
import { HealthModule } from './health/health.module.js';
import { AdminModule } from './admin/admin.module.js';
import { NarrativeModule } from './narrative/narrative.module.js';
import { AnalyticsModule } from './analytics/analytics.module.js';
import { DistributionModule } from './distribution/distribution.module.js';
import { deliveryProcessor } from './distribution/delivery-processor.js';
import { DELIVERY_QUEUE } from './distribution/delivery-queue.js';
import { roleRuns } from './common/roles.js';
import { QueueModule } from './queue/queue.module.js';
import { queueBackendFromConfig } from './queue/queue-factory.js';
import { MarketDataModule } from './market-data/market-data.module.js';
import { BillingModule } from './billing/billing.module.js';
import { SubscribersModule } from './subscribers/subscribers.module.js';
import { RecordModule } from './record/record.module.js';
import { AccountModule } from './account/account.module.js';
import { ArchiveModule } from './archive/archive.module.js';
import { ReportsModule } from './reports/reports.module.js';
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
  RecordModule,
  ArchiveModule,
  AccountModule,
  ReportsModule,
];

@Module({})
export class AppModule {
  static forRoot(deps: CoreDependencies): DynamicModule {
    // Queues through @nestjs/bull when REDIS_URL is set (processors as providers where the ROLE
    // consumes), the in-process queue otherwise; both behind the DelayQueue port.
    const backend = queueBackendFromConfig(deps.config);
    const processors = backend.kind === 'bull' && roleRuns(deps.config.ROLE, 'queue-consumers');
    return {
      module: AppModule,
      providers: processors ? [deliveryProcessor(deps.config.DISTRIBUTION_CONCURRENCY)] : [],
      imports: [
        CoreModule.forRoot(deps),
        QueueModule.forRoot(backend, [DELIVERY_QUEUE], { processors }),
        HealthModule,
        RateLimitModule,
        AdminModule.forRoot({ distribution, billing: BillingModule, engine }),
        NarrativeModule,
        ...(featureModules ?? []),
      ],
    };
  }
}
