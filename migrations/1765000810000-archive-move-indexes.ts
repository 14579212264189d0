import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Moving a day of deliveries to the archive: deleting a delivery row makes PostgreSQL check the
 * alerts that reference it, which without an index reads the whole distribution_alert table per
 * row. The archive's copies of the delivery queue's own indexes (status and promised time, job
 * key) serve no archive read and only slow each move, so they are dropped.
 */
export class ArchiveMoveIndexes1765000810000 implements MigrationInterface {
  name = 'ArchiveMoveIndexes1765000810000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX IF NOT EXISTS distribution_alert_delivery ON distribution_alert (delivery_id)`,
    );
    const unused = (await q.query(
      `SELECT indexname FROM pg_indexes
        WHERE schemaname = current_schema() AND tablename = 'archive_delivery'
          AND (indexdef LIKE '%(status, promised_at)%' OR indexdef LIKE '%(job_key)%')`,
    )) as { indexname: string }[];
    for (const { indexname } of unused) await q.query(`DROP INDEX "${indexname}"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ON archive_delivery (status, promised_at)`);
    await q.query(`CREATE INDEX ON archive_delivery (job_key)`);
    await q.query(`DROP INDEX distribution_alert_delivery`);
  }
}
