/**
 * PostgreSQL access to subscribers and their tier audit trail (plain SQL; every method takes
 * the Sql to run on, so billing can change a tier inside its own transaction).
 */
import { randomUUID } from 'node:crypto';
import type { Tier } from '../vocabulary/tier.js';
import { DEFAULT_PREFERENCES, readPreferences } from './preferences.js';
import type { RecipientPreferences } from './recipient-directory.js';
import { first, msOf, rows, type Sql } from '../database/sql.js';

export type EmailStatus =
  'none' | 'pending' | 'verified' | 'unsubscribed' | 'bounced' | 'complained';

export interface Subscriber {
  id: string;
  email: string | null;
  emailStatus: EmailStatus;
  emailVerifiedAt: number | null;
  softBounces: number;
  tier: Tier;
  tierReason: string;
  tierChangesAt: number | null;
  preferences: RecipientPreferences;
  telegramChatId: string | null;
  telegramUserId: string | null;
  discordUserId: string | null;
  stripeCustomerId: string | null;
  comp: { tier: Tier; until: number } | null;
  paused: boolean;
  /** Signed into manage tokens; bumping it revokes every manage token issued before. */
  tokenVersion: number;
  createdAt: number;
  updatedAt: number;
}

export interface TierEvent {
  at: number;
  actor: string;
  from: Tier;
  to: Tier;
  reason: string;
}

interface SubscriberRow {
  id: string;
  email: string | null;
  email_status: EmailStatus;
  email_verified_at: Date | null;
  soft_bounces: number;
  tier: Tier;
  tier_reason: string;
  tier_changes_at: Date | null;
  preferences: unknown;
  telegram_chat_id: string | null;
  telegram_user_id: string | null;
  discord_user_id: string | null;
  stripe_customer_id: string | null;
  comp_tier: Tier | null;
  comp_until: Date | null;
  paused: boolean;
  token_version: number;
  created_at: Date;
  updated_at: Date;
}

function toSubscriber(r: SubscriberRow): Subscriber {
  return {
    id: r.id,
    email: r.email,
    emailStatus: r.email_status,
    emailVerifiedAt: msOf(r.email_verified_at),
    softBounces: r.soft_bounces,
    tier: r.tier,
    tierReason: r.tier_reason,
    tierChangesAt: msOf(r.tier_changes_at),
    preferences: readPreferences(r.preferences),
    telegramChatId: r.telegram_chat_id,
    telegramUserId: r.telegram_user_id,
    discordUserId: r.discord_user_id,
    stripeCustomerId: r.stripe_customer_id,
    comp: r.comp_tier && r.comp_until ? { tier: r.comp_tier, until: r.comp_until.getTime() } : null,
    paused: r.paused,
    tokenVersion: r.token_version,
    createdAt: r.created_at.getTime(),
    updatedAt: r.updated_at.getTime(),
  };
}

/** Column names a caller may update through `update()`. */
const UPDATABLE = {
  email: 'email',
  emailStatus: 'email_status',
  emailVerifiedAt: 'email_verified_at',
  softBounces: 'soft_bounces',
  preferences: 'preferences',
  telegramChatId: 'telegram_chat_id',
  telegramUserId: 'telegram_user_id',
  discordUserId: 'discord_user_id',
  stripeCustomerId: 'stripe_customer_id',
  compTier: 'comp_tier',
  compUntil: 'comp_until',
  paused: 'paused',
} as const;

export type SubscriberPatch = Partial<{
  email: string | null;
  emailStatus: EmailStatus;
  emailVerifiedAt: number | null;
  softBounces: number;
  preferences: RecipientPreferences;
  telegramChatId: string | null;
  telegramUserId: string | null;
  discordUserId: string | null;
  stripeCustomerId: string | null;
  compTier: Tier | null;
  compUntil: number | null;
  paused: boolean;
}>;

export class SubscriberStore {
  async create(
    sql: Sql,
    input: { email: string | null; emailStatus: EmailStatus; preferences?: RecipientPreferences },
    nowMs: number,
  ): Promise<Subscriber> {
    const row = await first<SubscriberRow>(
      sql,
      `INSERT INTO subscriber (id, email, email_status, preferences, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $5) RETURNING *`,
      [
        randomUUID(),
        input.email,
        input.emailStatus,
        JSON.stringify(input.preferences ?? DEFAULT_PREFERENCES),
        new Date(nowMs),
      ],
    );
    return toSubscriber(row!);
  }

