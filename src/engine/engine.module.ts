import { Module, type DynamicModule } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { AnalyticsModule } from '../analytics/analytics.module.js';
import { MarketDataModule } from '../market-data/market-data.module.js';
import type { Clock } from '../common/clock.js';
import { CONFIG_SLICE, type EngineConfig } from '../config/slices.js';
import { CLOCK, DATA_SOURCE } from '../core/tokens.js';
import { STRATEGY_REGISTRY, SwitchableStrategyRegistry } from '../strategies/strategy-registry.js';
import { SIGNAL_RECORD_READER } from '../signals/signal-record.js';
import { PostgresEngineRepository } from './storage/postgres-engine-repository.js';
import { PostgresStrategySwitchStore } from './storage/postgres-strategy-switches.js';
import { ENGINE_REPOSITORY } from './storage/engine-repository.js';
import { MANUAL_QUEUE, PostgresManualQueue } from './storage/postgres-manual-queue.js';
import { ENGINE_OPTIONS, EngineService, type EngineModuleOptions } from './engine.service.js';

export interface EngineModuleRootOptions extends Partial<EngineModuleOptions> {
  /**
   * true (default): the engine imports MarketDataModule and AnalyticsModule and steps with each
   * analysed chain of ENGINE_SYMBOLS. false: chains come only by EngineService.onChain/offer
   * (replays, tests).
   */
  marketData?: boolean;
}

/**
 * The live engine in the app: the PostgreSQL repository and the EngineService. Market data (or a
 * replay) hands chains to EngineService.onChain; published signals leave on the SIGNAL_BUS.
 */
@Module({})
export class EngineModule {
  static forRoot(options: EngineModuleRootOptions = {}): DynamicModule {
    return {
      module: EngineModule,
      // Global for its ports: narrative (and admin) read signal records without importing engine.
      global: true,
      imports: options.marketData === false ? [] : [MarketDataModule, AnalyticsModule],
      providers: [
        {
          provide: ENGINE_OPTIONS,
          useValue: { tickMs: options.tickMs ?? 1000, strategies: options.strategies },
        },
        {
          provide: ENGINE_REPOSITORY,
          useFactory: (ds: DataSource) => new PostgresEngineRepository(ds),
          inject: [DATA_SOURCE],
        },
        { provide: SIGNAL_RECORD_READER, useExisting: ENGINE_REPOSITORY },
        {
          // Manual mode's queue, shared by every process: any lists and decides, the engine executes.
          provide: MANUAL_QUEUE,
          useFactory: (ds: DataSource) => new PostgresManualQueue(ds),
          inject: [DATA_SOURCE],
        },
        {
          // Which strategies run: STRATEGIES_ENABLED (or the given strategies), switched by the
          // operator API and the portal, switches kept in PostgreSQL for every process.
          provide: STRATEGY_REGISTRY,
          useFactory: (config: EngineConfig, clock: Clock, ds: DataSource) =>
            new SwitchableStrategyRegistry(
              options.strategies?.map((s) => s.name) ?? config.STRATEGIES_ENABLED,
              clock,
              new PostgresStrategySwitchStore(ds),
            ),
          inject: [CONFIG_SLICE.engine, CLOCK, DATA_SOURCE],
        },
        EngineService,
      ],
      exports: [
        EngineService,
        ENGINE_REPOSITORY,
        SIGNAL_RECORD_READER,
        STRATEGY_REGISTRY,
        MANUAL_QUEUE,
      ],
    };
  }
}
