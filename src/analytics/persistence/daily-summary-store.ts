/**
 * The analytics_daily table: one summary row per symbol and New York trading date (migration
 * 1763800200000-analytics). Plain SQL through the DataSource; upserts are idempotent.
 */
import type { DataSource } from 'typeorm';
import type { DailySummary } from '../engine/engine-types.js';

interface DailyRow {
  symbol: string;
  trade_date: string;
  atm_iv: number | null;
  open: number;
  high: number;
  low: number;
  close: number;
  realized_vol: number | null;
  net_gex: number | null;
  options_volume: number | null;
  forecast_ewma: number | null;
  forecast_mse: number | null;
  forecast_observations: number;
  snapshot_id: string;
  as_of_ms: string | number;
}

export class DailySummaryStore {
  constructor(private readonly dataSource: DataSource) {}

  async upsert(row: DailySummary, updatedAtMs: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO analytics_daily (symbol, trade_date, atm_iv, open, high, low, close, realized_vol,
         net_gex, options_volume, forecast_ewma, forecast_mse, forecast_observations, snapshot_id,
         as_of, updated_at)
       VALUES ($1, $2::date, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
         to_timestamp($15::double precision / 1000), to_timestamp($16::double precision / 1000))
       ON CONFLICT (symbol, trade_date) DO UPDATE SET
         atm_iv = EXCLUDED.atm_iv, open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low,
         close = EXCLUDED.close, realized_vol = EXCLUDED.realized_vol, net_gex = EXCLUDED.net_gex,
         options_volume = EXCLUDED.options_volume, forecast_ewma = EXCLUDED.forecast_ewma,
         forecast_mse = EXCLUDED.forecast_mse,
         forecast_observations = EXCLUDED.forecast_observations,
         snapshot_id = EXCLUDED.snapshot_id, as_of = EXCLUDED.as_of, updated_at = EXCLUDED.updated_at`,
      [
        row.symbol,
        row.date,
        row.atmIv,
        row.open,
        row.high,
        row.low,
        row.close,
        row.realizedVol,
        row.netGex,
        row.optionsVolume,
        row.forecast.ewma,
        row.forecast.mse,
        row.forecast.observations,
        row.snapshotId,
        row.asOf,
        updatedAtMs,
      ],
    );
  }

  /** The symbol's last `limit` rows up to and including `throughDate`, oldest first. */
  async recent(symbol: string, throughDate: string, limit = 400): Promise<DailySummary[]> {
    const rows = (await this.dataSource.query(
      `SELECT symbol, to_char(trade_date, 'YYYY-MM-DD') AS trade_date, atm_iv, open, high, low, close,
              realized_vol, net_gex, options_volume, forecast_ewma, forecast_mse,
              forecast_observations, snapshot_id,
              (extract(epoch from as_of) * 1000)::bigint AS as_of_ms
         FROM analytics_daily
        WHERE symbol = $1 AND trade_date <= $2::date
        ORDER BY trade_date DESC
        LIMIT $3`,
      [symbol, throughDate, limit],
    )) as DailyRow[];
    return rows.reverse().map((r) => ({
      symbol: r.symbol,
      date: r.trade_date,
      atmIv: r.atm_iv,
      open: r.open,
      high: r.high,
      low: r.low,
      close: r.close,
      realizedVol: r.realized_vol,
      netGex: r.net_gex,
      optionsVolume: r.options_volume,
      forecast: {
        ewma: r.forecast_ewma,
        mse: r.forecast_mse,
        observations: r.forecast_observations,
      },
      snapshotId: r.snapshot_id,
      asOf: Number(r.as_of_ms),
    }));
  }
}
