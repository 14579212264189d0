import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Distribution: events (a published signal or an update to it), the delivery plan/ledger (one row
 * per signal × tier × broadcast channel, or × recipient for email and Telegram DMs), the embedded
 * outbox and leak alerts.
 */
export class Distribution1763800500000 implements MigrationInterface {
  name = 'Distribution1763800500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE distribution_event (
        id bigserial PRIMARY KEY,
        signal_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('signal', 'stop_moved', 'closed')),
        signal jsonb NOT NULL,
        update jsonb,
        event_at timestamptz NOT NULL,
        UNIQUE (signal_id, kind, event_at)
      )`);
    await q.query(`
      CREATE TABLE delivery (
        id bigserial PRIMARY KEY,
        event_id bigint NOT NULL REFERENCES distribution_event(id),
        signal_id text NOT NULL,
        kind text NOT NULL,
        tier text NOT NULL CHECK (tier IN ('premium', 'basic', 'free')),
        channel text NOT NULL,
        recipient text NOT NULL DEFAULT '',
        address text,
        unsubscribe_url text,
        published_at timestamptz NOT NULL,
        promised_at timestamptz NOT NULL,
        job_key text NOT NULL,
        status text NOT NULL DEFAULT 'scheduled'
          CHECK (status IN ('scheduled', 'sending', 'sent', 'dead', 'blocked')),
        attempts integer NOT NULL DEFAULT 0,
        sending_since timestamptz,
        sent_at timestamptz,
        provider_message_id text,
        sent_via text,
        last_error text,
        text text,
        UNIQUE (event_id, tier, channel, recipient)
      )`);
    await q.query(`CREATE INDEX delivery_status_promised ON delivery (status, promised_at)`);
    await q.query(`CREATE INDEX delivery_job_key ON delivery (job_key)`);
    await q.query(`CREATE INDEX delivery_published ON delivery (published_at)`);
    await q.query(`CREATE INDEX delivery_signal ON delivery (signal_id)`);
    await q.query(`
      CREATE TABLE outbox_message (
        id bigserial PRIMARY KEY,
        delivery_id bigint NOT NULL UNIQUE REFERENCES delivery(id),
        channel text NOT NULL,
        tier text NOT NULL,
        recipient text NOT NULL,
        subject text,
        body text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE distribution_alert (
        id bigserial PRIMARY KEY,
        delivery_id bigint REFERENCES delivery(id),
        kind text NOT NULL,
        detail jsonb NOT NULL,
        at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE distribution_alert`);
    await q.query(`DROP TABLE outbox_message`);
    await q.query(`DROP TABLE delivery`);
    await q.query(`DROP TABLE distribution_event`);
  }
}
