import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Subscriber web sessions (/account) and their single-use emailed sign-in links. Only SHA-256
 * hashes of the cookie and link tokens are stored, so a leaked row cannot be replayed. Sessions
 * belong to a subscriber and go with them when the subscriber is deleted.
 */
export class AccountSessions1765000500000 implements MigrationInterface {
  name = 'AccountSessions1765000500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE account_session (
        token_hash text PRIMARY KEY,
        subscriber_id uuid NOT NULL REFERENCES subscriber (id) ON DELETE CASCADE,
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX account_session_subscriber ON account_session (subscriber_id)`);
    await q.query(`CREATE INDEX account_session_expires ON account_session (expires_at)`);
    await q.query(`
      CREATE TABLE account_login_link (
        token_hash text PRIMARY KEY,
        subscriber_id uuid NOT NULL REFERENCES subscriber (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await q.query(`CREATE INDEX account_login_link_expires ON account_login_link (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE account_login_link`);
    await q.query(`DROP TABLE account_session`);
  }
}
