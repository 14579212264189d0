import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The hot tables whose rows older than ARCHIVE_HOT_DAYS move to an archive table of their own. */
const MIRRORED = [
  'engine_signal',
  'engine_risk_verdict',
  'engine_position',
  'engine_fill',
  'overseer_alert',
  'distribution_event',
  'delivery',
  'outbox_message',
  'distribution_alert',
];

/** Archive tables whose hot table has no index on the column that places a row in a day. */
const TIME_INDEXES = [
  ['engine_fill', 'at'],
  ['engine_position', 'updated_at'],
  ['distribution_event', 'event_at'],
  ['outbox_message', 'created_at'],
  ['distribution_alert', 'at'],
];

/**
 * The compliance archive: an archive_<table> per hot table (same columns, keys and indexes, no
 * foreign keys: rows move in whole days, children with their parents), and the pseudonym each
 * subscriber has in the archive's files. Deleting a subscriber rewrites their rows to that
 * pseudonym and deletes the pairing, so the files (which only ever held the pseudonym) stay
 * valid and can no longer be linked to the person.
 */
export class ComplianceArchive1765000800000 implements MigrationInterface {
  name = 'ComplianceArchive1765000800000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of MIRRORED)
      await q.query(`CREATE TABLE archive_${table} (LIKE ${table} INCLUDING INDEXES)`);
    // A day's export and the retention purge find archived rows by time.
    for (const [table, column] of TIME_INDEXES)
      await q.query(`CREATE INDEX archive_${table}_${column} ON archive_${table} (${column})`);
    // Erasing a subscriber finds their archived deliveries without reading years of rows.
    await q.query(
      `CREATE INDEX archive_delivery_recipient ON archive_delivery (recipient) WHERE recipient <> ''`,
    );
    await q.query(`
      CREATE TABLE archive_pseudonym (
        subscriber_id text PRIMARY KEY,
        pseudonym text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE archive_pseudonym`);
    for (const table of [...MIRRORED].reverse()) await q.query(`DROP TABLE archive_${table}`);
  }
}
