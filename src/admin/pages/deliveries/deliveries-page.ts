/**
 * The portal's deliveries page: dead letters (and rows the leak scanner blocked) with their
 * errors, resent one by one or in bulk (each resend audited), and the outbox — what channels
 * without credentials would have sent.
 */
import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';
import { rows, type Sql } from '../../../database/sql.js';
import type { DistributionEngine } from '../../../distribution/distribution-engine.js';
import type { DeliveryQueries } from '../../../distribution/delivery-queries.js';
import type { AuditLog } from '../../access/audit-log.js';
import { at } from '../page-format.js';

const MAX_BULK = 500;
const resendBody = z.object({
  ids: z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .pipe(
      z
        .array(z.string().regex(/^\d{1,18}$/, 'a delivery id is numeric'))
        .min(1)
        .max(MAX_BULK),
    ),
  confirm: z.literal('yes', { error: 'tick the confirm box to go ahead' }),
  csrf: z.string().optional(),
});

export interface DeliveriesPageDeps {
  sql: Sql;
  deliveries: DeliveryQueries;
  engine: DistributionEngine;
  audit: AuditLog;
}

export class DeliveriesPage {
  constructor(private readonly deps: DeliveriesPageDeps) {}

  async view() {
    const [dead, blocked, counts, outbox] = await Promise.all([
      this.deps.deliveries.list({ status: 'dead', limit: 100_000 }),
      this.deps.deliveries.list({ status: 'blocked', limit: 100_000 }),
      this.deps.deliveries.countByStatus(),
      this.outbox(),
    ]);
    const letters = [...dead, ...blocked]
      .sort((a, b) => Number(b.id) - Number(a.id))
      .slice(0, 300)
      .map((r) => ({
        id: r.id,
        signalId: r.signalId,
        // Only a signal has a page; a report, digest or operator alert is named by its id.
        signalPage: /^SIG-/.test(r.signalId),
        kind: r.kind === 'operator_alert' ? 'operator alert' : r.kind,
        // An operator alert goes to the operators' channel, not to a tier's.
        tier: r.kind === 'operator_alert' ? 'operators' : r.tier,
        channel: r.channel,
        status: r.status,
        attempts: r.attempts,
        promisedAt: at(r.promisedAt),
        error: r.lastError ?? '',
      }));
    return { counts, letters, outbox };
  }

  /** Resends the listed dead or blocked rows; returns the operator's message. */
  async resend(body: unknown, actor: string): Promise<string> {
    const parsed = resendBody.safeParse(body);
    if (!parsed.success) {
      throw new BadRequestException(parsed.error.issues.map((i) => i.message).join('; '));
    }
    const ids = [...new Set(parsed.data.ids)];
    const resent: string[] = [];
    const refused: string[] = [];
    for (const id of ids) {
      const row = await this.deps.engine.resend(id);
      (row ? resent : refused).push(id);
    }
    await this.deps.audit.record({
      actor,
      action: ids.length === 1 ? 'delivery.resend' : 'delivery.resend-bulk',
      target: ids.length === 1 ? ids[0] : `${ids.length} deliveries`,
      before: { status: 'dead or blocked', ids },
      after: { scheduled: resent, refused },
    });
    return refused.length === 0
      ? `${resent.length} deliver${resent.length === 1 ? 'y is' : 'ies are'} scheduled again.`
      : `${resent.length} scheduled again; ${refused.length} could not be (only dead or blocked rows can): ${refused.join(', ')}.`;
  }

  /** The latest outbox messages (channels without credentials). */
  private async outbox() {
    const list = await rows<{
      id: string;
      delivery_id: string;
      channel: string;
      tier: string;
      recipient: string | null;
      subject: string | null;
      body: string;
      created_at: Date;
    }>(
      this.deps.sql,
      `SELECT id, delivery_id, channel, tier, recipient, subject, body, created_at
         FROM outbox_message ORDER BY id DESC LIMIT 100`,
    );
    return list.map((m) => ({
      id: String(m.id),
      deliveryId: String(m.delivery_id),
      channel: m.channel,
      tier: m.tier,
      subject: m.subject ?? '',
      body: m.body.length > 600 ? `${m.body.slice(0, 600)}…` : m.body,
      at: at(m.created_at.getTime()),
    }));
  }
}
