import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Admin portal sessions and failed-login counters in the database, so every API process sees
 * the same sessions (a logout ends the session everywhere) and the same login lockouts.
 */
export class AdminSessions1764950000000 implements MigrationInterface {
  name = 'AdminSessions1764950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE admin_session (
        token_hash text PRIMARY KEY,
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX admin_session_expires ON admin_session (expires_at)`);
    await q.query(`
      CREATE TABLE admin_login_failure (
        key text PRIMARY KEY,
        failures integer NOT NULL,
        last_failure_at timestamptz NOT NULL,
        locked_until timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE admin_login_failure`);
    await q.query(`DROP TABLE admin_session`);
  }
}
