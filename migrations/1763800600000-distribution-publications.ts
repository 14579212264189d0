import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Durable intake of distribution: every published signal and follow-up is written here first and
 * replayed until its delivery plan is committed, so a failed plan delays a signal instead of
 * losing it.
 */
export class DistributionPublications1763800600000 implements MigrationInterface {
  name = 'DistributionPublications1763800600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE distribution_publication (
        id bigserial PRIMARY KEY,
        signal_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('signal', 'stop_moved', 'closed')),
        payload jsonb NOT NULL,
        event_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        planned_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        UNIQUE (signal_id, kind, event_at)
      )`);
    await q.query(
      `CREATE INDEX distribution_publication_unplanned ON distribution_publication (event_at, id)
        WHERE planned_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE distribution_publication`);
  }
}
