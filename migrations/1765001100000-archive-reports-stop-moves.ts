import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The report tables whose settled rows move to an archive table of their own, parents first. */
const REPORT_TABLES = ['report', 'report_rendition', 'report_review', 'report_review_event'];

/**
 * Two gaps of the compliance archive. Reports older than ARCHIVE_HOT_DAYS move like the other
 * tables, so each report table gets its archive_ mirror (same columns, keys and indexes, no
 * foreign keys: a report moves with its renditions and review in one transaction). And the
 * engine keeps each signal's stop moves (`stop_moves`, oldest first), so a stop-move entry of
 * the track-record chain lost in a crash can be rebuilt from what the engine stored.
 */
export class ArchiveReportsStopMoves1765001100000 implements MigrationInterface {
  name = 'ArchiveReportsStopMoves1765001100000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of REPORT_TABLES)
      await q.query(`CREATE TABLE archive_${table} (LIKE ${table} INCLUDING INDEXES)`);
    // A day's export and the retention purge find archived reports by the time they were made.
    await q.query(`CREATE INDEX archive_report_generated_at ON archive_report (generated_at)`);
    for (const table of ['engine_signal', 'archive_engine_signal'])
      await q.query(`ALTER TABLE ${table} ADD COLUMN stop_moves jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['engine_signal', 'archive_engine_signal'])
      await q.query(`ALTER TABLE ${table} DROP COLUMN stop_moves`);
    for (const table of [...REPORT_TABLES].reverse()) await q.query(`DROP TABLE archive_${table}`);
  }
}
