/**
 * Evenly spaced sends from slots reserved in batches. The shared store (Redis, or this process)
 * hands out runs of consecutive slots `intervalMs` apart; no two holders ever get the same slot, so
 * every process together keeps the platform's rate. This process spends its slots on its own
 * timers: a send costs no round trip, and one reservation covers every send that was waiting when
 * it was asked for — the busier (or the more lagging) the event loop, the larger the batch, so a
 * lagging loop does not pay one round trip per message.
 */

/**
 * Reserves `count` consecutive slots `intervalMs` apart after every slot already handed out;
 * answers the ms from the moment of asking until the first of them.
 */
export type ReserveSlots = (count: number, intervalMs: number) => Promise<number>;

interface Waiter {
  run(): void;
  reject(err: Error): void;
}

export class PacerStoppedError extends Error {
  constructor() {
    super('pacer stopped: the send was dropped while waiting for its turn');
  }
}

export class ReservedPacer {
  private readonly waiting: Waiter[] = [];
  /** Reserved slot times on this process's monotonic clock, earliest first. */
  private slots: number[] = [];
  private reserving = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly reserve: ReserveSlots,
    private readonly intervalMs: number,
    /** At most this many slots a reservation. */
    private readonly maxBatch = 30,
  ) {}

  /** Runs `send` in a slot of its own. */
  schedule<T>(send: () => Promise<T>): Promise<T> {
    if (this.stopped) return Promise.reject(new PacerStoppedError());
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ run: () => void send().then(resolve, reject), reject });
      this.pump();
    });
  }

  /** Drops the sends still waiting for their slot (they fail with PacerStoppedError). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const w of this.waiting.splice(0)) w.reject(new PacerStoppedError());
    this.slots = [];
  }

  private pump(): void {
    if (this.stopped) return;
    const now = performance.now();
    // A slot missed by more than an interval (the loop was stalled) is given up: spending missed
    // slots together would crowd the slots the next holder reserved after them.
    while (this.slots.length > 0 && this.slots[0] < now - this.intervalMs) this.slots.shift();
    while (this.waiting.length > 0 && this.slots.length > 0 && this.slots[0] <= now) {
      this.slots.shift();
      this.waiting.shift()?.run();
    }
    const uncovered = this.waiting.length - this.slots.length;
    if (uncovered > 0 && !this.reserving) this.reserveFor(Math.min(uncovered, this.maxBatch));
    if (this.waiting.length > 0 && this.slots.length > 0) this.wakeAt(this.slots[0]);
  }

  private reserveFor(count: number): void {
    this.reserving = true;
    const askedAt = performance.now();
    this.reserve(count, this.intervalMs)
      .then(
        (offset) => {
          // Measured from the ask: the request reaches the store at once, while the answer may
          // wait for a busy loop; counting from the answer would push our slots into the next
          // holder's.
          const first = askedAt + offset;
          for (let k = 0; k < count; k++) this.slots.push(first + k * this.intervalMs);
        },
        () => undefined,
      )
      .finally(() => {
        this.reserving = false;
        this.pump();
      });
  }

  private wakeAt(at: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.pump();
      },
      Math.max(0, at - performance.now()),
    );
  }
}

/** Slots handed out by this process alone. */
export function localSlotReserver(): ReserveSlots {
  let nextAt = 0;
  return async (count, intervalMs) => {
    const now = performance.now();
    const start = Math.max(now, nextAt);
    nextAt = start + count * intervalMs;
    return start - now;
  };
}

/**
 * Slots handed out by Redis (its own clock, so the processes' clocks need not agree): the key holds
 * the time the next free slot starts, and expires a second after the last slot handed out.
 */
export const RESERVE_SLOTS_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local count = tonumber(ARGV[2])
local nextAt = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(now, nextAt)
local last = start + count * interval
redis.call('SET', KEYS[1], tostring(last), 'PX', last - now + 1000)
return start - now`;
