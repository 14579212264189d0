/**
 * New York wall-clock reads of an instant without a time-zone lookup per call. The analytics and
 * engine loops read the New York date or offset of every quote; Luxon's zone lookup
 * (Intl.DateTimeFormat.formatToParts) costs microseconds each, thousands of times a step.
 *
 * New York's offset only changes at 02:00 local time, which is a whole UTC hour (07:00 UTC in
 * March, 06:00 UTC in November), so one Luxon lookup per UTC hour is exact; the lookups are kept.
 */
import { DateTime } from 'luxon';
import { NEW_YORK_ZONE } from '../vocabulary/units.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Beyond this many cached hours (about 11 years) the cache starts again. */
const MAX_CACHED = 100_000;

const offsetByUtcHour = new Map<number, number>();
const dateByLocalDay = new Map<number, string>();
const isoMsByText = new Map<string, number>();

/** New York's offset from UTC at the instant, ms (−5 h in winter, −4 h in summer). */
export function newYorkOffsetMs(ms: number): number {
  const hour = Math.floor(ms / HOUR_MS);
  let offset = offsetByUtcHour.get(hour);
  if (offset === undefined) {
    offset = DateTime.fromMillis(hour * HOUR_MS, { zone: NEW_YORK_ZONE }).offset * 60_000;
    if (offsetByUtcHour.size >= MAX_CACHED) offsetByUtcHour.clear();
    offsetByUtcHour.set(hour, offset);
  }
  return offset;
}

/** The instant's New York wall-clock time as if it were UTC ms (for date and time arithmetic). */
export function newYorkLocalMs(ms: number): number {
  return ms + newYorkOffsetMs(ms);
}

/** The New York calendar date of an instant, 'YYYY-MM-DD'. */
export function newYorkDate(ms: number): string {
  const day = Math.floor(newYorkLocalMs(ms) / DAY_MS);
  let date = dateByLocalDay.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dateByLocalDay.size >= MAX_CACHED) dateByLocalDay.clear();
    dateByLocalDay.set(day, date);
  }
  return date;
}

/** The instant of a New York wall-clock time given as UTC ms (not for the hour DST repeats or skips). */
export function newYorkInstantOfLocal(localMs: number): number {
  const guess = localMs - newYorkOffsetMs(localMs);
  return localMs - newYorkOffsetMs(guess);
}

/** The instant New York's day of `ms` began (midnight New York). */
export function newYorkDayStartMs(ms: number): number {
  const local = newYorkLocalMs(ms);
  return newYorkInstantOfLocal(local - (((local % DAY_MS) + DAY_MS) % DAY_MS));
}

/** Milliseconds since New York midnight of the instant. */
export function newYorkMsOfDay(ms: number): number {
  const local = newYorkLocalMs(ms);
  return ((local % DAY_MS) + DAY_MS) % DAY_MS;
}

/**
 * The ECMAScript date-time format in UTC, which Date.parse reads as ISO-8601 does. Days stop at 28
 * (Date.parse rolls 30 February over into March where Luxon refuses it; later days go through
 * Luxon) and hours at 23.
 */
const PLAIN_UTC =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,3})?Z$/;

/**
 * An ISO-8601 instant (with its offset or `Z`; without one it is read as UTC) as ms since the
 * epoch, NaN when it is not one. Other forms than plain UTC (expiry times with an offset) repeat
 * step after step, so each such text is parsed once.
 */
export function isoInstantMs(iso: string): number {
  if (PLAIN_UTC.test(iso)) return Date.parse(iso);
  let ms = isoMsByText.get(iso);
  if (ms === undefined) {
    ms = DateTime.fromISO(iso, { zone: 'utc' }).toMillis();
    if (!Number.isFinite(ms)) ms = NaN;
    if (isoMsByText.size >= MAX_CACHED) isoMsByText.clear();
    isoMsByText.set(iso, ms);
  }
  return ms;
}
