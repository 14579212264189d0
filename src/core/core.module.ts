import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import type { Clock } from '../common/clock.js';
import { Heartbeats } from '../common/heartbeats.js';
import type { AppConfig } from '../config/schema.js';
import { CONFIG_SLICE, sliceConfig, type SliceName } from '../config/slices.js';
import type { Database } from '../database/database.js';
import { HEALTH_CHECKS, HealthChecks } from '../health/health-checks.js';
import { InProcessSignalBus, type SignalBus } from '../signals/signal.js';
import {
  APP_CONFIG,
  CLOCK,
  DATA_SOURCE,
  DATABASE,
  HEARTBEATS,
  METRICS_REGISTRY,
  REDIS,
  SIGNAL_BUS,
} from './tokens.js';

export interface CoreDependencies {
  config: AppConfig;
  clock: Clock;
  database: Database;
  redis: Redis | null;
  signalBus?: SignalBus;
  metrics?: Registry;
  heartbeats?: Heartbeats;
  healthChecks?: HealthChecks;
}

/**
 * Process-wide collaborators, created before Nest starts (so the CLI, the demo and tests can
 * choose which are real) and provided to every module under the tokens in tokens.ts.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(deps: CoreDependencies): DynamicModule {
    const slices = sliceConfig(deps.config);
    const providers = [
      { provide: APP_CONFIG, useValue: deps.config },
      ...(Object.keys(CONFIG_SLICE) as SliceName[]).map((name) => ({
        provide: CONFIG_SLICE[name],
        useValue: slices[name],
      })),
      { provide: CLOCK, useValue: deps.clock },
      { provide: DATABASE, useValue: deps.database },
      { provide: DATA_SOURCE, useValue: deps.database.dataSource },
      { provide: REDIS, useValue: deps.redis },
      { provide: SIGNAL_BUS, useValue: deps.signalBus ?? new InProcessSignalBus() },
      { provide: METRICS_REGISTRY, useValue: deps.metrics ?? new Registry() },
      { provide: HEARTBEATS, useValue: deps.heartbeats ?? new Heartbeats(deps.clock) },
      { provide: HEALTH_CHECKS, useValue: deps.healthChecks ?? new HealthChecks() },
    ];
    return { module: CoreModule, providers, exports: providers.map((p) => p.provide) };
  }
}
