/**
 * The portal's reads about subscribers that no domain service offers: search by any handle
 * (email, name, Stripe customer, Telegram or Discord username or id) and the deliveries a
 * subscriber received. Plain SQL over the subscriber and delivery tables.
 */
import { rows, type Sql } from '../../../database/sql.js';
import type { Tier } from '../../../vocabulary/tier.js';

export interface SubscriberHit {
  id: string;
  email: string | null;
  name: string | null;
  tier: Tier;
  stripeCustomerId: string | null;
  telegram: string | null;
  discord: string | null;
}

export interface SubscriberHandles {
  name: string | null;
  telegramUsername: string | null;
  discordUsername: string | null;
}

export interface ReceivedDelivery {
  id: string;
  signalId: string;
  kind: string;
  tier: Tier;
  channel: string;
  status: string;
  promisedAt: number;
  sentAt: number | null;
  lastError: string | null;
}

const like = (q: string) => `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;

export class SubscriberDirectory {
  constructor(private readonly sql: Sql) {}

  /** Subscribers matching `q` in any handle (a leading @ is ignored), best matches first. */
  async search(q: string, limit = 50): Promise<SubscriberHit[]> {
    const term = q.trim().replace(/^@/, '');
    if (term === '') return [];
    const found = await rows<{
      id: string;
      email: string | null;
      display_name: string | null;
      tier: Tier;
      stripe_customer_id: string | null;
      telegram_username: string | null;
      telegram_chat_id: string | null;
      discord_username: string | null;
      discord_user_id: string | null;
    }>(
      this.sql,
      `SELECT id, email, display_name, tier, stripe_customer_id, telegram_username,
              telegram_chat_id, discord_username, discord_user_id
         FROM subscriber
        WHERE email ILIKE $1 OR display_name ILIKE $1 OR telegram_username ILIKE $1
           OR discord_username ILIKE $1 OR stripe_customer_id = $2 OR telegram_chat_id = $2
           OR telegram_user_id = $2 OR discord_user_id = $2
        ORDER BY (lower(email) = lower($2)) DESC, email NULLS LAST, id
        LIMIT $3`,
      [like(term), term, limit],
    );
    return found.map((r) => ({
      id: r.id,
      email: r.email,
      name: r.display_name,
      tier: r.tier,
      stripeCustomerId: r.stripe_customer_id,
      telegram: r.telegram_username ? `@${r.telegram_username}` : r.telegram_chat_id,
      discord: r.discord_username ?? r.discord_user_id,
    }));
  }

  async handles(id: string): Promise<SubscriberHandles> {
    const [r] = await rows<{
      display_name: string | null;
      telegram_username: string | null;
      discord_username: string | null;
    }>(
      this.sql,
      `SELECT display_name, telegram_username, discord_username FROM subscriber WHERE id = $1`,
      [id],
    );
    return {
      name: r?.display_name ?? null,
      telegramUsername: r?.telegram_username ?? null,
      discordUsername: r?.discord_username ?? null,
    };
  }

  /** Records a subscriber's name and handles (null leaves a field as it is). */
  async setHandles(id: string, handles: Partial<SubscriberHandles>): Promise<void> {
    await this.sql.query(
      `UPDATE subscriber SET display_name = COALESCE($2, display_name),
              telegram_username = COALESCE($3, telegram_username),
              discord_username = COALESCE($4, discord_username)
        WHERE id = $1`,
      [id, handles.name ?? null, handles.telegramUsername ?? null, handles.discordUsername ?? null],
    );
  }

  /** The latest deliveries addressed to the subscriber (direct channels), newest first. */
  async deliveries(id: string, limit = 50): Promise<ReceivedDelivery[]> {
    const list = await rows<{
      id: string;
      signal_id: string;
      kind: string;
      tier: Tier;
      channel: string;
      status: string;
      promised_at: Date;
      sent_at: Date | null;
      last_error: string | null;
    }>(
      this.sql,
      `SELECT id, signal_id, kind, tier, channel, status, promised_at, sent_at, last_error
         FROM delivery WHERE recipient = $1 ORDER BY id DESC LIMIT $2`,
      [id, limit],
    );
    return list.map((r) => ({
      id: String(r.id),
      signalId: r.signal_id,
      kind: r.kind,
      tier: r.tier,
      channel: r.channel,
      status: r.status,
      promisedAt: r.promised_at.getTime(),
      sentAt: r.sent_at ? r.sent_at.getTime() : null,
      lastError: r.last_error,
    }));
  }
}
