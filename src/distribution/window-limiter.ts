/**
 * A platform's rate limit for one key: at most `limit` starts in any `windowMs` (a sliding window,
 * so never the 2× a refilled bucket lets through across its refill), and in this process one job
 * at a time, in the order scheduled. A job that is allowed starts at once, inside `schedule` — no
 * timer and no yield before it (the shared store costs its one round trip); a job that is not
 * waits on one timer, for the moment the oldest start leaves the window.
 */

export interface WindowSpec {
  /** At most this many starts… */
  limit: number;
  /** …in any window of this many (wall) ms. */
  windowMs: number;
}

/**
 * Records a start and answers 0 if one is allowed now, else answers the ms until one may be
 * (nothing recorded).
 */
export type TakeStart = () => number | Promise<number>;

export class LimiterStoppedError extends Error {
  constructor() {
    super('limiter stopped: the send was dropped while waiting for its turn');
  }
}

/** When the store failed to answer (it should fall back rather than fail), ask again after this. */
const ASK_AGAIN_MS = 100;

interface Waiter {
  /** Starts the job; settles with it. */
  run(): Promise<void>;
  reject(err: Error): void;
}

export class WindowLimiter {
  private readonly waiting: Waiter[] = [];
  private running = false;
  private asking = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly take: TakeStart) {}

  /** Runs `job` in its turn, once the window allows a start. */
  schedule<T>(job: () => Promise<T>): Promise<T> {
    if (this.stopped) return Promise.reject(new LimiterStoppedError());
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({
        // Called synchronously; a job that throws rejects like one whose promise does.
        run: () => new Promise<T>((started) => started(job())).then(resolve, reject),
        reject,
      });
      this.pump();
    });
  }

  /** Drops the jobs still waiting (they fail with LimiterStoppedError); a running one finishes. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const w of this.waiting.splice(0)) w.reject(new LimiterStoppedError());
  }

  private pump(): void {
    if (this.stopped || this.running || this.asking || this.timer || this.waiting.length === 0)
      return;
    const wait = this.take();
    if (typeof wait === 'number') {
      this.answer(wait);
      return;
    }
    this.asking = true;
    wait.then(
      (ms) => {
        this.asking = false;
        this.answer(ms);
      },
      () => {
        this.asking = false;
        this.answer(ASK_AGAIN_MS);
      },
    );
  }

  private answer(waitMs: number): void {
    if (this.stopped) return;
    if (waitMs > 0) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.pump();
      }, waitMs);
      return;
    }
    const next = this.waiting.shift();
    if (!next) return;
    this.running = true;
    void next.run().finally(() => {
      this.running = false;
      this.pump();
    });
  }
}

/**
 * Starts on this process's monotonic wall clock (platform limits are wall facts, whatever the
 * engine clock does): a log of the starts still inside the window, at most `limit` of them.
 */
export function localWindow(spec: WindowSpec): TakeStart {
  const starts: number[] = [];
  return () => {
    const now = performance.now();
    while (starts.length > 0 && starts[0] <= now - spec.windowMs) starts.shift();
    if (starts.length < spec.limit) {
      starts.push(now);
      return 0;
    }
    return Math.max(1, Math.ceil(starts[0] + spec.windowMs - now));
  };
}

/**
 * The shared window in Redis, on Redis's clock (µs, so the processes' clocks need not agree): a
 * sorted set of the starts inside the window, trimmed on every ask; a start is added (a unique
 * member, ARGV[3]) while fewer than the limit (ARGV[2]) remain in the window (ARGV[1] ms), else the
 * answer is the ms until the oldest leaves it. The key expires a window after the last start.
 */
export const TAKE_START_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local window = tonumber(ARGV[1]) * 1000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  return 0
end
local oldest = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
return math.max(1, math.ceil((oldest + window - now) / 1000))`;
