/**
 * The archive's days: New York calendar dates and the UTC window each covers (a row belongs to
 * the New York day of its time). DST days are 23 or 25 hours long.
 */
import { DateTime } from 'luxon';
import { NEW_YORK_ZONE } from '../vocabulary/units.js';

export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export interface DayWindow {
  from: number;
  to: number;
  /** The last date the day must be kept under a retention of `years`. */
  retainUntil(years: number): string;
}

function startOf(date: string): DateTime {
  const d = DateTime.fromISO(date, { zone: NEW_YORK_ZONE });
  if (!DATE_RE.test(date) || !d.isValid) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  return d.startOf('day');
}

export function dayWindow(date: string): DayWindow {
  const start = startOf(date);
  return {
    from: start.toMillis(),
    to: start.plus({ days: 1 }).toMillis(),
    retainUntil: (years) => start.plus({ years }).toISODate()!,
  };
}

export function nyDateOf(ms: number): string {
  return DateTime.fromMillis(ms, { zone: NEW_YORK_ZONE }).toISODate()!;
}

/** The date `days` before (negative: after) a date. */
export function minusDays(date: string, days: number): string {
  return startOf(date).minus({ days }).toISODate()!;
}

/** The date `years` before a date. */
export function minusYears(date: string, years: number): string {
  return startOf(date).minus({ years }).toISODate()!;
}
