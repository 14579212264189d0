/**
 * The snapshot's volatility view from the daily history: IV rank and percentile of today's ATM IV,
 * realised volatility (close-to-close, Parkinson, Yang–Zhang) and the implied-minus-realised
 * forecast; it also writes today's figures into the day's row.
 */
import type { AnalyticsSnapshot } from '../../analytics-snapshot.js';
import { VolSpreadForecaster } from '../../forecast/vol-forecast.js';
import { ivRankAndPercentile } from '../../metrics/chain-metrics.js';
import {
  closeToCloseVol,
  parkinsonVol,
  yangZhangVol,
  type OhlcBar,
} from '../../metrics/historical-volatility.js';
import type { DailySummary, EngineOptions } from '../engine-types.js';
import { HISTORY_DAYS, type SymbolState } from '../symbol-state.js';
import { EMPTY_FORECAST } from './daily-row.js';

/** Fewer daily bars than this (today's partial one included) say nothing about vol. */
const MIN_RV_DAYS = 5;

export type VolatilitySection = Pick<
  AnalyticsSnapshot,
  'ivRank' | 'ivPercentile' | 'realizedVol' | 'volForecast'
> & {
  /** Past days with an ATM IV behind the rank (the regime's confidence in it). */
  ivHistoryDays: number;
};

/** Today's chain figures the section needs and records in the day's row. */
export interface TodayFigures {
  atmIv: number | null;
  netGex: number;
  optionsVolume: number;
}

export function volatilitySection(
  s: SymbolState,
  options: Pick<EngineOptions, 'realizedVolDays' | 'volForecastLambda'>,
  today: DailySummary,
  figures: TodayFigures,
): VolatilitySection {
  const { atmIv } = figures;
  const past = s.history.filter((d) => d.date < today.date);
  const ivHistory = past
    .slice(-HISTORY_DAYS)
    .map((d) => d.atmIv)
    .filter((v): v is number => v !== null && Number.isFinite(v) && v > 0);
  const rank = ivRankAndPercentile(atmIv, ivHistory);
  const dailyBars: OhlcBar[] = [...past, today].slice(-(options.realizedVolDays + 1));
  const enoughDays = dailyBars.length >= MIN_RV_DAYS;
  const realizedVol = {
    closeToClose: enoughDays ? closeToCloseVol(dailyBars.map((d) => d.close)) : null,
    parkinson: enoughDays ? parkinsonVol(dailyBars.slice(-options.realizedVolDays)) : null,
    yangZhang: enoughDays ? yangZhangVol(dailyBars) : null,
  };
  const baseForecast = past.length > 0 ? past[past.length - 1].forecast : EMPTY_FORECAST;
  const forecaster = new VolSpreadForecaster(options.volForecastLambda, baseForecast);
  const volForecast =
    atmIv !== null && realizedVol.closeToClose !== null
      ? forecaster.update(atmIv, realizedVol.closeToClose)
      : null;
  today.atmIv = atmIv;
  today.realizedVol = realizedVol.closeToClose;
  today.netGex = figures.netGex;
  today.optionsVolume = figures.optionsVolume;
  today.forecast = volForecast ? forecaster.snapshot() : { ...baseForecast };
  return {
    ivRank: rank.rank,
    ivPercentile: rank.percentile,
    realizedVol,
    volForecast,
    ivHistoryDays: ivHistory.length,
  };
}
