import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS_BEFORE = `'signal', 'stop_moved', 'closed', 'digest', 'report', 'narrative'`;

/**
 * Operator alerts go through the delivery pipeline (distribution event kind 'operator_alert': a
 * ledger row per operators' channel, retried and dead-lettered like any delivery), and the
 * manual-mode queue lives in PostgreSQL (manual_candidate), so any process lists and decides it
 * and the engine picks decisions up.
 */
export class OperatorAlertsManualQueue1765001000000 implements MigrationInterface {
  name = 'OperatorAlertsManualQueue1765001000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE distribution_event DROP CONSTRAINT distribution_event_kind_check`);
    await q.query(`
      ALTER TABLE distribution_event ADD CONSTRAINT distribution_event_kind_check
        CHECK (kind IN (${KINDS_BEFORE}, 'operator_alert'))`);
    await q.query(`
      CREATE TABLE manual_candidate (
        seq bigserial PRIMARY KEY,
        strategy text NOT NULL,
        symbol text NOT NULL,
        verdict jsonb NOT NULL,
        queued_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'approved', 'rejected', 'executing', 'executed', 'failed')),
        decided_by text,
        decided_at timestamptz,
        signal_id text
      )`);
    await q.query(
      `CREATE INDEX manual_candidate_open ON manual_candidate (status, expires_at)
        WHERE status IN ('pending', 'approved')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE manual_candidate`);
    await q.query(`DELETE FROM delivery WHERE kind = 'operator_alert'`);
    await q.query(`DELETE FROM distribution_event WHERE kind = 'operator_alert'`);
    await q.query(`ALTER TABLE distribution_event DROP CONSTRAINT distribution_event_kind_check`);
    await q.query(`
      ALTER TABLE distribution_event ADD CONSTRAINT distribution_event_kind_check
        CHECK (kind IN (${KINDS_BEFORE}))`);
  }
}
