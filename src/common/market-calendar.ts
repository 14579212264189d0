/**
 * NYSE exchange calendar: trading days, regular and early-close sessions, option expiry instants.
 *
 * Full holidays come from `nyse-holidays` (the NYSE rules: New Year's Day with no Friday
 * observance when 1 January is a Saturday, MLK, Washington's Birthday, Good Friday, Memorial Day,
 * Juneteenth from 2022, Independence Day, Labor Day, Thanksgiving, Christmas; Saturday → Friday,
 * Sunday → Monday). Unscheduled closures (national days of mourning, storms) and the 13:00 early
 * closes are added here, because the package does not carry them.
 *
 * Dates are New York calendar dates as 'YYYY-MM-DD'; instants are milliseconds since the epoch.
 * Every function also takes an instant (number) and reads its New York date.
 */
import { getHolidays } from 'nyse-holidays';
import { DateTime } from 'luxon';
import { NEW_YORK_ZONE } from '../vocabulary/units.js';
import { newYorkDate, newYorkLocalMs, newYorkMsOfDay } from './new-york-time.js';

/** A New York calendar date 'YYYY-MM-DD', or an instant in ms since the epoch. */
export type DateLike = string | number;

export interface TradingSession {
  /** New York date, 'YYYY-MM-DD'. */
  date: string;
  /** 09:30 New York, UTC ms. */
  openAt: number;
  /** 16:00 New York (13:00 on an early-close day), UTC ms. */
  closeAt: number;
  /** True on the 13:00 early-close days. */
  halfDay: boolean;
}

/**
 * Closures NYSE announced outside its yearly holiday calendar. The 2025-01-09 closure honoured
 * President Carter (national day of mourning); the older ones are kept so backfills of past
 * years see the exchange closed.
 */
const SPECIAL_CLOSURES: Readonly<Record<string, string>> = {
  '2001-09-11': 'September 11 attacks',
  '2001-09-12': 'September 11 attacks',
  '2001-09-13': 'September 11 attacks',
  '2001-09-14': 'September 11 attacks',
  '2004-06-11': 'National day of mourning (President Reagan)',
  '2007-01-02': 'National day of mourning (President Ford)',
  '2012-10-29': 'Hurricane Sandy',
  '2012-10-30': 'Hurricane Sandy',
  '2018-12-05': 'National day of mourning (President G. H. W. Bush)',
  '2025-01-09': 'National day of mourning (President Carter)',
};

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const holidaysByYear = new Map<number, Map<string, string>>();

function holidaysOf(year: number): Map<string, string> {
  let map = holidaysByYear.get(year);
  if (!map) {
    map = new Map();
    for (const h of getHolidays(year)) map.set(h.dateString, h.name);
    for (const [date, name] of Object.entries(SPECIAL_CLOSURES)) {
      if (date.startsWith(`${year}-`)) map.set(date, name);
    }
    holidaysByYear.set(year, map);
  }
  return map;
}

/** The New York calendar date of an instant, 'YYYY-MM-DD'. */
export function nyDate(ms: number): string {
  return newYorkDate(ms);
}

/** The New York wall-clock time of an instant, 'HH:mm:ss'. */
export function nyTime(ms: number): string {
  return new Date(newYorkLocalMs(ms)).toISOString().slice(11, 19);
}

/** Minutes since New York midnight of an instant (09:30 → 570), with fractions. */
export function nyMinutes(ms: number): number {
  return newYorkMsOfDay(ms) / 60_000;
}

/** The instant of a New York wall-clock time on a New York date ('HH:mm' or 'HH:mm:ss'). */
export function nyInstant(date: DateLike, time: string): number {
  const d = toDate(date);
  const m = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  if (!m) throw new Error(`invalid New York time '${time}', expected HH:mm or HH:mm:ss`);
  const [y, mo, da] = d.split('-').map(Number);
  return DateTime.fromObject(
    {
      year: y,
      month: mo,
      day: da,
      hour: Number(m[1]),
      minute: Number(m[2]),
      second: Number(m[3] ?? 0),
    },
    { zone: NEW_YORK_ZONE },
  ).toMillis();
}

/** Normalises a DateLike to a validated 'YYYY-MM-DD'; throws a clear error on bad input. */
export function toDate(date: DateLike): string {
  if (typeof date === 'number') {
    if (!Number.isFinite(date)) throw new Error(`invalid instant ${date}`);
    return nyDate(date);
  }
  const m = DATE_RE.exec(date);
  if (!m) throw new Error(`invalid date '${date}', expected YYYY-MM-DD`);
  // A calendar date round-trips through UTC unchanged only when it exists (no 30 February).
  const check = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (check.toISOString().slice(0, 10) !== date) throw new Error(`invalid date '${date}'`);
  return date;
}

function weekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  // 1 = Monday … 7 = Sunday (ISO), computed in UTC since only the calendar date matters.
  const dow = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return dow === 0 ? 7 : dow;
}

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return t.toISOString().slice(0, 10);
}

/** The holiday's name when NYSE is closed for a holiday on that date, else null. */
export function holidayName(date: DateLike): string | null {
  const d = toDate(date);
  return holidaysOf(Number(d.slice(0, 4))).get(d) ?? null;
}

/** True on weekdays that are not NYSE holidays or special closures. */
export function isTradingDay(date: DateLike): boolean {
  const d = toDate(date);
  return weekday(d) <= 5 && holidayName(d) === null;
}

/**
 * True on the 13:00 early-close days: 3 July when it is a trading day (the day before
 * Independence Day), the day after Thanksgiving, and 24 December when it is a trading day.
 */
export function isEarlyClose(date: DateLike): boolean {
  const d = toDate(date);
  if (!isTradingDay(d)) return false;
  const md = d.slice(5);
  if (md === '07-03' || md === '12-24') return true;
  // Thanksgiving is the fourth Thursday of November: the Friday after it falls on 23–29 Nov.
  if (d.slice(5, 7) === '11' && weekday(d) === 5) {
    const day = Number(d.slice(8));
    return day >= 23 && day <= 29;
  }
  return false;
}

const sessionsByDate = new Map<string, Readonly<TradingSession> | null>();

/** The regular session of a trading day, or null when the exchange is closed. */
export function sessionFor(date: DateLike): Readonly<TradingSession> | null {
  const d = toDate(date);
  // Engines ask for the session of every step: each date's is worked out once.
  let session = sessionsByDate.get(d);
  if (session === undefined) {
    session = isTradingDay(d) ? sessionOf(d) : null;
    if (sessionsByDate.size >= 20_000) sessionsByDate.clear();
    sessionsByDate.set(d, session);
  }
  return session;
}

function sessionOf(d: string): Readonly<TradingSession> {
  const halfDay = isEarlyClose(d);
  return Object.freeze({
    date: d,
    openAt: nyInstant(d, '09:30'),
    closeAt: nyInstant(d, halfDay ? '13:00' : '16:00'),
    halfDay,
  });
}

/** True when the instant falls inside a regular session [open, close). */
export function isMarketOpen(ms: number): boolean {
  const s = sessionFor(ms);
  return s !== null && ms >= s.openAt && ms < s.closeAt;
}

/** The first trading day strictly after the date. */
export function nextTradingDay(date: DateLike): string {
  let d = toDate(date);
  do d = addDays(d, 1);
  while (!isTradingDay(d));
  return d;
}

/** The last trading day strictly before the date. */
export function previousTradingDay(date: DateLike): string {
  let d = toDate(date);
  do d = addDays(d, -1);
  while (!isTradingDay(d));
  return d;
}

/** Trading days from `from` to `to`, both inclusive. */
export function tradingDaysBetween(from: DateLike, to: DateLike): string[] {
  const end = toDate(to);
  const out: string[] = [];
  for (let d = toDate(from); d <= end; d = addDays(d, 1)) if (isTradingDay(d)) out.push(d);
  return out;
}

/**
 * The settlement instant of an option expiring on a trading day. PM-settled options (SPXW,
 * equities, ETFs) expire at the close: 16:00, or 13:00 on an early-close day. AM-settled SPX
 * monthlies settle on the opening prints, so their instant is 09:30. Throws on a non-trading day.
 */
export function optionExpiryInstant(date: DateLike, settlement: 'AM' | 'PM' = 'PM'): number {
  const s = sessionFor(date);
  if (!s) throw new Error(`no option expires on ${toDate(date)}: NYSE is closed`);
  return settlement === 'AM' ? s.openAt : s.closeAt;
}

/** The third Friday of a month (standard monthly expiry), moved to the Thursday before on a holiday. */
export function monthlyExpiry(year: number, month: number): string {
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  const offset = (5 - weekday(first) + 7) % 7;
  const third = addDays(first, offset + 14);
  return isTradingDay(third) ? third : previousTradingDay(third);
}
