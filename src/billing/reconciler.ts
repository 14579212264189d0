/**
 * Reconciliation: lists every subscription from Stripe and repairs tiers that a missed webhook
 * left wrong (each repair logged), then walks our own side — stored subscriptions Stripe did not
 * list (ended when Stripe does not know them) and every paid tier (removed when nothing grants
 * it) — applies time-based changes (grace, comp and period ends),
 * then diffs Discord roles and Telegram groups against tiers and heals them. Runs hourly on
 * the Clock and on demand (POST /api/admin/billing/reconcile).
 */
import { Logger } from '@nestjs/common';
import type { Clock } from '../common/clock.js';
import type { EntitlementSync, SyncResult } from '../subscribers/entitlement-sync.js';
import { rows, type Sql } from '../database/sql.js';
import type { SubscriberStore } from '../subscribers/subscriber-store.js';
import type { BillingGateway } from './billing-gateway.js';
import type { BillingStore } from './billing-store.js';
import type { SubscriptionLedger, TierChange } from './subscription-ledger.js';
import type { SubscriptionState } from './stripe-objects.js';
import type { SubscriptionStatus } from './tier-policy.js';

/** Statuses after which a subscription grants nothing and never changes again. */
const ENDED: ReadonlySet<SubscriptionStatus> = new Set(['canceled', 'incomplete_expired']);

export interface ReconciliationReport {
  at: number;
  subscriptionsChecked: number;
  repairs: { subscriberId: string; from: string; to: string }[];
  timeBasedChanges: { subscriberId: string; from: string; to: string }[];
  entitlementFixes: SyncResult[];
}

type Db = Sql & { transaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T> };

export interface ReconcilerDeps {
  db: Db;
  gateway: BillingGateway;
  billing: BillingStore;
  ledger: SubscriptionLedger;
  subscribers: SubscriberStore;
  entitlements: EntitlementSync;
  clock: Clock;
}

export class Reconciler {
  private readonly log = new Logger('BillingReconciler');
  private running: Promise<ReconciliationReport> | null = null;

  constructor(private readonly deps: ReconcilerDeps) {}

  /** One run at a time; a second caller shares the run in progress. */
  run(actor = 'reconciler'): Promise<ReconciliationReport> {
    this.running ??= this.runOnce(actor).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runOnce(actor: string): Promise<ReconciliationReport> {
    const report: ReconciliationReport = {
      at: this.deps.clock.now(),
      subscriptionsChecked: 0,
      repairs: [],
      timeBasedChanges: [],
      entitlementFixes: [],
    };
    const listed = new Set<string>();
    for await (const state of this.deps.gateway.listSubscriptions()) {
      if (!this.deps.ledger.isOurPrice(state.priceId)) continue;
      listed.add(state.id);
      report.subscriptionsChecked++;
      this.noteRepair(report, await this.applyFromStripe(state, actor), state.id);
    }
    for (const stored of await this.deps.billing.allSubscriptions(this.deps.db)) {
      if (listed.has(stored.id) || ENDED.has(stored.status)) continue;
      report.subscriptionsChecked++;
      // Not in Stripe's list: ask for it alone; unknown to Stripe means it grants nothing.
      const fresh = await this.deps.gateway.retrieveSubscription(stored.id);
      const state = fresh ?? { ...stored, status: 'canceled' as const };
      if (!fresh) this.log.warn(`subscription ${stored.id} is unknown to Stripe; ending it`);
      this.noteRepair(report, await this.applyFromStripe(state, actor), stored.id);
    }
    for (const subscriberId of await this.paidSubscribers()) {
      const change = await this.deps.db.transaction((tx) =>
        this.deps.ledger.recomputeTier(tx, subscriberId, actor, 'reconciliation: paid tier check'),
      );
      this.noteRepair(report, change, 'none');
    }
    report.timeBasedChanges = (await this.sweep(actor)).map((c) => ({
      subscriberId: c.subscriberId,
      from: c.from,
      to: c.to,
    }));
    report.entitlementFixes = await this.deps.entitlements.reconcileAll();
    this.log.log(
      `reconciled ${report.subscriptionsChecked} subscriptions: ${report.repairs.length} tier repairs, ${report.timeBasedChanges.length} time-based changes, ${report.entitlementFixes.length} entitlement fixes`,
    );
    return report;
  }

  private async applyFromStripe(
    state: SubscriptionState,
    actor: string,
  ): Promise<TierChange | null> {
    return this.deps.db.transaction(async (tx) => {
      const { subscriberId } = await this.deps.ledger.applySubscription(tx, state, {
        authoritative: true,
        stateAt: this.deps.clock.now(),
      });
      return subscriberId
        ? this.deps.ledger.recomputeTier(tx, subscriberId, actor, 'reconciliation with Stripe')
        : null;
    });
  }

  private noteRepair(
    report: ReconciliationReport,
    change: TierChange | null,
    subscriptionId: string,
  ): void {
    if (!change?.changed) return;
    report.repairs.push({ subscriberId: change.subscriberId, from: change.from, to: change.to });
    this.log.warn(
      `repaired subscriber ${change.subscriberId}: ${change.from} → ${change.to} (subscription ${subscriptionId} was out of date)`,
    );
  }

  /** Subscribers whose stored tier is a paid one (each is re-derived from what grants it). */
  private async paidSubscribers(): Promise<string[]> {
    const list = await rows<{ id: string }>(
      this.deps.db,
      `SELECT id FROM subscriber WHERE tier <> 'free' ORDER BY id`,
    );
    return list.map((r) => r.id);
  }

  /** Applies tier changes due by time alone (grace over, comp over, period ended). */
  async sweep(actor = 'clock'): Promise<TierChange[]> {
    const due = await this.deps.subscribers.dueForTierChange(this.deps.db, this.deps.clock.now());
    const changes: TierChange[] = [];
    for (const id of due) {
      const change = await this.deps.db.transaction((tx) =>
        this.deps.ledger.recomputeTier(tx, id, actor, 'time-based change'),
      );
      if (change.changed) {
        changes.push(change);
        await this.deps.entitlements.sync(id);
      }
    }
    return changes;
  }
}

/** Runs a task every `intervalMs` of the Clock's time until stopped. */
export class ClockTimer {
  private stopped = false;
  private readonly log = new Logger('ClockTimer');

  constructor(
    private readonly clock: Clock,
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly task: () => Promise<unknown>,
  ) {}

  start(): void {
    if (this.intervalMs <= 0) return;
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      await this.clock.sleep(this.intervalMs);
      if (this.stopped) return;
      try {
        await this.task();
      } catch (err) {
        this.log.error(`${this.name} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}
