import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the portal finds a subscriber by besides the email and the Stripe customer: a display
 * name and the Telegram and Discord handles (usernames) the subscriber linked with. All
 * optional; searched case-insensitively.
 */
export class SubscriberHandles1765000400000 implements MigrationInterface {
  name = 'SubscriberHandles1765000400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE subscriber
        ADD COLUMN display_name text,
        ADD COLUMN telegram_username text,
        ADD COLUMN discord_username text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE subscriber
        DROP COLUMN display_name,
        DROP COLUMN telegram_username,
        DROP COLUMN discord_username`);
  }
}
