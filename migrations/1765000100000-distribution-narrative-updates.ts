import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A model's narrative that arrives after its signal went out with the template text is delivered
 * to Premium as a follow-up of its own (distribution event kind 'narrative').
 */
export class DistributionNarrativeUpdates1765000100000 implements MigrationInterface {
  name = 'DistributionNarrativeUpdates1765000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE distribution_event DROP CONSTRAINT distribution_event_kind_check`);
    await q.query(`
      ALTER TABLE distribution_event ADD CONSTRAINT distribution_event_kind_check
        CHECK (kind IN ('signal', 'stop_moved', 'closed', 'digest', 'report', 'narrative'))`);
    await q.query(
      `ALTER TABLE distribution_publication DROP CONSTRAINT distribution_publication_kind_check`,
    );
    await q.query(`
      ALTER TABLE distribution_publication ADD CONSTRAINT distribution_publication_kind_check
        CHECK (kind IN ('signal', 'stop_moved', 'closed', 'narrative'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM distribution_publication WHERE kind = 'narrative'`);
    await q.query(
      `ALTER TABLE distribution_publication DROP CONSTRAINT distribution_publication_kind_check`,
    );
    await q.query(`
      ALTER TABLE distribution_publication ADD CONSTRAINT distribution_publication_kind_check
        CHECK (kind IN ('signal', 'stop_moved', 'closed'))`);
    await q.query(`DELETE FROM delivery WHERE kind = 'narrative'`);
    await q.query(`DELETE FROM distribution_event WHERE kind = 'narrative'`);
    await q.query(`ALTER TABLE distribution_event DROP CONSTRAINT distribution_event_kind_check`);
    await q.query(`
      ALTER TABLE distribution_event ADD CONSTRAINT distribution_event_kind_check
        CHECK (kind IN ('signal', 'stop_moved', 'closed', 'digest', 'report'))`);
  }
}
