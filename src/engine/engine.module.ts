import { Module, type DynamicModule } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../core/tokens.js';
import { PostgresEngineRepository } from './storage/postgres-engine-repository.js';
import { ENGINE_REPOSITORY } from './storage/engine-repository.js';
import { ENGINE_OPTIONS, EngineService, type EngineModuleOptions } from './engine.service.js';

/**
 * The live engine in the app: the PostgreSQL repository and the EngineService. Market data (or a
 * replay) hands chains to EngineService.onChain; published signals leave on the SIGNAL_BUS.
 */
@Module({})
export class EngineModule {
  static forRoot(options: Partial<EngineModuleOptions> = {}): DynamicModule {
    return {
      module: EngineModule,
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
        EngineService,
      ],
      exports: [EngineService, ENGINE_REPOSITORY],
    };
  }
}
