import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reports kept for compliance: each report (its full Premium content) with what every tier was
 * rendered as (email HTML and text, chat summary, teaser, levels JSON, charts), the QA gate's
 * review of it with every transition, and report deliveries as distribution events of their own
 * (kind 'report', one per report, planned as delivery rows like a signal).
 */
export class Reports1765000200000 implements MigrationInterface {
  name = 'Reports1765000200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report (
        id text PRIMARY KEY,
        date date NOT NULL,
        type text NOT NULL CHECK (type IN ('premarket', 'intraday', 'close')),
        generated_at timestamptz NOT NULL,
        content jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX report_date ON report (date)`);
    await q.query(`
      CREATE TABLE report_rendition (
        report_id text NOT NULL REFERENCES report (id) ON DELETE CASCADE,
        tier text NOT NULL,
        html text NOT NULL,
        text text NOT NULL,
        chat text NOT NULL,
        teaser text,
        levels jsonb NOT NULL,
        tradingview text NOT NULL,
        charts jsonb NOT NULL,
        PRIMARY KEY (report_id, tier)
      )`);
    await q.query(`
      CREATE TABLE report_review (
        report_id text PRIMARY KEY REFERENCES report (id) ON DELETE CASCADE,
        date date NOT NULL,
        type text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'approved', 'held')),
        created_at timestamptz NOT NULL,
        auto_approve_at timestamptz,
        decided_at timestamptz,
        decided_by text,
        note text,
        sent_at timestamptz
      )`);
    await q.query(`CREATE INDEX report_review_date ON report_review (date)`);
    await q.query(`
      CREATE TABLE report_review_event (
        id bigserial PRIMARY KEY,
        report_id text NOT NULL REFERENCES report (id) ON DELETE CASCADE,
        at timestamptz NOT NULL,
        action text NOT NULL,
        by text NOT NULL,
        note text
      )`);
    await q.query(`CREATE INDEX report_review_event_report ON report_review_event (report_id, id)`);
    await q.query(`ALTER TABLE distribution_event DROP CONSTRAINT distribution_event_kind_check`);
    // 'narrative' (a late model narrative, 1765000100000) runs before this one: keep it allowed.
    await q.query(`
      ALTER TABLE distribution_event ADD CONSTRAINT distribution_event_kind_check
        CHECK (kind IN ('signal', 'stop_moved', 'closed', 'digest', 'report', 'narrative'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM delivery WHERE kind = 'report'`);
    await q.query(`DELETE FROM distribution_event WHERE kind = 'report'`);
    await q.query(`ALTER TABLE distribution_event DROP CONSTRAINT distribution_event_kind_check`);
    await q.query(`
      ALTER TABLE distribution_event ADD CONSTRAINT distribution_event_kind_check
        CHECK (kind IN ('signal', 'stop_moved', 'closed', 'digest'))`);
    await q.query(`DROP TABLE report_review_event`);
    await q.query(`DROP TABLE report_review`);
    await q.query(`DROP TABLE report_rendition`);
    await q.query(`DROP TABLE report`);
  }
}
