import { describe, expect, it } from 'vitest';
import {
  holidayName,
  isEarlyClose,
  isMarketOpen,
  isTradingDay,
  monthlyExpiry,
  nextTradingDay,
  nyDate,
  nyInstant,
  nyMinutes,
  nyTime,
  optionExpiryInstant,
  previousTradingDay,
  sessionFor,
  tradingDaysBetween,
} from '../../../src/common/market-calendar.js';

// NYSE Group, "NYSE Group Announces 2025, 2026 and 2027 Holiday and Early Closings Calendar"
// (press release, 8 November 2024), plus the 9 January 2025 closure NYSE announced for the
// national day of mourning for President Carter.
const NYSE_2025 = [
  '2025-01-01',
  '2025-01-09',
  '2025-01-20',
  '2025-02-17',
  '2025-04-18',
  '2025-05-26',
  '2025-06-19',
  '2025-07-04',
  '2025-09-01',
  '2025-11-27',
  '2025-12-25',
];
const NYSE_2026 = [
  '2026-01-01',
  '2026-01-19',
  '2026-02-16',
  '2026-04-03',
  '2026-05-25',
  '2026-06-19',
  '2026-07-03',
  '2026-09-07',
  '2026-11-26',
  '2026-12-25',
];
const NYSE_2027 = [
  '2027-01-01',
  '2027-01-18',
  '2027-02-15',
  '2027-03-26',
  '2027-05-31',
  '2027-06-18',
  '2027-07-05',
  '2027-09-06',
  '2027-11-25',
  '2027-12-24',
];
const EARLY_CLOSES = {
  2025: ['2025-07-03', '2025-11-28', '2025-12-24'],
  2026: ['2026-11-27', '2026-12-24'],
  2027: ['2027-11-26'],
};

function weekdaysClosed(year: number): string[] {
  const out: string[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
    const d = new Date(t);
    const dow = d.getUTCDay();
    const iso = d.toISOString().slice(0, 10);
    if (dow !== 0 && dow !== 6 && !isTradingDay(iso)) out.push(iso);
  }
  return out;
}

function earlyCloses(year: number): string[] {
  const out: string[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
    const iso = new Date(t).toISOString().slice(0, 10);
    if (isEarlyClose(iso)) out.push(iso);
  }
  return out;
}

describe('market calendar', () => {
  it('closes on exactly the published NYSE holidays for 2025, 2026 and 2027', () => {
    expect(weekdaysClosed(2025)).toEqual(NYSE_2025);
    expect(weekdaysClosed(2026)).toEqual(NYSE_2026);
    expect(weekdaysClosed(2027)).toEqual(NYSE_2027);
  });

  it('closes early on exactly the published 13:00 days', () => {
    expect(earlyCloses(2025)).toEqual(EARLY_CLOSES[2025]);
    expect(earlyCloses(2026)).toEqual(EARLY_CLOSES[2026]);
    expect(earlyCloses(2027)).toEqual(EARLY_CLOSES[2027]);
  });

  it('does not observe New Year on the Friday before when 1 January is a Saturday', () => {
    expect(isTradingDay('2021-12-31')).toBe(true);
    expect(isTradingDay('2027-12-31')).toBe(true);
    expect(holidayName('2022-01-03')).toBeNull();
  });

  it('observes Juneteenth only from 2022', () => {
    expect(isTradingDay('2021-06-18')).toBe(true);
    expect(isTradingDay('2022-06-20')).toBe(false);
  });

  it('is closed on weekends', () => {
    expect(isTradingDay('2026-03-07')).toBe(false);
    expect(isTradingDay('2026-03-08')).toBe(false);
    expect(sessionFor('2026-03-07')).toBeNull();
  });

  it('gives session instants in New York time across daylight saving', () => {
    const winter = sessionFor('2026-03-06')!;
    expect(new Date(winter.openAt).toISOString()).toBe('2026-03-06T14:30:00.000Z');
    expect(new Date(winter.closeAt).toISOString()).toBe('2026-03-06T21:00:00.000Z');
    const summer = sessionFor('2026-03-09')!;
    expect(new Date(summer.openAt).toISOString()).toBe('2026-03-09T13:30:00.000Z');
    expect(summer.halfDay).toBe(false);
    const half = sessionFor('2026-11-27')!;
    expect(half.halfDay).toBe(true);
    expect(new Date(half.closeAt).toISOString()).toBe('2026-11-27T18:00:00.000Z');
  });

  it('steps over weekends and holidays', () => {
    expect(nextTradingDay('2026-04-02')).toBe('2026-04-06'); // Good Friday
    expect(previousTradingDay('2026-04-06')).toBe('2026-04-02');
    expect(nextTradingDay('2025-12-31')).toBe('2026-01-02');
    expect(previousTradingDay('2025-01-10')).toBe('2025-01-08');
    expect(tradingDaysBetween('2026-03-02', '2026-03-08')).toEqual([
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
    ]);
  });

  it('reads New York dates and times from instants', () => {
    const ms = Date.UTC(2026, 2, 3, 2, 15); // 21:15 on 2 March in New York
    expect(nyDate(ms)).toBe('2026-03-02');
    expect(nyTime(ms)).toBe('21:15:00');
    expect(nyMinutes(nyInstant('2026-03-02', '09:30'))).toBe(570);
    expect(isMarketOpen(nyInstant('2026-03-02', '15:59:59'))).toBe(true);
    expect(isMarketOpen(nyInstant('2026-03-02', '16:00'))).toBe(false);
    expect(isTradingDay(ms)).toBe(true);
  });

  it('gives option expiry instants by settlement style and session', () => {
    expect(new Date(optionExpiryInstant('2026-03-20')).toISOString()).toBe(
      '2026-03-20T20:00:00.000Z',
    );
    expect(new Date(optionExpiryInstant('2026-03-20', 'AM')).toISOString()).toBe(
      '2026-03-20T13:30:00.000Z',
    );
    expect(new Date(optionExpiryInstant('2026-12-24')).toISOString()).toBe(
      '2026-12-24T18:00:00.000Z',
    );
    expect(() => optionExpiryInstant('2026-04-03')).toThrow(/closed/);
  });

  it('puts the monthly expiry on the third Friday, or the Thursday before on a holiday', () => {
    expect(monthlyExpiry(2026, 3)).toBe('2026-03-20');
    expect(monthlyExpiry(2025, 4)).toBe('2025-04-17'); // third Friday is Good Friday
  });

  it('rejects malformed dates with a clear error', () => {
    expect(() => isTradingDay('2026-02-30')).toThrow(/invalid date/);
    expect(() => isTradingDay('03/02/2026')).toThrow(/YYYY-MM-DD/);
    expect(() => nyInstant('2026-03-02', '9:30')).toThrow(/HH:mm/);
  });
});
