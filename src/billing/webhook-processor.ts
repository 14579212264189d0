/**
 * Stripe webhook processing: a dispatch table with one small handler per event type. A
 * handler first does its network work (fetching the newest subscription state from Stripe),
 * then returns the database change, which runs in ONE transaction together with recording
 * the event id — so a duplicate delivery changes nothing and a failed one leaves no trace.
 */
import { Logger } from '@nestjs/common';
import type { Clock } from '../common/clock.js';
import type { EntitlementSync } from '../subscribers/entitlement-sync.js';
import type { Mailer } from '../subscribers/mailer.js';
import type { Sql } from '../database/sql.js';
import type { SubscriberStore } from '../subscribers/subscriber-store.js';
import type { BillingGateway } from './billing-gateway.js';
import type { BillingStore } from './billing-store.js';
import {
  readCheckoutSession,
  readInvoice,
  readSubscription,
  type StripeEventEnvelope,
  type SubscriptionState,
} from './stripe-objects.js';
import type { SubscriptionLedger, TierChange } from './subscription-ledger.js';

export interface ApplyResult {
  changes: TierChange[];
  /** Work after commit (emails). */
  after?: () => Promise<void>;
}
type Apply = (sql: Sql) => Promise<ApplyResult>;
type Handler = (event: StripeEventEnvelope) => Promise<Apply>;

export type WebhookOutcome = 'processed' | 'duplicate' | 'ignored';

export class InvalidEventObject extends Error {
  override name = 'InvalidEventObject';
}

export interface WebhookProcessorDeps {
  db: Sql & { transaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T> };
  billing: BillingStore;
  subscribers: SubscriberStore;
  ledger: SubscriptionLedger;
  gateway: BillingGateway;
  entitlements: EntitlementSync;
  mailer: Mailer;
  clock: Clock;
}

export class WebhookProcessor {
  private readonly log = new Logger('StripeWebhooks');
  private readonly handlers: Record<string, Handler> = {
    'checkout.session.completed': (e) => this.checkoutCompleted(e),
    'customer.subscription.created': (e) => this.subscriptionChanged(e),
    'customer.subscription.updated': (e) => this.subscriptionChanged(e),
    'customer.subscription.deleted': (e) => this.subscriptionChanged(e),
    'invoice.paid': (e) => this.invoicePaid(e),
    'invoice.payment_failed': (e) => this.invoiceFailed(e),
    'customer.subscription.trial_will_end': (e) => this.trialWillEnd(e),
  };

  constructor(private readonly deps: WebhookProcessorDeps) {}

  get eventTypes(): string[] {
    return Object.keys(this.handlers);
  }

  async process(event: StripeEventEnvelope): Promise<WebhookOutcome> {
    if (await this.deps.billing.eventSeen(this.deps.db, event.id)) return 'duplicate';
    const handler: Handler | undefined = Object.hasOwn(this.handlers, event.type)
      ? this.handlers[event.type]
      : undefined;
    let apply: Apply;
    try {
      apply = handler ? await handler(event) : async () => ({ changes: [] });
    } catch (err) {
      if (err instanceof Error && err.name === 'ZodError') {
        throw new InvalidEventObject(
          `${event.type} ${event.id}: the object is not what Stripe sends`,
        );
      }
      throw err;
    }
    const result = await this.deps.db.transaction(async (tx) => {
      const fresh = await this.deps.billing.recordEvent(
        tx,
        event,
        handler ? 'processed' : 'ignored',
        this.deps.clock.now(),
      );
      if (!fresh) return null;
      return apply(tx);
    });
    if (!result) return 'duplicate';
    for (const change of result.changes) {
      if (change.changed) await this.deps.entitlements.sync(change.subscriberId);
    }
    await result.after?.().catch((err: unknown) => {
      this.log.warn(
        `after ${event.type} ${event.id}: ${err instanceof Error ? err.message : String(err)}`,
      );
    });
    return handler ? 'processed' : 'ignored';
  }

  /**
   * The newest state from Stripe; 'missing' when Stripe answers that it has no such
   * subscription (a forged or test-mode id: nothing of the event is applied), 'unreachable' when
   * Stripe cannot be asked right now (the event's own copy is used).
   */
  private async fetchSubscription(
    id: string,
  ): Promise<SubscriptionState | 'missing' | 'unreachable'> {
    try {
      const state = await this.deps.gateway.retrieveSubscription(id);
      if (state) return state;
      this.log.warn(`Stripe does not know subscription ${id}; its event is not applied`);
      return 'missing';
    } catch (err) {
      this.log.warn(
        `could not fetch subscription ${id} (${err instanceof Error ? err.message : String(err)}); using the event's copy`,
      );
      return 'unreachable';
    }
  }

  private async applyAndRecompute(
    sql: Sql,
    state: SubscriptionState | null,
    options: { authoritative: boolean; stateAt: number },
    actor: string,
    why: string,
    alsoSubscriber: string | null = null,
  ): Promise<TierChange[]> {
    const ids = new Set<string>();
    if (state && this.deps.ledger.isOurPrice(state.priceId)) {
      const { subscriberId } = await this.deps.ledger.applySubscription(sql, state, options);
      if (subscriberId) ids.add(subscriberId);
    }
    if (alsoSubscriber) ids.add(alsoSubscriber);
    const changes: TierChange[] = [];
    for (const id of ids) changes.push(await this.deps.ledger.recomputeTier(sql, id, actor, why));
    return changes;
  }

