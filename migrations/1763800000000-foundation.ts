import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Market-data storage: raw payload archive, anomalies, feed heartbeats. */
export class Foundation1763800000000 implements MigrationInterface {
  name = 'Foundation1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE raw_payload (
        id bigserial PRIMARY KEY,
        source text NOT NULL,
        symbol text NOT NULL,
        kind text NOT NULL,
        fetched_at timestamptz NOT NULL,
        sha256 char(64) NOT NULL,
        bytes integer NOT NULL,
        body_gzip bytea NOT NULL
      )`);
    await q.query(`CREATE INDEX raw_payload_symbol_fetched ON raw_payload (symbol, fetched_at)`);
    await q.query(`
      CREATE TABLE ingest_anomaly (
        id bigserial PRIMARY KEY,
        source text NOT NULL,
        symbol text,
        at timestamptz NOT NULL,
        reason text NOT NULL,
        path text,
        detail jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await q.query(`
      CREATE TABLE feed_heartbeat (
        feed text PRIMARY KEY,
        last_beat_at timestamptz NOT NULL,
        detail jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE feed_heartbeat`);
    await q.query(`DROP TABLE ingest_anomaly`);
    await q.query(`DROP TABLE raw_payload`);
  }
}
