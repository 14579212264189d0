import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which subscribers are in which tier's Telegram group, from the bot's chat member updates, so a
 * group member is not also sent the same signal by DM (unless they asked for DMs). Rows go with
 * the subscriber when the subscriber is deleted.
 */
export class TelegramGroupMembers1765000600000 implements MigrationInterface {
  name = 'TelegramGroupMembers1765000600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE telegram_group_member (
        subscriber_id uuid NOT NULL REFERENCES subscriber (id) ON DELETE CASCADE,
        chat_id text NOT NULL,
        status text NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (subscriber_id, chat_id)
      )`);
    await q.query(`CREATE INDEX telegram_group_member_chat ON telegram_group_member (chat_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE telegram_group_member`);
  }
}
