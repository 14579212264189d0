import type { DataSource } from 'typeorm';
import type { Clock } from '../../common/clock.js';
import type { ChannelSender, OutgoingMessage, SendResult } from '../channel-sender.js';

/**
 * The embedded default: every channel without credentials writes here (PostgreSQL), and the admin
 * portal / operator API list it. One row per delivery, so a re-run cannot store it twice.
 */
export class OutboxSender implements ChannelSender {
  readonly via = 'outbox' as const;
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async send(msg: OutgoingMessage): Promise<SendResult> {
    const subject =
      msg.message.channel === 'email'
        ? msg.message.subject
        : msg.message.channel === 'reddit'
          ? msg.message.title
          : null;
    const rows: { id: string }[] = await this.dataSource.query(
      `INSERT INTO outbox_message (delivery_id, channel, tier, recipient, subject, body, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (delivery_id) DO UPDATE SET delivery_id = EXCLUDED.delivery_id
       RETURNING id`,
      [
        msg.deliveryId,
        msg.message.channel,
        msg.tier,
        msg.address ?? msg.recipient,
        subject,
        msg.text,
        new Date(this.clock.now()),
      ],
    );
    return { providerMessageId: `outbox-${rows[0].id}` };
  }
}

export interface OutboxMessageRow {
  id: string;
  deliveryId: string;
  channel: string;
  tier: string;
  recipient: string;
  subject: string | null;
  body: string;
  createdAt: string;
}

export async function listOutbox(
  dataSource: DataSource,
  options: { limit?: number; afterId?: string } = {},
): Promise<OutboxMessageRow[]> {
  const rows: {
    id: string;
    delivery_id: string;
    channel: string;
    tier: string;
    recipient: string;
    subject: string | null;
    body: string;
    created_at: Date;
  }[] = await dataSource.query(
    `SELECT id, delivery_id, channel, tier, recipient, subject, body, created_at
       FROM outbox_message WHERE id > $1 ORDER BY id LIMIT $2`,
    [options.afterId ?? '0', options.limit ?? 500],
  );
  return rows.map((r) => ({
    id: String(r.id),
    deliveryId: String(r.delivery_id),
    channel: r.channel,
    tier: r.tier,
    recipient: r.recipient,
    subject: r.subject,
    body: r.body,
    createdAt: r.created_at.toISOString(),
  }));
}
