import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  isoInstantMs,
  newYorkDate,
  newYorkDayStartMs,
  newYorkInstantOfLocal,
  newYorkMsOfDay,
  newYorkOffsetMs,
} from '../../../src/common/new-york-time.js';

const NY = 'America/New_York';
const luxonOffset = (ms: number): number => DateTime.fromMillis(ms, { zone: NY }).offset * 60_000;

describe('New York time without a zone lookup per call', () => {
  it('agrees with Luxon minute by minute across both 2026 DST changes and a year of hours', () => {
    const edges = [Date.UTC(2026, 2, 8, 5), Date.UTC(2026, 10, 1, 4)]; // the two change nights
    for (const start of edges)
      for (let ms = start; ms < start + 5 * 3_600_000; ms += 60_000) {
        expect(newYorkOffsetMs(ms)).toBe(luxonOffset(ms));
        expect(newYorkDate(ms)).toBe(DateTime.fromMillis(ms, { zone: NY }).toISODate());
      }
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 3_600_000 + 17_000) {
      expect(newYorkOffsetMs(ms)).toBe(luxonOffset(ms));
      const t = DateTime.fromMillis(ms, { zone: NY });
      expect(newYorkMsOfDay(ms)).toBe(
        ms - t.startOf('day').toMillis() + (luxonOffset(ms) - t.startOf('day').offset * 60_000),
      );
      expect(newYorkDayStartMs(ms)).toBe(t.startOf('day').toMillis());
    }
  });

  it('reads 09:30 New York on each side of the March change', () => {
    const local = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d, 9, 30);
    expect(new Date(newYorkInstantOfLocal(local(2026, 3, 6))).toISOString()).toBe(
      '2026-03-06T14:30:00.000Z',
    );
    expect(new Date(newYorkInstantOfLocal(local(2026, 3, 9))).toISOString()).toBe(
      '2026-03-09T13:30:00.000Z',
    );
  });

  it('parses ISO instants as Luxon does, refusing dates that do not exist', () => {
    for (const iso of [
      '2026-03-03T15:00:00Z',
      '2026-03-03T15:00:00.250Z',
      '2026-03-31T20:00:00.000Z',
      '2026-03-03T16:00:00-05:00',
      '2026-03-03T16:00:00',
    ])
      expect(isoInstantMs(iso)).toBe(DateTime.fromISO(iso, { zone: 'utc' }).toMillis());
    expect(isoInstantMs('2026-02-30T10:00:00Z')).toBeNaN();
    expect(isoInstantMs('2026-03-03T24:00:01Z')).toBeNaN();
    expect(isoInstantMs('not a time')).toBeNaN();
  });
});