  private async checkoutCompleted(event: StripeEventEnvelope): Promise<Apply> {
    const session = readCheckoutSession(event.data.object);
    const fetched = session.subscriptionId
      ? stateOf(await this.fetchSubscription(session.subscriptionId))
      : null;
    return async (sql) => {
      let subscriberId: string | null = null;
      if (session.subscriberId) {
        // No row lock here: recomputeTier takes it after the subscription row, the order every
        // handler uses, so concurrent events for one subscriber cannot deadlock.
        const sub = await this.deps.subscribers.get(sql, session.subscriberId);
        if (sub) {
          subscriberId = sub.id;
          if (session.customerId && !sub.stripeCustomerId) {
            await this.deps.subscribers.update(
              sql,
              sub.id,
              { stripeCustomerId: session.customerId },
              this.deps.clock.now(),
            );
          }
        }
      }
      const changes = await this.applyAndRecompute(
        sql,
        fetched,
        { authoritative: true, stateAt: event.created * 1000 },
        `stripe:${event.type}`,
        'checkout completed',
        subscriberId,
      );
      return { changes };
    };
  }

  private async subscriptionChanged(event: StripeEventEnvelope): Promise<Apply> {
    const fromEvent = readSubscription(event.data.object, (p) => this.deps.ledger.isOurPrice(p));
    const fetched = await this.fetchSubscription(fromEvent.id);
    if (fetched === 'missing') return async () => ({ changes: [] });
    const state = fetched === 'unreachable' ? fromEvent : fetched;
    return async (sql) => ({
      changes: await this.applyAndRecompute(
        sql,
        state,
        { authoritative: fetched !== 'unreachable', stateAt: event.created * 1000 },
        `stripe:${event.type}`,
        `subscription ${state.status}`,
      ),
    });
  }

  private async invoicePaid(event: StripeEventEnvelope): Promise<Apply> {
    return this.invoiceEvent(event, 'paid');
  }

  private async invoiceFailed(event: StripeEventEnvelope): Promise<Apply> {
    return this.invoiceEvent(event, 'failed');
  }

  private async invoiceEvent(event: StripeEventEnvelope, kind: 'paid' | 'failed'): Promise<Apply> {
    const invoice = readInvoice(event.data.object);
    const fetched = invoice.subscriptionId
      ? stateOf(await this.fetchSubscription(invoice.subscriptionId))
      : null;
    return async (sql) => {
      const stored = invoice.subscriptionId
        ? await this.deps.billing.getSubscription(sql, invoice.subscriptionId)
        : null;
      const byCustomer =
        !stored?.subscriberId && invoice.customerId
          ? await this.deps.subscribers.findBy(sql, 'stripe_customer_id', invoice.customerId)
          : null;
      const subscriberId = stored?.subscriberId ?? byCustomer?.id ?? null;
      await this.deps.billing.recordInvoiceEvent(sql, {
        eventId: event.id,
        invoiceId: invoice.id,
        subscriptionId: invoice.subscriptionId,
        subscriberId,
        kind,
        amountCents: kind === 'paid' ? invoice.amountPaidCents : invoice.amountDueCents,
        currency: invoice.currency,
        paymentIntentId: invoice.paymentIntentId,
        at: event.created * 1000,
      });
      if (kind === 'failed' && stored) {
        // The grace period runs from the first failed charge.
        await this.deps.billing.markPastDueSince(sql, stored.id, event.created * 1000);
      }
      const changes = await this.applyAndRecompute(
        sql,
        fetched,
        { authoritative: true, stateAt: event.created * 1000 },
        `stripe:${event.type}`,
        kind === 'paid' ? 'invoice paid' : 'payment failed',
        subscriberId,
      );
      return { changes };
    };
  }

  private async trialWillEnd(event: StripeEventEnvelope): Promise<Apply> {
    const state = readSubscription(event.data.object, (p) => this.deps.ledger.isOurPrice(p));
    return async (sql) => {
      const stored = await this.deps.billing.getSubscription(sql, state.id);
      const subscriberId = stored?.subscriberId ?? null;
      const sub = subscriberId ? await this.deps.subscribers.get(sql, subscriberId) : null;
      const trialEnd = state.trialEnd;
      if (!sub || !sub.email || sub.emailStatus !== 'verified' || trialEnd === null)
        return { changes: [] };
      const email = sub.email;
      return {
        changes: [],
        after: () =>
          this.deps.mailer.send({
            to: email,
            subject: 'Your GammaDesk trial ends soon',
            text: `Your trial ends on ${new Date(trialEnd).toISOString().slice(0, 10)}. Your subscription continues unless you cancel it in the billing portal.`,
          }),
      };
    };
  }
}

/** The fetched state, or null when there is none to apply. */
function stateOf(fetched: SubscriptionState | 'missing' | 'unreachable'): SubscriptionState | null {
  return typeof fetched === 'string' ? null : fetched;
}
