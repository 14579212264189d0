/**
 * The portal's pages (dashboard, subscribers, signals, deliveries, content QA), built from the
 * stage services this process has. One composition function; the Nest provider only injects.
 */
import type { BillingServices } from '../../billing/billing.composition.js';
import type { Clock } from '../../common/clock.js';
import type { Heartbeats } from '../../common/heartbeats.js';
import type { Database } from '../../database/database.js';
import type { DistributionService } from '../../distribution/distribution.service.js';
import { TemplateRenderer } from '../../distribution/renderer.js';
import { signalNarrativeFacts } from '../../distribution/signal-narratives.js';
import type { EngineRepository } from '../../engine/storage/engine-repository.js';
import type { NarrativeApprovals } from '../../narrative/approval/narrative-approvals.js';
import type { NarrativeStore } from '../../narrative/store/narrative-store.js';
import type { ReportReviewService } from '../../reports/review/report-review-service.js';
import type { PublishedSignal } from '../../signals/signal.js';
import type { SubscriberServices } from '../../subscribers/subscribers.composition.js';
import type { Tier } from '../../vocabulary/tier.js';
import type { AdminAccess } from '../access/access.js';
import { alertsRiskPage } from './alerts/alerts-risk.js';
import { dashboard } from './dashboard/dashboard.js';
import { DeliveriesPage } from './deliveries/deliveries-page.js';
import { signalPage, type SignalPageDeps } from './signals/signal-page.js';
import { SubscriberActions } from './subscribers/subscriber-actions.js';
import { SubscriberDirectory } from './subscribers/subscriber-directory.js';
import { subscriberPage } from './subscribers/subscriber-page.js';

export interface AdminPagesDeps {
  clock: Clock;
  database: Database;
  heartbeats: Heartbeats;
  access: AdminAccess;
  subscribers: SubscriberServices;
  billing: BillingServices | null;
  distribution: DistributionService | null;
  engine: EngineRepository | null;
  /** Every narrative written, as kept (null without a database). */
  narratives: NarrativeStore | null;
  /** Editors' approval of model narratives (null without a narrative store). */
  narrativeApprovals: NarrativeApprovals | null;
  reviews: ReportReviewService | null;
  publicBaseUrl: string;
}

export interface AdminPages {
  dashboard(): ReturnType<typeof dashboard>;
  alertsRisk(): ReturnType<typeof alertsRiskPage>;
  directory: SubscriberDirectory;
  subscriber(id: string): ReturnType<typeof subscriberPage>;
  subscriberActions: SubscriberActions;
  /** Null when distribution does not run in this process. */
  signals: SignalPageDeps | null;
  signal(id: string): ReturnType<typeof signalPage>;
  deliveries: DeliveriesPage | null;
  reviews: ReportReviewService | null;
  narrativeApprovals: NarrativeApprovals | null;
  audit: AdminAccess['audit'];
  clock: Clock;
}

export const ADMIN_PAGES = Symbol('AdminPages');

export function createAdminPages(deps: AdminPagesDeps): AdminPages {
  const sql = deps.database.dataSource;
  const directory = new SubscriberDirectory(sql);
  const narratives = deps.narratives;
  const signals: SignalPageDeps | null = deps.distribution
    ? {
        deliveries: deps.distribution.store,
        policy: deps.distribution.policy,
        renderer: new TemplateRenderer(undefined, {}, { publicBaseUrl: deps.publicBaseUrl }),
        engine: deps.engine,
        narratives: (signalId: string) =>
          narratives ? narratives.forSignal(signalId) : Promise.resolve([]),
        facts: (tier: Tier, signal: PublishedSignal) =>
          signalNarrativeFacts(tier, signal, deps.engine),
      }
    : null;
  return {
    dashboard: () =>
      dashboard({
        clock: deps.clock,
        heartbeats: deps.heartbeats,
        billing: deps.billing?.billing ?? null,
        engine: deps.engine,
        deliveries: deps.distribution?.store ?? null,
      }),
    alertsRisk: () => alertsRiskPage({ clock: deps.clock, engine: deps.engine }),
    directory,
    subscriber: (id) =>
      subscriberPage(
        {
          db: sql,
          store: deps.subscribers.store,
          directory,
          billing: deps.billing?.store ?? null,
        },
        id,
      ),
    subscriberActions: new SubscriberActions({
      db: sql,
      store: deps.subscribers.store,
      subscribers: deps.subscribers.subscribers,
      entitlements: deps.subscribers.entitlements,
      billing: deps.billing?.admin ?? null,
      audit: deps.access.audit,
    }),
    signals,
    signal: async (id) => (signals ? signalPage(signals, id) : null),
    deliveries: deps.distribution
      ? new DeliveriesPage({
          sql,
          deliveries: deps.distribution.store,
          engine: deps.distribution.engine,
          audit: deps.access.audit,
        })
      : null,
    reviews: deps.reviews,
    narrativeApprovals: deps.narrativeApprovals,
    audit: deps.access.audit,
    clock: deps.clock,
  };
}
