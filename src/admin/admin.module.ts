import { Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { BillingService } from '../billing/billing-service.js';
import type { Clock } from '../common/clock.js';
import type { Heartbeats } from '../common/heartbeats.js';
import type { AppConfig } from '../config/schema.js';
import type { Database } from '../database/database.js';
import { DistributionService } from '../distribution/distribution.service.js';
import { tierPolicyFromConfig } from '../distribution/tier-policy.js';
import type { HealthChecks } from '../health/health-checks.js';
import { APP_CONFIG, CLOCK, DATABASE, HEALTH_CHECKS, HEARTBEATS } from '../core/tokens.js';
import { ENGINE_REPOSITORY, type EngineRepository } from '../engine/storage/engine-repository.js';
import { billingPanel } from './panels/billing.panel.js';
import { contentQaPanel, deliveriesPanel } from './panels/distribution.panels.js';
import { alertsPanel, riskPanel, signalsPanel } from './panels/engine.panels.js';
import { systemPanel } from './panels/system.panel.js';
import { ADMIN_PANELS, type AdminPanel } from './portal/admin-panel.js';
import { AdminPortalController } from './portal/admin-portal.controller.js';

/**
 * The admin portal (pages for people) reads every stage. Stage services are looked up when a
 * page is first shown, so the portal needs no import of their modules; a stage that is not in
 * this process's app shows as unavailable. The operator JSON API lives with each module's routes.
 */
@Module({
  controllers: [AdminPortalController],
  providers: [
    {
      provide: ADMIN_PANELS,
      inject: [ModuleRef, APP_CONFIG, CLOCK, DATABASE, HEARTBEATS, HEALTH_CHECKS],
      useFactory: (
        refs: ModuleRef,
        config: AppConfig,
        clock: Clock,
        database: Database,
        heartbeats: Heartbeats,
        checks: HealthChecks,
      ): AdminPanel[] => {
        const lookup =
          <T>(token: string | symbol | (abstract new (...args: never[]) => T)) =>
          (): T =>
            refs.get<T>(token as never, { strict: false });
        const engine = lookup<EngineRepository>(ENGINE_REPOSITORY);
        const distribution = lookup<DistributionService>(DistributionService);
        return [
          systemPanel({ config, database, heartbeats, checks }),
          signalsPanel(engine),
          riskPanel(engine, clock),
          alertsPanel(engine),
          deliveriesPanel(distribution, clock),
          contentQaPanel(distribution, tierPolicyFromConfig(config)),
          billingPanel(lookup<BillingService>(BillingService)),
        ];
      },
    },
  ],
})
export class AdminModule {}
