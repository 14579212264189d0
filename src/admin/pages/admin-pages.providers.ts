/** The Nest wiring of the portal's pages: one provider (built by createAdminPages) and the controllers. */
import type { Provider } from '@nestjs/common';
import type { BillingServices } from '../../billing/billing.composition.js';
import { BILLING_SERVICES } from '../../billing/billing.tokens.js';
import type { Clock } from '../../common/clock.js';
import type { Heartbeats } from '../../common/heartbeats.js';
import { CONFIG_SLICE, type AdminConfig } from '../../config/slices.js';
import { CLOCK, DATABASE, HEARTBEATS } from '../../core/tokens.js';
import type { Database } from '../../database/database.js';
import { DistributionService } from '../../distribution/distribution.service.js';
import {
  ENGINE_REPOSITORY,
  type EngineRepository,
} from '../../engine/storage/engine-repository.js';
import type { NarrativeApprovals } from '../../narrative/approval/narrative-approvals.js';
import { NARRATIVE_APPROVALS, NARRATIVE_STORE } from '../../narrative/narrative.tokens.js';
import type { NarrativeStore } from '../../narrative/store/narrative-store.js';
import {
  REPORT_REVIEW_SERVICE,
  type ReportReviewService,
} from '../../reports/review/report-review-service.js';
import type { SubscriberServices } from '../../subscribers/subscribers.composition.js';
import { SUBSCRIBER_SERVICES } from '../../subscribers/subscribers.tokens.js';
import { ADMIN_ACCESS, type AdminAccess } from '../access/access.js';
import { ADMIN_PAGES, createAdminPages } from './admin-pages.js';
import { AlertsRiskController } from './alerts/alerts-risk.controller.js';
import { ContentQaController } from './content/content-qa.controller.js';
import { NarrativeQaController } from './content/narrative-qa.controller.js';
import { DashboardController } from './dashboard/dashboard.controller.js';
import { DeliveryPagesController } from './deliveries/deliveries.controller.js';
import { QueuesBoardController } from './queues/queues-board.controller.js';
import { SignalPagesController } from './signals/signals.controller.js';
import { SubscriberPagesController } from './subscribers/subscribers.controller.js';

export const ADMIN_PAGE_CONTROLLERS = [
  DashboardController,
  SubscriberPagesController,
  SignalPagesController,
  DeliveryPagesController,
  AlertsRiskController,
  NarrativeQaController,
  ContentQaController,
  QueuesBoardController,
];

export const adminPagesProvider: Provider = {
  provide: ADMIN_PAGES,
  inject: [
    CONFIG_SLICE.admin,
    CLOCK,
    DATABASE,
    HEARTBEATS,
    ADMIN_ACCESS,
    SUBSCRIBER_SERVICES,
    { token: BILLING_SERVICES, optional: true },
    { token: DistributionService, optional: true },
    { token: ENGINE_REPOSITORY, optional: true },
    { token: NARRATIVE_STORE, optional: true },
    { token: REPORT_REVIEW_SERVICE, optional: true },
    { token: NARRATIVE_APPROVALS, optional: true },
  ],
  useFactory: (
    config: AdminConfig,
    clock: Clock,
    database: Database,
    heartbeats: Heartbeats,
    access: AdminAccess,
    subscribers: SubscriberServices,
    billing?: BillingServices,
    distribution?: DistributionService,
    engine?: EngineRepository,
    narratives?: NarrativeStore | null,
    reviews?: ReportReviewService,
    approvals?: NarrativeApprovals | null,
  ) =>
    createAdminPages({
      clock,
      database,
      heartbeats,
      access,
      subscribers,
      billing: billing ?? null,
      distribution: distribution ?? null,
      engine: engine ?? null,
      narratives: narratives ?? null,
      reviews: reviews ?? null,
      narrativeApprovals: approvals ?? null,
      publicBaseUrl: config.PUBLIC_BASE_URL,
    }),
};
