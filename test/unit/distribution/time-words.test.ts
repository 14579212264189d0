import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { freshnessStamp, newYorkTime } from '../../../src/distribution/views.js';

/** The same words through Luxon's zone database, as messages were stamped before. */
const byLuxon = (ms: number) => {
  const t = DateTime.fromMillis(ms, { zone: 'America/New_York' });
  return {
    stamp: `Data as of ${t.toFormat('HH:mm:ss')} ET on ${t.toFormat('yyyy-LL-dd')}`,
    time: `${t.toFormat('HH:mm')} ET, ${t.toFormat('ccc LLL d')}`,
  };
};

describe('message time stamps in New York time', () => {
  it('read as Luxon reads them, every 7 min 13 s through 2026 and across both DST changes', () => {
    const start = Date.UTC(2026, 0, 1);
    const end = Date.UTC(2027, 0, 1);
    let checked = 0;
    for (let ms = start; ms < end; ms += 433_000) {
      const want = byLuxon(ms);
      expect(freshnessStamp(ms)).toBe(want.stamp);
      expect(newYorkTime(ms)).toBe(want.time);
      checked++;
    }
    expect(checked).toBeGreaterThan(70_000);
  });

  it('on the minutes around the spring and autumn changes', () => {
    const changes = [Date.UTC(2026, 2, 8, 7), Date.UTC(2026, 10, 1, 6)];
    for (const at of changes) {
      for (let ms = at - 3_600_000; ms <= at + 3_600_000; ms += 1_000) {
        expect(freshnessStamp(ms)).toBe(byLuxon(ms).stamp);
      }
    }
    expect(freshnessStamp(Date.UTC(2026, 2, 2, 15, 32, 5))).toBe(
      'Data as of 10:32:05 ET on 2026-03-02',
    );
    expect(newYorkTime(Date.UTC(2026, 6, 6, 14, 0))).toBe('10:00 ET, Mon Jul 6');
  });
});
