/**
 * Data freshness applies only while the regular session is open: before the open and after the
 * close a quiet feed is not stale, a halt held at the close is released as "market closed", and a
 * feed going quiet in the session still halts.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_OVERSEER_CONFIG, Overseer } from '../../../src/overseer/overseer.js';
import type { AlertRecord } from '../../../src/overseer/alerts.js';
import { ny } from '../engine/fixtures.js';

const SECOND = 1000;
// Tuesday 3 March 2026: a full session, 09:30–16:00 New York.
const OPEN = ny(9, 30);
const CLOSE = ny(16, 0);

function overseer(): { o: Overseer; sunk: AlertRecord[] } {
  const sunk: AlertRecord[] = [];
  return { o: new Overseer(DEFAULT_OVERSEER_CONFIG, (a) => sunk.push(a)), sunk };
}

/** Ticks every second over [from, to), with the feeds `feedsAt(now)`; the times it was halted. */
function run(
  o: Overseer,
  from: number,
  to: number,
  feedsAt: (now: number) => Record<string, number>,
): number[] {
  const halted: number[] = [];
  for (let now = from; now < to; now += SECOND) {
    o.tick({
      now,
      feeds: feedsAt(now),
      snapshots: [],
      fills: [],
      strategies: {},
      dayPnl: 0,
      startOfDayEquity: 100_000,
    });
    if (o.controls.halted) halted.push(now);
  }
  return halted;
}

/** Feeds that report every 5 s from the open to the close, then stop; yesterday's close before. */
function sessionFeeds(now: number): Record<string, number> {
  const yesterdayClose = ny(16, 0, 0, 2);
  const last = (n: number) => Math.min(CLOSE, OPEN + Math.floor((n - OPEN) / 5000) * 5000);
  const at = now < OPEN ? yesterdayClose : last(now);
  return { 'chain:SPY': at, 'analytics:SPY': at, 'chain:QQQ': now < OPEN ? yesterdayClose : at };
}

const freshness = (alerts: AlertRecord[]) => alerts.filter((a) => a.kind === 'data_freshness');

describe('overseer data freshness and market hours', () => {
  it('raises no halt before the open or after the close with feeds only from the open', () => {
    const { o, sunk } = overseer();
    // Before the open: no feed at all, then yesterday's close.
    expect(run(o, ny(9, 0), ny(9, 15), () => ({}))).toEqual([]);
    expect(run(o, ny(9, 15), ny(9, 45), sessionFeeds)).toEqual([]);
    expect(run(o, ny(15, 55), ny(16, 10), sessionFeeds)).toEqual([]);
    expect(freshness(sunk)).toEqual([]);
    expect(o.controls.halted).toBe(false);
  });

  it('gives a feed the data-age limit after the open to report, then halts on it', () => {
    const { o, sunk } = overseer();
    // QQQ never reports in the session: its age counts from the open.
    const quietQqq = (now: number) => ({ ...sessionFeeds(now), 'chain:QQQ': ny(16, 0, 0, 2) });
    const halted = run(o, ny(9, 0), ny(9, 45), quietQqq);
    expect(halted[0]).toBe(OPEN + 11 * SECOND);
    expect(freshness(sunk)).toHaveLength(1);
    expect(freshness(sunk)[0]).toMatchObject({
      level: 'critical',
      action: 'halt',
      context: { feed: 'chain:QQQ', ageMs: 11_000 },
    });
  });

  it('still halts on a feed going stale at 11:00, and resumes when it reports again', () => {
    const { o, sunk } = overseer();
    const gap = (now: number) => {
      const f = sessionFeeds(now);
      // SPY's chain stops at 11:00 and comes back at 11:01.
      if (now >= ny(11, 0) && now < ny(11, 1)) f['chain:SPY'] = ny(11, 0);
      return f;
    };
    const halted = run(o, ny(10, 59), ny(11, 2), gap);
    expect(halted[0]).toBe(ny(11, 0, 11));
    expect(halted.at(-1)).toBe(ny(11, 0, 59));
    expect(freshness(sunk).map((a) => [a.level, a.action, a.message])).toEqual([
      ['critical', 'halt', 'data stale: chain:SPY 11 s old (limit 10 s); new orders halted'],
      ['info', 'resume', 'data fresh again; trading resumed'],
    ]);
  });

  it('releases a halt still held at the close quietly, as "market closed"', () => {
    const { o, sunk } = overseer();
    const quietFromClose = (now: number) => ({ 'chain:SPY': Math.min(now, ny(15, 59, 40)) });
    const halted = run(o, ny(15, 59), ny(16, 10), quietFromClose);
    expect(halted[0]).toBe(ny(15, 59, 51));
    expect(halted.at(-1)).toBe(ny(15, 59, 59));
    expect(o.controls.halted).toBe(false);
    const [halt, release] = freshness(sunk);
    expect(halt).toMatchObject({ level: 'critical', action: 'halt' });
    expect(release).toMatchObject({ level: 'info', action: 'resume', at: CLOSE });
    expect(release.message).toMatch(/^market closed/);
    expect(freshness(sunk)).toHaveLength(2);
  });
});
