import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Digest emails are delivery events of their own (kind 'digest', one per New York trading day and
 * tier), planned as delivery rows like every signal: exactly once, never early, across restarts.
 */
export class DistributionDigests1764990500000 implements MigrationInterface {
  name = 'DistributionDigests1764990500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE distribution_event DROP CONSTRAINT distribution_event_kind_check`);
    await q.query(`
      ALTER TABLE distribution_event ADD CONSTRAINT distribution_event_kind_check
        CHECK (kind IN ('signal', 'stop_moved', 'closed', 'digest'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM delivery WHERE kind = 'digest'`);
    await q.query(`DELETE FROM distribution_event WHERE kind = 'digest'`);
    await q.query(`ALTER TABLE distribution_event DROP CONSTRAINT distribution_event_kind_check`);
    await q.query(`
      ALTER TABLE distribution_event ADD CONSTRAINT distribution_event_kind_check
        CHECK (kind IN ('signal', 'stop_moved', 'closed'))`);
  }
}
