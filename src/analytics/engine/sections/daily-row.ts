/**
 * The day's summary row of a symbol: rolled over when the New York date changes (yesterday's row
 * joins the history), continued from storage after a restart, and detached for a late chain of a
 * day already closed here.
 */
import type { VolForecastState } from '../../forecast/vol-forecast.js';
import type { DailySummary } from '../engine-types.js';
import { HISTORY_DAYS, type SymbolState } from '../symbol-state.js';

export const EMPTY_FORECAST: VolForecastState = { ewma: null, mse: null, observations: 0 };

/** The chain's quote identity the day's row records. */
export interface DayQuote {
  symbol: string;
  /** YYYY-MM-DD, New York. */
  date: string;
  spot: number;
  asOfMs: number;
  snapshotId: string;
}

/** The row of the chain's day; `late` when that day is already closed here (the row is a copy). */
export function rollDay(s: SymbolState, quote: DayQuote): { row: DailySummary; late: boolean } {
  const { date, spot, asOfMs, snapshotId } = quote;
  if (s.today && date < s.today.date) {
    // A late chain of an earlier day: analysed against that day's stored row (or a detached
    // one), but the live day and the history are left alone.
    const stored = s.history.find((d) => d.date === date);
    const row: DailySummary = stored
      ? { ...stored, forecast: { ...stored.forecast } }
      : newDay(quote);
    return { row, late: true };
  }
  if (s.today && s.today.date !== date) {
    s.history.push(s.today);
    if (s.history.length > HISTORY_DAYS + 1) s.history.shift();
    s.today = null;
  }
  if (!s.today) {
    // A restart mid-day continues the day's row loaded from storage.
    const stored = s.history.find((d) => d.date === date);
    s.history = s.history.filter((d) => d.date !== date);
    s.today = stored ? { ...stored } : newDay(quote);
  }
  const t = s.today;
  t.high = Math.max(t.high, spot);
  t.low = Math.min(t.low, spot);
  t.close = spot;
  t.snapshotId = snapshotId;
  t.asOf = asOfMs;
  return { row: t, late: false };
}

function newDay({ symbol, date, spot, asOfMs, snapshotId }: DayQuote): DailySummary {
  return {
    symbol,
    date,
    atmIv: null,
    open: spot,
    high: spot,
    low: spot,
    close: spot,
    realizedVol: null,
    netGex: null,
    optionsVolume: null,
    forecast: { ...EMPTY_FORECAST },
    snapshotId,
    asOf: asOfMs,
  };
}
