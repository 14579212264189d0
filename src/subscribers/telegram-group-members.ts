/**
 * Who is in a tier's Telegram group, as the bot hears it (chat member updates and join/leave
 * service messages): the recipient directory leaves group members out of Telegram DMs, so a
 * subscriber gets one copy of a signal — the group's — unless they asked for DMs too.
 */
import { rows, type Sql } from '../database/sql.js';

/** Statuses in which a user reads the group. */
const IN_GROUP = ['member', 'administrator', 'creator', 'restricted'];

export class TelegramGroupMembers {
  async record(
    sql: Sql,
    input: { subscriberId: string; chatId: string; status: string },
    nowMs: number,
  ): Promise<void> {
    await sql.query(
      `INSERT INTO telegram_group_member (subscriber_id, chat_id, status, updated_at)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (subscriber_id, chat_id) DO UPDATE SET status = $3, updated_at = $4`,
      [input.subscriberId, input.chatId, input.status, new Date(nowMs)],
    );
  }

  /** Which of these subscribers are in the group now. */
  async inGroup(sql: Sql, chatId: string, subscriberIds: string[]): Promise<Set<string>> {
    if (subscriberIds.length === 0) return new Set();
    const found = await rows<{ subscriber_id: string }>(
      sql,
      `SELECT subscriber_id FROM telegram_group_member
        WHERE chat_id = $1 AND subscriber_id = ANY($2::uuid[]) AND status = ANY($3)`,
      [chatId, subscriberIds, IN_GROUP],
    );
    return new Set(found.map((r) => r.subscriber_id));
  }
}
