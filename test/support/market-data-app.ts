/**
 * A Nest app with the live market-data wiring for integration tests: CoreModule on a real
 * PostgreSQL schema (no Redis), MarketDataModule on the simulator with the ingest loop off (tests
 * pull chains themselves), AnalyticsModule, and whatever else the test adds.
 */
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AnalyticsModule } from '../../src/analytics/analytics.module.js';
import type { Clock } from '../../src/common/clock.js';
import { loadConfig } from '../../src/config/config.js';
import { CoreModule } from '../../src/core/core.module.js';
import { MarketDataModule } from '../../src/market-data/market-data.module.js';
import type { openTestDatabase } from './database.js';

export async function startMarketDataApp(options: {
  db: Awaited<ReturnType<typeof openTestDatabase>>;
  clock: Clock;
  env: Record<string, string>;
  imports?: (Type | DynamicModule)[];
}): Promise<INestApplication> {
  const config = loadConfig({
    NODE_ENV: 'test',
    MARKET_DATA_PROVIDER: 'simulator',
    MARKET_DATA_INGEST: 'false',
    ...options.env,
  });
  const moduleRef = await Test.createTestingModule({
    imports: [
      CoreModule.forRoot({ config, clock: options.clock, database: options.db.db, redis: null }),
      MarketDataModule,
      AnalyticsModule,
      ...(options.imports ?? []),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}
