import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Admin users with roles (admin / editor / viewer, argon2 password hashes), portal sessions
 * that belong to a user (listed and revocable per user), the audit log of every admin action,
 * and the operator controls (halt, paper-only, manual mode, taper, strategy switches) that the
 * engine reads every second. Sessions of the old shared password are ended.
 */
export class AdminAccess1765000300000 implements MigrationInterface {
  name = 'AdminAccess1765000300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE admin_user (
        id bigserial PRIMARY KEY,
        email text NOT NULL UNIQUE,
        role text NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL,
        disabled_at timestamptz
      )`);
    await q.query(`DELETE FROM admin_session`);
    await q.query(`
      ALTER TABLE admin_session
        ADD COLUMN user_id bigint NOT NULL REFERENCES admin_user (id) ON DELETE CASCADE,
        ADD COLUMN last_seen_at timestamptz,
        ADD COLUMN ip text,
        ADD COLUMN user_agent text`);
    await q.query(`CREATE INDEX admin_session_user ON admin_session (user_id)`);
    await q.query(`
      CREATE TABLE admin_audit (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        target text,
        before jsonb,
        after jsonb
      )`);
    await q.query(`CREATE INDEX admin_audit_at ON admin_audit (at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE operator_control (
        key text PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL,
        updated_by text NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE operator_control`);
    await q.query(`DROP TABLE admin_audit`);
    await q.query(`DROP INDEX admin_session_user`);
    await q.query(`
      ALTER TABLE admin_session
        DROP COLUMN user_agent, DROP COLUMN ip, DROP COLUMN last_seen_at, DROP COLUMN user_id`);
    await q.query(`DROP TABLE admin_user`);
  }
}
