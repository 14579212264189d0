/**
 * The demo's replay clock: it stands still at the replay's start until `resume()` (so the app's
 * start-up does not eat the replayed morning), then runs `speed`× inside the live windows (the
 * session, and each report's time until it is delivered) and `fastSpeed`× outside them, when
 * nothing trades. `pause()` stops it again (the demo pauses while a report is written, so the
 * report is built at its time however long the machine takes) and `hold(speed)` overrides the
 * windows (the demo holds the live speed while a report is on its way). Between such changes
 * engine time is a fixed function of the running wall time, and sleepers are re-armed at each
 * change, so a sleep spanning one wakes at the right engine instant.
 */
import type { Clock } from '../../common/clock.js';

export interface DemoClockOptions {
  /** Engine-clock ms the replay starts at. */
  startMs: number;
  /** Engine-clock windows replayed at `speed` (ms); outside them the clock runs at `fastSpeed`. */
  live: readonly { fromMs: number; toMs: number }[];
  speed: number;
  fastSpeed: number;
  /** Wall time, ms (elapsed time only; tests pass a fake). */
  wallNow?: () => number;
}

interface Segment {
  /** Engine ms at which the segment starts, and its speed. */
  fromMs: number;
  speed: number;
}

interface Sleeper {
  untilMs: number;
  resolve: () => void;
  timer: NodeJS.Timeout | null;
}

export class DemoClock implements Clock {
  private readonly segments: Segment[];
  private readonly wallNow: () => number;
  /** Wall ms run before the current stretch; the current stretch's wall start, null when paused. */
  private ranMs = 0;
  private runningSince: number | null = null;
  /** Where the speed last changed by hand (running wall ms, engine ms), and the speed held. */
  private anchor = { wallMs: 0, engineMs: 0 };
  private held: number | null = null;
  private readonly sleepers = new Set<Sleeper>();

  constructor(private readonly o: DemoClockOptions) {
    for (const [name, v] of [
      ['speed', o.speed],
      ['fastSpeed', o.fastSpeed],
    ] as const)
      if (!(v > 0)) throw new Error(`clock ${name} must be > 0, got ${v}`);
    if (o.live.some((w) => !(w.fromMs < w.toMs)))
      throw new Error('a live window must end after it starts');
    // Only elapsed wall time matters: the monotonic clock, which no system clock change moves.
    this.wallNow = o.wallNow ?? (() => performance.now());
    this.segments = segmentsFrom(o);
    this.anchor = { wallMs: 0, engineMs: o.startMs };
  }

  /**
   * Runs at `speed` from now on whatever the windows say (e.g. while a report is on its way),
   * or, with null, by the windows again.
   */
  hold(speed: number | null): void {
    if (speed === this.held) return;
    if (speed !== null && !(speed > 0)) throw new Error(`clock speed must be > 0, got ${speed}`);
    const wallMs = this.ran();
    this.anchor = { wallMs, engineMs: this.engineAt(wallMs) };
    this.held = speed;
    if (this.runningSince === null) return;
    for (const s of this.sleepers) {
      if (s.timer) clearTimeout(s.timer);
      this.arm(s);
    }
  }

  /** The speed of the live windows (what the operator controls' refresh reads). */
  get speed(): number {
    return this.o.speed;
  }

  /** The engine clock's speed at `ms` (× wall time). */
  speedAt(ms: number): number {
    if (this.held !== null) return this.held;
    let speed = this.segments[0].speed;
    for (const s of this.segments) if (s.fromMs <= ms) speed = s.speed;
    return speed;
  }

  get paused(): boolean {
    return this.runningSince === null;
  }

  /** Runs the clock on from where it stands; sleepers wake on their engine time. */
  resume(): void {
    if (this.runningSince !== null) return;
    this.runningSince = this.wallNow();
    for (const s of this.sleepers) this.arm(s);
  }

  /** Stops the clock where it stands until `resume()`. */
  pause(): void {
    if (this.runningSince === null) return;
    this.ranMs = this.ran();
    this.runningSince = null;
    for (const s of this.sleepers) {
      if (s.timer) clearTimeout(s.timer);
      s.timer = null;
    }
  }

  /** Whole milliseconds, as the system clock gives them. */
  now(): number {
    return Math.floor(this.engineAt(this.ran()));
  }

  sleep(ms: number): Promise<void> {
    const untilMs = this.now() + Math.max(0, ms);
    return new Promise((resolve) => {
      const s: Sleeper = { untilMs, resolve, timer: null };
      this.sleepers.add(s);
      if (this.runningSince !== null) this.arm(s);
    });
  }

  private ran(): number {
    return this.ranMs + (this.runningSince === null ? 0 : this.wallNow() - this.runningSince);
  }

  private arm(s: Sleeper): void {
    const wait = Math.max(0, this.wallAt(s.untilMs) - this.ran());
    s.timer = setTimeout(() => {
      this.sleepers.delete(s);
      s.resolve();
    }, wait);
  }

  /** Engine ms after `wallMs` of running. */
  private engineAt(wallMs: number): number {
    let { wallMs: wall, engineMs: engine } = this.anchor;
    if (this.held !== null) return engine + (wallMs - wall) * this.held;
    for (let i = this.segmentIndex(engine); i < this.segments.length; i++) {
      const s = this.segments[i];
      const end = this.segments[i + 1]?.fromMs ?? Infinity;
      const span = (end - engine) / s.speed;
      if (wallMs - wall <= span) return engine + (wallMs - wall) * s.speed;
      wall += span;
      engine = end;
    }
    return engine;
  }

  /** Wall ms of running at which the engine clock reaches `engineMs` (pauses not counted). */
  wallAt(engineMs: number): number {
    let { wallMs: wall, engineMs: engine } = this.anchor;
    if (engineMs <= engine) return wall;
    if (this.held !== null) return wall + (engineMs - engine) / this.held;
    for (let i = this.segmentIndex(engine); i < this.segments.length; i++) {
      const s = this.segments[i];
      const end = this.segments[i + 1]?.fromMs ?? Infinity;
      if (engineMs <= end) return wall + (engineMs - engine) / s.speed;
      wall += (end - engine) / s.speed;
      engine = end;
    }
    return wall;
  }

  private segmentIndex(engineMs: number): number {
    let i = 0;
    while (i + 1 < this.segments.length && this.segments[i + 1].fromMs <= engineMs) i++;
    return i;
  }
}

/** The speed changes from the start on: live windows merged, fast in between. */
function segmentsFrom(o: DemoClockOptions): Segment[] {
  const windows = [...o.live]
    .filter((w) => w.toMs > o.startMs)
    .sort((a, b) => a.fromMs - b.fromMs)
    .map((w) => ({ fromMs: Math.max(w.fromMs, o.startMs), toMs: w.toMs }));
  const merged: { fromMs: number; toMs: number }[] = [];
  for (const w of windows) {
    const last = merged[merged.length - 1];
    if (last && w.fromMs <= last.toMs) last.toMs = Math.max(last.toMs, w.toMs);
    else merged.push({ ...w });
  }
  const out: Segment[] = [];
  let at = o.startMs;
  for (const w of merged) {
    if (w.fromMs > at) out.push({ fromMs: at, speed: o.fastSpeed });
    out.push({ fromMs: w.fromMs, speed: o.speed });
    at = w.toMs;
  }
  out.push({ fromMs: at, speed: o.fastSpeed });
  return out;
}
