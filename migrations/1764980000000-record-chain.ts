import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The track record: a hash chain of every published signal and follow-up (append-only: a
 * trigger refuses UPDATE, DELETE and TRUNCATE); `payload` is the exact canonical JSON text hashed, and the option quotes of signal legs recorded
 * around publication, so results can be measured at each tier's delivery time.
 */
export class RecordChain1764980000000 implements MigrationInterface {
  name = 'RecordChain1764980000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE record_chain (
        seq bigint PRIMARY KEY CHECK (seq > 0),
        entry_key text NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN ('published', 'stop_moved', 'closed')),
        signal_id text NOT NULL,
        at timestamptz NOT NULL,
        payload text NOT NULL,
        prev_hash char(64) NOT NULL UNIQUE,
        hash char(64) NOT NULL UNIQUE,
        recorded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX record_chain_signal ON record_chain (signal_id)`);
    await q.query(`CREATE INDEX record_chain_at ON record_chain (at)`);
    await q.query(`
      CREATE FUNCTION record_chain_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'record_chain is append-only: % refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await q.query(`
      CREATE TRIGGER record_chain_append_only BEFORE UPDATE OR DELETE ON record_chain
        FOR EACH ROW EXECUTE FUNCTION record_chain_refuse_change()`);
    await q.query(`
      CREATE TRIGGER record_chain_no_truncate BEFORE TRUNCATE ON record_chain
        FOR EACH STATEMENT EXECUTE FUNCTION record_chain_refuse_change()`);
    await q.query(`
      CREATE TABLE record_quote (
        occ_symbol text NOT NULL,
        at timestamptz NOT NULL,
        bid numeric(12,4) NOT NULL,
        ask numeric(12,4) NOT NULL,
        PRIMARY KEY (occ_symbol, at)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE record_quote`);
    await q.query(`DROP TABLE record_chain`);
    await q.query(`DROP FUNCTION record_chain_refuse_change()`);
  }
}
