import { describe, expect, it } from 'vitest';
import { nyInstant } from '../../../src/common/market-calendar.js';
import { digestSignals, digestTime } from '../../../src/distribution/digest.js';
import { inQuietHours, quietHoursEnd } from '../../../src/distribution/quiet-hours.js';
import { sampleSignal } from './signal-fixtures.js';

describe('digest schedule', () => {
  it('16:10 New York on a full day, 13:10 on a half day, none on a holiday or weekend', () => {
    expect(digestTime('2026-03-02')).toBe(nyInstant('2026-03-02', '16:10'));
    expect(digestTime('2026-11-27')).toBe(nyInstant('2026-11-27', '13:10')); // day after Thanksgiving
    expect(digestTime('2026-12-25')).toBeNull();
    expect(digestTime('2026-03-07')).toBeNull(); // Saturday
  });

  it("a tier's digest holds only the signals its delay let out by the digest's time", () => {
    const at = nyInstant('2026-03-02', '16:10');
    const early = sampleSignal({ id: 'A', publishedAt: at - 600_000 });
    const late = sampleSignal({ id: 'B', publishedAt: at - 120_000 });
    const events = [
      { signal: early, update: null, eventAt: early.publishedAt },
      { signal: late, update: null, eventAt: late.publishedAt },
      {
        signal: early,
        update: {
          signalId: 'A',
          kind: 'closed' as const,
          at: at - 60_000,
          returnPct: 0.5,
          reason: 'x',
        },
        eventAt: at - 60_000,
      },
    ];
    expect(
      digestSignals(events, 60_000, at).map((d) => [d.signal.id, d.closed?.returnPct ?? null]),
    ).toEqual([
      ['A', 0.5],
      ['B', null],
    ]);
    expect(digestSignals(events, 300_000, at).map((d) => d.signal.id)).toEqual(['A']);
  });
});

describe('quiet hours', () => {
  const quiet = { start: '22:00', end: '07:00', timeZone: 'America/New_York' };
  it('end at the next end time, across midnight', () => {
    expect(quietHoursEnd(quiet, nyInstant('2026-03-02', '23:30'))).toBe(
      nyInstant('2026-03-03', '07:00'),
    );
    expect(quietHoursEnd(quiet, nyInstant('2026-03-03', '06:59'))).toBe(
      nyInstant('2026-03-03', '07:00'),
    );
    expect(quietHoursEnd(quiet, nyInstant('2026-03-03', '07:00'))).toBeNull();
    expect(inQuietHours(quiet, nyInstant('2026-03-02', '21:59'))).toBe(false);
    const day = { start: '09:00', end: '11:00', timeZone: 'America/New_York' };
    expect(quietHoursEnd(day, nyInstant('2026-03-02', '10:00'))).toBe(
      nyInstant('2026-03-02', '11:00'),
    );
    expect(quietHoursEnd(null, 0)).toBeNull();
  });
});
