import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Subscriber access: API keys for the analytics API (only a SHA-256 of each key is stored, with
 * its visible prefix) and a token version per subscriber that manage tokens carry, so logging out
 * or revoking invalidates every manage token issued before.
 */
export class SubscriberAccess1764903600000 implements MigrationInterface {
  name = 'SubscriberAccess1764903600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE subscriber ADD COLUMN token_version integer NOT NULL DEFAULT 0`);
    await q.query(`
      CREATE TABLE subscriber_api_key (
        id uuid PRIMARY KEY,
        subscriber_id uuid NOT NULL REFERENCES subscriber (id) ON DELETE CASCADE,
        name text NOT NULL,
        prefix text NOT NULL,
        key_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL,
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX subscriber_api_key_subscriber ON subscriber_api_key (subscriber_id, created_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE subscriber_api_key`);
    await q.query(`ALTER TABLE subscriber DROP COLUMN token_version`);
  }
}
