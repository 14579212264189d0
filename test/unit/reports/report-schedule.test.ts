import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import { nyInstant } from '../../../src/common/market-calendar.js';
import { reportSchedule, reportsOn } from '../../../src/reports/report-schedule.js';
import { ReportScheduler } from '../../../src/reports/report-scheduler.js';

const brief = (date: string) => reportsOn(date).map((r) => [r.type, r.time, r.at]);

describe('reportSchedule', () => {
  it('runs pre-market, intraday and close on a normal trading day', () => {
    expect(brief('2026-03-03')).toEqual([
      ['premarket', '08:30', '2026-03-03T08:30:00-05:00'],
      ['intraday', '13:00', '2026-03-03T13:00:00-05:00'],
      ['close', '16:10', '2026-03-03T16:10:00-05:00'],
    ]);
  });

  it('keeps New York wall times across the daylight-saving change', () => {
    expect(brief('2026-03-09')[0]).toEqual(['premarket', '08:30', '2026-03-09T08:30:00-04:00']);
  });

  it('skips the intraday report on a half day and runs the close at 13:10', () => {
    expect(brief('2026-11-27')).toEqual([
      ['premarket', '08:30', '2026-11-27T08:30:00-05:00'],
      ['close', '13:10', '2026-11-27T13:10:00-05:00'],
    ]);
  });

  it('has no report on a holiday or a weekend', () => {
    expect(reportsOn('2026-12-25')).toEqual([]);
    expect(reportsOn('2026-11-26')).toEqual([]);
    expect(reportsOn('2026-03-07')).toEqual([]);
  });

  it('lists a range in time order, trading days only', () => {
    const rows = reportSchedule('2026-11-25', '2026-11-30');
    expect(rows.map((r) => `${r.date} ${r.type}`)).toEqual([
      '2026-11-25 premarket',
      '2026-11-25 intraday',
      '2026-11-25 close',
      '2026-11-27 premarket',
      '2026-11-27 close',
      '2026-11-30 premarket',
      '2026-11-30 intraday',
      '2026-11-30 close',
    ]);
    expect(rows.every((r, i) => i === 0 || rows[i - 1].atMs < r.atMs)).toBe(true);
  });
});

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

describe('ReportScheduler on the engine clock', () => {
  it('fires each report of a half day at its time, with no intraday report', async () => {
    const clock = new FakeClock(nyInstant('2026-11-27', '08:00'));
    const ran: string[] = [];
    const scheduler = new ReportScheduler({
      clock,
      run: (type, date) => {
        ran.push(`${date} ${type} @${new Date(clock.now()).toISOString()}`);
        return Promise.resolve();
      },
    });
    scheduler.start();
    await settle();
    expect(ran).toEqual([]);
    // Move the clock a minute at a time through the day, as a replay would.
    const end = nyInstant('2026-11-27', '17:00');
    while (clock.now() < end) {
      clock.advance(60_000);
      await settle();
    }
    expect(ran).toEqual([
      '2026-11-27 premarket @2026-11-27T13:30:00.000Z',
      '2026-11-27 close @2026-11-27T18:10:00.000Z',
    ]);
    await Promise.race([scheduler.stop(), (async () => clock.advance(60_000))()]);
  });

  it('skips a report missed by more than the grace window and runs one on demand', async () => {
    const clock = new FakeClock(nyInstant('2026-03-03', '12:00'));
    const ran: string[] = [];
    const scheduler = new ReportScheduler({
      clock,
      graceMs: 10 * 60_000,
      run: (type, date) => {
        ran.push(`${date} ${type}`);
        return Promise.resolve();
      },
    });
    expect(scheduler.next()?.type).toBe('intraday');
    await scheduler.runNow('premarket', '2026-03-03');
    expect(ran).toEqual(['2026-03-03 premarket']);
  });
});
