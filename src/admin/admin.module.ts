import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { BillingService } from '../billing/billing-service.js';
import type { Clock } from '../common/clock.js';
import type { Heartbeats } from '../common/heartbeats.js';
import { CONFIG_SLICE, type AdminConfig } from '../config/slices.js';
import type { Database } from '../database/database.js';
import { DistributionService } from '../distribution/distribution.service.js';
import type { HealthChecks } from '../health/health-checks.js';
import { CLOCK, DATABASE, HEALTH_CHECKS, HEARTBEATS } from '../core/tokens.js';
import { ENGINE_REPOSITORY, type EngineRepository } from '../engine/storage/engine-repository.js';
import { DeliveriesController } from './deliveries.controller.js';
import { billingPanel } from './panels/billing.panel.js';
import { contentQaPanel, deliveriesPanel } from './panels/distribution.panels.js';
import { alertsPanel, riskPanel, signalsPanel } from './panels/engine.panels.js';
import { systemPanel } from './panels/system.panel.js';
import { ADMIN_PANELS, type AdminPanel } from './portal/admin-panel.js';
import { AdminPortalController } from './portal/admin-portal.controller.js';
import { LoginController } from './portal/login.controller.js';
import { PortalPages } from './portal/portal-pages.js';
import { ADMIN_ACCESS, createAdminAccess } from './access/access.js';
import { AuditController } from './access/audit.controller.js';
import { PeopleController } from './access/people.controller.js';
import { CONTROLS_CONTROLLERS, controlsProviders } from './controls/controls.providers.js';
import { SubscribersAdminController } from './subscribers-admin.controller.js';
import { NarrativesApiController } from './operator-api/narratives-api.controller.js';
import { ReportsApiController } from './operator-api/reports-api.controller.js';
import { ADMIN_PAGE_CONTROLLERS, adminPagesProvider } from './pages/admin-pages.providers.js';

type ModuleImport = NonNullable<DynamicModule['imports']>[number];

/**
 * The stage modules this process runs, the same module objects the app imports: admin reads
 * them through their exported services. A stage left out shows as unavailable in the portal,
 * and its operator routes are not served.
 */
export interface AdminStages {
  /** Serves /api/admin/deliveries and the deliveries and content QA pages. */
  distribution?: ModuleImport;
  /** Serves /api/admin/subscribers… and the billing page. */
  billing?: ModuleImport;
  /** Serves the signals, risk and alerts pages. */
  engine?: ModuleImport;
}

/** A getter that fails (the page shows the stage as unavailable) when the stage is absent. */
function required<T>(service: T | undefined, stage: string): () => T {
  return () => {
    if (service === undefined) throw new Error(`${stage} does not run in this process`);
    return service;
  };
}

/**
 * The admin portal (pages for people) and the operator JSON API (/api/admin, behind the
 * operator token) over the stages this process runs.
 */
@Module({})
export class AdminModule {
  static forRoot(stages: AdminStages = {}): DynamicModule {
    return {
      module: AdminModule,
      imports: [stages.distribution, stages.billing, stages.engine].filter(
        (m): m is ModuleImport => m !== undefined,
      ),
      controllers: [
        LoginController,
        AdminPortalController,
        PeopleController,
        AuditController,
        ...CONTROLS_CONTROLLERS,
        ReportsApiController,
        NarrativesApiController,
        ...(stages.billing ? [SubscribersAdminController] : []),
        ...(stages.distribution ? [DeliveriesController] : []),
        ...ADMIN_PAGE_CONTROLLERS,
      ],
      providers: [
        PortalPages,
        ...controlsProviders,
        adminPagesProvider,
        {
          provide: ADMIN_ACCESS,
          inject: [CONFIG_SLICE.admin, CLOCK, DATABASE],
          useFactory: (config: AdminConfig, clock: Clock, database: Database) => {
            if (config.ADMIN_PASSWORD) {
              new Logger('Admin').warn(
                'ADMIN_PASSWORD is no longer used and is ignored: the portal signs in admin users by email and password. ' +
                  'Create one with `gammadesk admin create EMAIL --role admin`, then remove ADMIN_PASSWORD.',
              );
            }
            return createAdminAccess({
              sql: database.dataSource,
              clock,
              sessionHours: config.ADMIN_SESSION_HOURS,
            });
          },
        },
        {
          provide: ADMIN_PANELS,
          inject: [
            CONFIG_SLICE.admin,
            CLOCK,
            DATABASE,
            HEARTBEATS,
            HEALTH_CHECKS,
            { token: ENGINE_REPOSITORY, optional: true },
            { token: DistributionService, optional: true },
            { token: BillingService, optional: true },
          ],
          useFactory: (
            config: AdminConfig,
            clock: Clock,
            database: Database,
            heartbeats: Heartbeats,
            checks: HealthChecks,
            engineRepository: EngineRepository | undefined,
            distributionService: DistributionService | undefined,
            billingService: BillingService | undefined,
          ): AdminPanel[] => {
            const engine = required(engineRepository, 'the engine');
            const distribution = required(distributionService, 'distribution');
            return [
              systemPanel({ config, database, heartbeats, checks }),
              signalsPanel(engine),
              riskPanel(engine, clock),
              alertsPanel(engine),
              deliveriesPanel(distribution, clock),
              contentQaPanel(distribution),
              billingPanel(required(billingService, 'billing')),
            ];
          },
        },
      ],
    };
  }
}
