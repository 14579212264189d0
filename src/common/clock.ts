/**
 * The one source of time for every module. Live code uses SystemClock; a replay uses a
 * ScaledClock running N× from a recorded start; tests use FakeClock and move it by hand.
 * Nothing else calls Date.now() or new Date() for logic (lint enforces Date.now()).
 */
export interface Clock {
  /** Milliseconds since the Unix epoch, on this clock. */
  now(): number;
  /** Resolves after `ms` of this clock's time has passed. */
  sleep(ms: number): Promise<void>;
}

export const CLOCK = Symbol('Clock');

export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
  }
}

/** Runs `speed` times faster than wall time from `startMs` (a recorded session at N×). */
export class ScaledClock implements Clock {
  private readonly wallStart = Date.now();
  constructor(
    private readonly startMs: number,
    readonly speed: number,
  ) {
    if (!(speed > 0)) throw new Error(`clock speed must be > 0, got ${speed}`);
  }
  now(): number {
    return this.startMs + (Date.now() - this.wallStart) * this.speed;
  }
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms / this.speed)));
  }
}

/** A clock that moves only when told to; sleepers wake when the clock passes their time. */
export class FakeClock implements Clock {
  private sleepers: { until: number; resolve: () => void }[] = [];
  constructor(private current = Date.UTC(2026, 2, 2, 14, 30)) {}
  now(): number {
    return this.current;
  }
  set(ms: number): void {
    this.current = ms;
    this.wake();
  }
  advance(ms: number): void {
    this.set(this.current + ms);
  }
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.sleepers.push({ until: this.current + Math.max(0, ms), resolve });
      this.wake();
    });
  }
  private wake(): void {
    const due = this.sleepers.filter((s) => s.until <= this.current);
    this.sleepers = this.sleepers.filter((s) => s.until > this.current);
    for (const s of due) s.resolve();
  }
}
