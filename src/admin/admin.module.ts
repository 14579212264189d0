import { Logger, Module, type DynamicModule } from '@nestjs/common';
import type { Clock } from '../common/clock.js';
import { CONFIG_SLICE, type AdminConfig } from '../config/slices.js';
import type { Database } from '../database/database.js';
import { CLOCK, DATABASE } from '../core/tokens.js';
import { DeliveriesController } from './deliveries.controller.js';
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
  /** Serves /api/admin/subscribers… and the subscribers' billing actions. */
  billing?: ModuleImport;
  /** Feeds the signals pages and the alerts & risk page. */
  engine?: ModuleImport;
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
      ],
    };
  }
}
