import { Module } from '@nestjs/common';
import type { Heartbeats } from '../common/heartbeats.js';
import type { AppConfig } from '../config/schema.js';
import type { Database } from '../database/database.js';
import type { HealthChecks } from '../health/health-checks.js';
import { APP_CONFIG, DATABASE, HEALTH_CHECKS, HEARTBEATS } from '../core/tokens.js';
import { systemPanel } from './panels/system.panel.js';
import { ADMIN_PANELS, type AdminPanel } from './portal/admin-panel.js';
import { AdminPortalController } from './portal/admin-portal.controller.js';

/** The admin portal (pages for people). The operator JSON API lives with each module's routes. */
@Module({
  controllers: [AdminPortalController],
  providers: [
    {
      provide: ADMIN_PANELS,
      inject: [APP_CONFIG, DATABASE, HEARTBEATS, HEALTH_CHECKS],
      useFactory: (
        config: AppConfig,
        database: Database,
        heartbeats: Heartbeats,
        checks: HealthChecks,
      ): AdminPanel[] => [systemPanel({ config, database, heartbeats, checks })],
    },
  ],
})
export class AdminModule {}
