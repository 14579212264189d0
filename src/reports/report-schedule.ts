/**
 * When reports run: pre-market 08:30, intraday 13:00 and close 16:10 New York time on trading
 * days. On an early-close day (13:00) the intraday report is skipped and the close runs at 13:10;
 * holidays and weekends have none.
 */
import { DateTime } from 'luxon';
import { isEarlyClose, nyInstant, toDate, tradingDaysBetween } from '../common/market-calendar.js';
import { NEW_YORK_ZONE } from '../vocabulary/units.js';
import type { ReportType } from './report.js';

export interface ScheduledReport {
  /** New York trading date. */
  date: string;
  type: ReportType;
  /** New York time with its offset, e.g. 2026-11-27T13:10:00-05:00. */
  at: string;
  /** New York wall time, 'HH:mm'. */
  time: string;
  /** The same instant, ms since the epoch. */
  atMs: number;
}

const REGULAR: [ReportType, string][] = [
  ['premarket', '08:30'],
  ['intraday', '13:00'],
  ['close', '16:10'],
];
const EARLY_CLOSE: [ReportType, string][] = [
  ['premarket', '08:30'],
  ['close', '13:10'],
];

/** The reports of one New York date (empty when the exchange is closed). */
export function reportsOn(date: string): ScheduledReport[] {
  const d = toDate(date);
  if (tradingDaysBetween(d, d).length === 0) return [];
  return (isEarlyClose(d) ? EARLY_CLOSE : REGULAR).map(([type, time]) => {
    const atMs = nyInstant(d, time);
    return {
      date: d,
      type,
      at: DateTime.fromMillis(atMs, { zone: NEW_YORK_ZONE }).toISO({
        suppressMilliseconds: true,
      }) as string,
      time,
      atMs,
    };
  });
}

/** Every report from `from` to `to` (New York dates, inclusive), in time order. */
export function reportSchedule(from: string, to: string): ScheduledReport[] {
  return tradingDaysBetween(toDate(from), toDate(to)).flatMap(reportsOn);
}

/** When a report of this type runs on this date, or null when it does not run. */
export function scheduledReport(date: string, type: ReportType): ScheduledReport | null {
  return reportsOn(date).find((r) => r.type === type) ?? null;
}
