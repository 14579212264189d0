import { describe, expect, it } from 'vitest';
import { nyInstant } from '../../../../src/common/market-calendar.js';
import { DemoClock } from '../../../../src/sandbox/story/demo-clock.js';

const at = (t: string) => nyInstant('2026-03-10', t);

/** A demo clock on a hand-moved wall clock: 08:25 start, 09:30–16:00 at 20×, the rest at 300×. */
function clock(start = '08:25') {
  let wall = 1_000_000;
  const c = new DemoClock({
    startMs: at(start),
    live: [{ fromMs: at('09:30'), toMs: at('16:00') }],
    speed: 20,
    fastSpeed: 300,
    wallNow: () => wall,
  });
  return { c, move: (ms: number) => (wall += ms) };
}

describe('the demo clock', () => {
  it('stands at the start until started, so start-up does not eat the morning', () => {
    const { c, move } = clock();
    move(60_000);
    expect(c.now()).toBe(at('08:25'));
    c.resume();
    move(1_000);
    expect(c.now()).toBe(at('08:25') + 300_000);
  });

  it('runs fast before the open, at the demo speed in the session and fast after the close', () => {
    const { c, move } = clock();
    c.resume();
    // 65 minutes before the open at 300× take 13 s of wall time.
    move(13_000);
    expect(c.now()).toBe(at('09:30'));
    move(1_000);
    expect(c.now()).toBe(at('09:30') + 20_000);
    // The rest of the session: 389 min 40 s at 20× = 1,169 s.
    move(1_169_000);
    expect(c.now()).toBe(at('16:00'));
    move(2_000);
    expect(c.now()).toBe(at('16:00') + 600_000);
    expect([c.speedAt(at('09:00')), c.speedAt(at('12:00')), c.speedAt(at('16:05'))]).toEqual([
      300, 20, 300,
    ]);
  });

  it('starting inside the session runs at the demo speed from the start', () => {
    const { c, move } = clock('10:00');
    c.resume();
    move(3_000);
    expect(c.now()).toBe(at('10:00') + 60_000);
  });

  it('stands still while paused and wakes sleepers on engine time, not wall time', async () => {
    let wall = 0;
    const c = new DemoClock({
      startMs: at('08:25'),
      live: [
        { fromMs: at('08:30'), toMs: at('08:36') },
        { fromMs: at('08:33'), toMs: at('08:40') },
      ],
      speed: 20,
      fastSpeed: 300,
      wallNow: () => wall,
    });
    c.resume();
    wall += 1_000; // 08:30 (5 min at 300×)
    expect(c.now()).toBe(at('08:30'));
    c.pause();
    wall += 60_000;
    expect(c.now()).toBe(at('08:30'));
    c.resume();
    wall += 3_000; // the merged window 08:30–08:40 runs at 20×
    expect(c.now()).toBe(at('08:31'));
    expect(c.speedAt(at('08:39'))).toBe(20);
    expect(c.speedAt(at('08:41'))).toBe(300);
    // A sleeper set while paused wakes once the clock has run its engine time.
    c.pause();
    let woke = false;
    const sleeping = c.sleep(0).then(() => (woke = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(woke).toBe(false);
    c.resume();
    await sleeping;
    expect(woke).toBe(true);
  });

  it('holds a speed by hand until released, then follows the windows again', () => {
    const { c, move } = clock();
    c.resume();
    move(1_000); // 08:30 at 300×
    c.hold(20);
    move(3_000);
    expect(c.now()).toBe(at('08:31'));
    expect(c.speedAt(at('08:31'))).toBe(20);
    c.hold(null);
    move(1_000);
    expect(c.now()).toBe(at('08:36'));
    // The session's window is where it was: 09:30 is 54 min at 300× later.
    move(10_800);
    expect(c.now()).toBe(at('09:30'));
    move(3_000);
    expect(c.now()).toBe(at('09:31'));
  });

  it('refuses a live window that ends before it starts', () => {
    expect(
      () =>
        new DemoClock({
          startMs: at('08:25'),
          live: [{ fromMs: at('16:00'), toMs: at('09:30') }],
          speed: 20,
          fastSpeed: 300,
        }),
    ).toThrow(/a live window must end after it starts/);
  });
});
