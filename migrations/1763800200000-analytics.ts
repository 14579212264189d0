import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One summary row per symbol and New York trading date: the day's spot OHLC, ATM IV (30-day
 * constant maturity), realised vol, net GEX, options volume and the vol-forecast state after the
 * day. IV rank/percentile and realised-vol history read the last 52 weeks of these rows.
 */
export class Analytics1763800200000 implements MigrationInterface {
  name = 'Analytics1763800200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE analytics_daily (
        symbol text NOT NULL,
        trade_date date NOT NULL,
        atm_iv double precision,
        open double precision NOT NULL,
        high double precision NOT NULL,
        low double precision NOT NULL,
        close double precision NOT NULL,
        realized_vol double precision,
        net_gex double precision,
        options_volume double precision,
        forecast_ewma double precision,
        forecast_mse double precision,
        forecast_observations integer NOT NULL DEFAULT 0,
        snapshot_id text NOT NULL,
        as_of timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (symbol, trade_date)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE analytics_daily`);
  }
}