  async get(sql: Sql, id: string, forUpdate = false): Promise<Subscriber | null> {
    if (!isUuid(id)) return null;
    const row = await first<SubscriberRow>(
      sql,
      `SELECT * FROM subscriber WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row ? toSubscriber(row) : null;
  }

  async findBy(
    sql: Sql,
    field: 'email' | 'stripe_customer_id' | 'telegram_chat_id' | 'discord_user_id',
    value: string,
  ): Promise<Subscriber | null> {
    const row = await first<SubscriberRow>(sql, `SELECT * FROM subscriber WHERE ${field} = $1`, [
      value,
    ]);
    return row ? toSubscriber(row) : null;
  }

  async searchByEmail(sql: Sql, emailPart: string, limit = 50): Promise<Subscriber[]> {
    const list = await rows<SubscriberRow>(
      sql,
      `SELECT * FROM subscriber WHERE email ILIKE $1 ORDER BY email LIMIT $2`,
      [`%${emailPart.replace(/[%_\\]/g, (c) => `\\${c}`)}%`, limit],
    );
    return list.map(toSubscriber);
  }

  async update(sql: Sql, id: string, patch: SubscriberPatch, nowMs: number): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [id];
    for (const [key, column] of Object.entries(UPDATABLE) as [keyof SubscriberPatch, string][]) {
      if (!(key in patch)) continue;
      let value: unknown = patch[key];
      if (key === 'preferences') value = JSON.stringify(value);
      if ((key === 'emailVerifiedAt' || key === 'compUntil') && typeof value === 'number') {
        value = new Date(value);
      }
      params.push(value ?? null);
      sets.push(`${column} = $${params.length}`);
    }
    params.push(new Date(nowMs));
    sets.push(`updated_at = $${params.length}`);
    await sql.query(`UPDATE subscriber SET ${sets.join(', ')} WHERE id = $1`, params);
  }

  /** pending → verified, once: false when the address was not pending (a replayed link). */
  async markVerified(sql: Sql, id: string, nowMs: number): Promise<boolean> {
    const res = (await sql.query(
      `UPDATE subscriber SET email_status = 'verified', email_verified_at = $2, updated_at = $2
       WHERE id = $1 AND email_status = 'pending' RETURNING id`,
      [id, new Date(nowMs)],
    )) as unknown[] | [unknown[], number];
    return returned(res).length > 0;
  }

  /** Revokes every manage token of the subscriber; the new version. */
  async bumpTokenVersion(sql: Sql, id: string, nowMs: number): Promise<number | null> {
    const res = (await sql.query(
      `UPDATE subscriber SET token_version = token_version + 1, updated_at = $2
       WHERE id = $1 RETURNING token_version`,
      [id, new Date(nowMs)],
    )) as { token_version: number }[] | [{ token_version: number }[], number];
    return returned(res)[0]?.token_version ?? null;
  }

  /**
   * Stores a tier decision; when the tier differs, appends the audit event (actor, from, to,
   * why). Returns the previous tier and whether it changed.
   */
  async applyTier(
    sql: Sql,
    id: string,
    decision: { tier: Tier; reason: string; changesAt: number | null },
    actor: string,
    why: string,
    nowMs: number,
  ): Promise<{ from: Tier; to: Tier; changed: boolean }> {
    const current = await first<{ tier: Tier }>(
      sql,
      `SELECT tier FROM subscriber WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!current) throw new Error(`no subscriber ${id}`);
    const changed = current.tier !== decision.tier;
    await sql.query(
      `UPDATE subscriber SET tier = $2, tier_reason = $3, tier_changes_at = $4, updated_at = $5 WHERE id = $1`,
      [
        id,
        decision.tier,
        decision.reason,
        decision.changesAt === null ? null : new Date(decision.changesAt),
        new Date(nowMs),
      ],
    );
    if (changed) {
      await sql.query(
        `INSERT INTO tier_event (subscriber_id, at, actor, from_tier, to_tier, reason) VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, new Date(nowMs), actor, current.tier, decision.tier, `${why} (${decision.reason})`],
      );
    }
    return { from: current.tier, to: decision.tier, changed };
  }

  async tierHistory(sql: Sql, id: string): Promise<TierEvent[]> {
    const list = await rows<{
      at: Date;
      actor: string;
      from_tier: Tier;
      to_tier: Tier;
      reason: string;
    }>(
      sql,
      `SELECT at, actor, from_tier, to_tier, reason FROM tier_event WHERE subscriber_id = $1 ORDER BY id`,
      [id],
    );
    return list.map((r) => ({
      at: r.at.getTime(),
      actor: r.actor,
      from: r.from_tier,
      to: r.to_tier,
      reason: r.reason,
    }));
  }

  /** Subscribers whose tier changes by time alone at or before `nowMs`. */
  async dueForTierChange(sql: Sql, nowMs: number): Promise<string[]> {
    const list = await rows<{ id: string }>(
      sql,
      `SELECT id FROM subscriber WHERE tier_changes_at <= $1 ORDER BY tier_changes_at LIMIT 1000`,
      [new Date(nowMs)],
    );
    return list.map((r) => r.id);
  }

  /** Subscribers with a linked Discord or Telegram account, a page at a time. */
  async linkedPage(sql: Sql, afterId: string | null, limit: number): Promise<Subscriber[]> {
    const list = await rows<SubscriberRow>(
      sql,
      `SELECT * FROM subscriber
       WHERE (discord_user_id IS NOT NULL OR telegram_user_id IS NOT NULL) AND ($1::uuid IS NULL OR id > $1)
       ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
    return list.map(toSubscriber);
  }

  /** Recipients of one tier, ordered by id, filtered in SQL for the channel. */
  async recipientsPage(
    sql: Sql,
    query: { tier: Tier; channel: 'email' | 'telegram'; afterId?: string; limit: number },
  ): Promise<Subscriber[]> {
    const channelFilter =
      query.channel === 'email'
        ? `email IS NOT NULL AND email_status = 'verified'`
        : `telegram_chat_id IS NOT NULL`;
    const list = await rows<SubscriberRow>(
      sql,
      `SELECT * FROM subscriber
       WHERE tier = $1 AND ${channelFilter}
         AND preferences -> 'channels' ? $2
         AND ($3::uuid IS NULL OR id > $3)
       ORDER BY id LIMIT $4`,
      [
        query.tier,
        query.channel,
        query.afterId && isUuid(query.afterId) ? query.afterId : null,
        query.limit,
      ],
    );
    return list.map(toSubscriber);
  }

  async recordTelegramInvite(
    sql: Sql,
    input: { subscriberId: string; chatId: string; tier: Tier; inviteLink: string },
    nowMs: number,
  ): Promise<void> {
    await sql.query(
      `INSERT INTO telegram_invite (subscriber_id, chat_id, tier, invite_link, created_at) VALUES ($1, $2, $3, $4, $5)`,
      [input.subscriberId, input.chatId, input.tier, input.inviteLink, new Date(nowMs)],
    );
  }

  async lastTelegramInviteAt(
    sql: Sql,
    subscriberId: string,
    chatId: string,
  ): Promise<number | null> {
    const row = await first<{ at: Date | null }>(
      sql,
      `SELECT max(created_at) AS at FROM telegram_invite WHERE subscriber_id = $1 AND chat_id = $2`,
      [subscriberId, chatId],
    );
    return row ? msOf(row.at) : null;
  }

  /** Everything stored about a subscriber (privacy export). */
  async exportData(sql: Sql, id: string): Promise<Record<string, unknown> | null> {
    const sub = await this.get(sql, id);
    if (!sub) return null;
    const [history, subscriptions, invoices, refunds, invites] = await Promise.all([
      this.tierHistory(sql, id),
      rows(sql, `SELECT * FROM billing_subscription WHERE subscriber_id = $1 ORDER BY created_at`, [
        id,
      ]),
      rows(sql, `SELECT * FROM billing_invoice_event WHERE subscriber_id = $1 ORDER BY id`, [id]),
      rows(sql, `SELECT * FROM billing_refund WHERE subscriber_id = $1 ORDER BY at`, [id]),
      rows(
        sql,
        `SELECT chat_id, tier, created_at FROM telegram_invite WHERE subscriber_id = $1 ORDER BY id`,
        [id],
      ),
    ]);
    return {
      subscriber: sub,
      tierHistory: history,
      subscriptions,
      invoices,
      refunds,
      telegramInvites: invites,
    };
  }

  /**
   * Deletes a subscriber's personal data: the subscriber row (tier events and invites cascade);
   * billing records keep amounts for the books but lose the link to the person.
   */
  async delete(sql: Sql, id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const res = (await sql.query(`DELETE FROM subscriber WHERE id = $1 RETURNING id`, [id])) as
      unknown[] | [unknown[], number];
    return returned(res).length > 0;
  }
}

/** The rows of an UPDATE/DELETE … RETURNING: TypeORM's pg driver answers [rows, count]. */
export function returned<T>(res: T[] | [T[], number]): T[] {
  return Array.isArray(res[0]) ? (res[0] as T[]) : (res as T[]);
}

export function isUuid(v: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);
}
