/**
 * The portal's actions on a subscriber. Each is confirmed by the operator (the form's confirm
 * box), goes through the billing or subscriber services (the tier is never written here: the
 * ledger recomputes it), and is audited with the subscriber's state before and after.
 */
import { BadRequestException, NotFoundException } from '@nestjs/common';
import { z } from 'zod';
import type { BillingAdmin } from '../../../billing/billing-admin.js';
import type { Sql } from '../../../database/sql.js';
import type { EntitlementSync } from '../../../subscribers/entitlement-sync.js';
import type { SubscriberService } from '../../../subscribers/subscriber-service.js';
import type { SubscriberStore } from '../../../subscribers/subscriber-store.js';
import { TIERS } from '../../../vocabulary/tier.js';
import type { AuditLog, AuditState } from '../../access/audit-log.js';

const DAY_MS = 86_400_000;
const reason = z.string().trim().min(1, 'a reason is required').max(500);
const confirmed = z.literal('yes', { error: 'tick the confirm box to go ahead' });
const base = z.object({ reason, confirm: confirmed, csrf: z.string().optional() });

const SCHEMAS = {
  comp: base.extend({
    tier: z.enum(TIERS),
    until: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'until: a date (YYYY-MM-DD)'),
  }),
  'free-days': base.extend({ days: z.coerce.number().int().min(1).max(366) }),
  pause: base,
  resume: base,
  refund: base,
  resync: base,
  'resend-confirmation': base,
} as const;

export type SubscriberActionName = keyof typeof SCHEMAS;
export const SUBSCRIBER_ACTIONS = Object.keys(SCHEMAS) as SubscriberActionName[];

export interface SubscriberActionDeps {
  db: Sql;
  store: SubscriberStore;
  subscribers: SubscriberService;
  entitlements: EntitlementSync;
  /** Null when billing does not run in this process: its actions are refused. */
  billing: BillingAdmin | null;
  audit: AuditLog;
}

export class SubscriberActions {
  constructor(private readonly deps: SubscriberActionDeps) {}

  isAction(name: string): name is SubscriberActionName {
    return Object.hasOwn(SCHEMAS, name);
  }

  /** Runs one action for `actor`; returns the message the operator sees. */
  async run(id: string, name: SubscriberActionName, body: unknown, actor: string): Promise<string> {
    const parsed = SCHEMAS[name].safeParse(body);
    if (!parsed.success) {
      throw new BadRequestException(parsed.error.issues.map((i) => i.message).join('; '));
    }
    const input = parsed.data as z.infer<(typeof SCHEMAS)['comp']> &
      z.infer<(typeof SCHEMAS)['free-days']>;
    const before = await this.state(id);
    const message = await this.perform(id, name, input, `portal:${actor}`);
    await this.deps.audit.record({
      actor,
      action: `subscriber.${name}`,
      target: id,
      before,
      after: { ...(await this.state(id)), reason: input.reason },
    });
    return message;
  }

  private async perform(
    id: string,
    name: SubscriberActionName,
    input: { reason: string; tier: (typeof TIERS)[number]; until: string; days: number },
    actor: string,
  ): Promise<string> {
    switch (name) {
      case 'comp': {
        // Comped through the end of the chosen day (UTC).
        const until = Date.parse(`${input.until}T00:00:00Z`) + DAY_MS - 1;
        const change = await this.billing().comp(id, input.tier, until, actor, input.reason);
        return `Comped ${input.tier} until ${input.until}: tier ${change.from} → ${change.to}.`;
      }
      case 'free-days': {
        const change = await this.billing().addFreeDays(id, input.days, actor, input.reason);
        return `${input.days} free days added: tier ${change.from} → ${change.to}.`;
      }
      case 'pause':
      case 'resume': {
        const change = await this.billing().setPaused(id, name === 'pause', actor, input.reason);
        return `${name === 'pause' ? 'Paused' : 'Resumed'}: tier ${change.from} → ${change.to}.`;
      }
      case 'refund': {
        const refund = await this.billing().refund(id, { reason: input.reason }, actor);
        return `Refunded ${(refund.amountCents / 100).toFixed(2)} ${refund.currency.toUpperCase()} (${refund.id}, ${refund.status}).`;
      }
      case 'resync': {
        const result = await this.deps.entitlements.sync(id);
        const done = result.actions.length ? result.actions.join('; ') : 'nothing to change';
        return result.errors.length
          ? `Re-sync: ${done}; errors: ${result.errors.join('; ')}`
          : `Re-synced roles and groups: ${done}.`;
      }
      case 'resend-confirmation': {
        const sub = await this.deps.store.get(this.deps.db, id);
        if (!sub?.email) throw new BadRequestException('this subscriber has no email address');
        if (sub.emailStatus !== 'pending') {
          throw new BadRequestException(
            `the address is ${sub.emailStatus}: only a pending address is sent a confirmation`,
          );
        }
        await this.deps.subscribers.signUp({ email: sub.email });
        return `Confirmation sent again to ${sub.email}.`;
      }
    }
  }

  private billing(): BillingAdmin {
    if (!this.deps.billing) throw new BadRequestException('billing does not run in this process');
    return this.deps.billing;
  }

  /** What the audit log keeps of the subscriber around an action (no personal data). */
  private async state(id: string): Promise<Record<string, AuditState>> {
    const sub = await this.deps.store.get(this.deps.db, id);
    if (!sub) throw new NotFoundException('no such subscriber');
    return {
      tier: sub.tier,
      tierReason: sub.tierReason,
      comp: sub.comp
        ? { tier: sub.comp.tier, until: new Date(sub.comp.until).toISOString() }
        : null,
      paused: sub.paused,
      emailStatus: sub.emailStatus,
    };
  }
}
