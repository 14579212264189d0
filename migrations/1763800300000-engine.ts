import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The engine: signals and their per-day id sequence, risk verdicts, positions, fills, alerts. */
export class Engine1763800300000 implements MigrationInterface {
  name = 'Engine1763800300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE engine_signal_sequence (
        day char(8) PRIMARY KEY,
        last_value integer NOT NULL
      )`);
    await q.query(`
      CREATE TABLE engine_signal (
        id text PRIMARY KEY,
        status text NOT NULL,
        strategy text NOT NULL,
        setup text NOT NULL,
        symbol text NOT NULL,
        direction text NOT NULL,
        candidate jsonb NOT NULL,
        published jsonb,
        explanation jsonb NOT NULL,
        outcome jsonb,
        history jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX engine_signal_created ON engine_signal (created_at)`);
    await q.query(`CREATE INDEX engine_signal_strategy ON engine_signal (strategy, status)`);
    await q.query(`
      CREATE TABLE engine_risk_verdict (
        id bigserial PRIMARY KEY,
        candidate_key text NOT NULL,
        status text NOT NULL,
        strategy text NOT NULL,
        setup text NOT NULL,
        symbol text NOT NULL,
        quantity integer NOT NULL,
        signal_id text,
        checks jsonb NOT NULL,
        rejections jsonb NOT NULL,
        evaluated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX engine_risk_verdict_at ON engine_risk_verdict (evaluated_at)`);
    await q.query(`
      CREATE TABLE engine_position (
        signal_id text PRIMARY KEY,
        status text NOT NULL,
        strategy text NOT NULL,
        symbol text NOT NULL,
        realized_pnl numeric(14,2) NOT NULL,
        opened_at timestamptz,
        closed_at timestamptz,
        updated_at timestamptz NOT NULL,
        data jsonb NOT NULL
      )`);
    await q.query(`
      CREATE TABLE engine_fill (
        id bigserial PRIMARY KEY,
        broker_fill_id text NOT NULL,
        order_id text NOT NULL,
        signal_id text NOT NULL,
        occ_symbol text NOT NULL,
        side text NOT NULL,
        quantity integer NOT NULL,
        price numeric(12,4) NOT NULL,
        reference_price numeric(12,4) NOT NULL,
        slippage double precision NOT NULL,
        kind text NOT NULL,
        client_order_id text NOT NULL,
        at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX engine_fill_signal ON engine_fill (signal_id, at)`);
    await q.query(`
      CREATE TABLE overseer_alert (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        level text NOT NULL,
        kind text NOT NULL,
        action text NOT NULL,
        symbol text,
        strategy text,
        message text NOT NULL,
        context jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await q.query(`CREATE INDEX overseer_alert_at ON overseer_alert (at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE overseer_alert`);
    await q.query(`DROP TABLE engine_fill`);
    await q.query(`DROP TABLE engine_position`);
    await q.query(`DROP TABLE engine_risk_verdict`);
    await q.query(`DROP TABLE engine_signal`);
    await q.query(`DROP TABLE engine_signal_sequence`);
  }
}
