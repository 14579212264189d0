/**
 * A leaky bucket as a meter: each call pours one unit in, the bucket drains at a constant rate,
 * and a call is allowed only if it does not overflow. With capacity B and drain rate r, no window
 * of length W can hold more than B + r·W calls — so `forPlan` drains at (limit − B) per minute,
 * which keeps every 60-second window within the plan's limit while still allowing a burst of B.
 */
export class LeakyBucket {
  private level = 0;
  private lastAt: number | null = null;

  constructor(
    readonly capacity: number,
    /** Units drained per millisecond. */
    readonly drainPerMs: number,
  ) {
    if (!(capacity >= 1)) throw new Error(`bucket capacity must be ≥ 1, got ${capacity}`);
    if (!(drainPerMs > 0)) throw new Error(`bucket drain rate must be > 0, got ${drainPerMs}`);
  }

  /** A bucket that never lets more than `callsPerMinute` calls into any 60 s window. */
  static forPlan(
    callsPerMinute: number,
    burst = Math.max(1, Math.min(10, Math.floor(callsPerMinute / 10))),
  ): LeakyBucket {
    const capacity = Math.min(burst, callsPerMinute);
    const perMinute = callsPerMinute - capacity;
    // A plan too small for any burst still drains: one call at a time, evenly spaced.
    if (perMinute <= 0) return new LeakyBucket(1, (callsPerMinute - 1 || 0.5) / 60_000);
    return new LeakyBucket(capacity, perMinute / 60_000);
  }

  /** Current fill after draining up to `now`. */
  levelAt(now: number): number {
    this.drain(now);
    return this.level;
  }

  /** True if one more call fits while leaving `headroom` units free. */
  canTake(now: number, headroom = 0): boolean {
    this.drain(now);
    return this.level + 1 <= this.capacity - headroom + 1e-9;
  }

  take(now: number): void {
    this.drain(now);
    this.level += 1;
  }

  private drain(now: number): void {
    if (this.lastAt !== null && now > this.lastAt) {
      this.level = Math.max(0, this.level - (now - this.lastAt) * this.drainPerMs);
    }
    if (this.lastAt === null || now > this.lastAt) this.lastAt = now;
  }
}
