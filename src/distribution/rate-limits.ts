/**
 * Platform rate limits. A platform's limit holds for the whole service, not for one process: with
 * several delivery workers on the same Redis the limiters must be one limiter, so the Redis-backed
 * limits keep each limiter's window (and the pacers' and chat slots' state) in Redis, shared by
 * every process; the local ones serve a single process (the embedded default and tests).
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import {
  RESERVE_SLOTS_SCRIPT,
  ReservedPacer,
  localSlotReserver,
  type ReserveSlots,
} from './reserved-pacer.js';
import {
  TAKE_START_SCRIPT,
  WindowLimiter,
  localWindow,
  type TakeStart,
  type WindowSpec,
} from './window-limiter.js';

export interface RateLimits {
  /**
   * The limiter named `key`: at most `spec.limit` starts in any `spec.windowMs`, one job at a time
   * in this process (the same object for the same key in this process).
   */
  limiter(key: string, spec: WindowSpec): WindowLimiter;
  /**
   * Sends named `key` evenly spaced `intervalMs` apart (the same pacer for the same key in this
   * process). Its slots are reserved in batches, so a send pays no round trip to Redis of its own.
   */
  pacer(key: string, intervalMs: number): ReservedPacer;
  /**
   * Takes `key`'s slot for a send in flight and answers 0, or answers the ms to wait before asking
   * again (nothing taken). For many small keys (one per Telegram chat), where a limiter each would
   * cost timers and memory. `releaseSlot` after the send keeps the key taken `intervalMs` longer,
   * so the spacing holds between actual sends, whatever queue a send waited in after its slot.
   */
  takeSlot(key: string, intervalMs: number): Promise<number>;
  releaseSlot(key: string, intervalMs: number): Promise<void>;
  /**
   * Stops every limiter, failing the jobs still waiting for their turn (shutdown releases their
   * rows rather than waiting minutes for a platform's limit), and closes the Redis connection.
   */
  close(): Promise<void>;
}

/** How long a slot stays taken while its send is in flight (freed sooner by releaseSlot). */
const IN_FLIGHT_MS = 30_000;
/** While a slot's send is in flight, ask again this often. */
const IN_FLIGHT_POLL_MS = 100;

/** Wait before asking again: the slot's remaining time, or a short poll while a send is in flight. */
const waitFor = (remainingMs: number, intervalMs: number): number =>
  remainingMs > intervalMs ? Math.min(remainingMs, IN_FLIGHT_POLL_MS) : Math.max(1, remainingMs);

/**
 * Slots per key in this process. Platform limits are in wall time, whatever the engine clock does,
 * so this reads the monotonic wall clock.
 */
function localSlots(): Pick<RateLimits, 'takeSlot' | 'releaseSlot'> {
  const freeAt = new Map<string, number>();
  return {
    async takeSlot(key, intervalMs) {
      const now = performance.now();
      if (freeAt.size > 10_000) for (const [k, at] of freeAt) if (at <= now) freeAt.delete(k);
      const at = freeAt.get(key) ?? 0;
      if (at > now) return waitFor(at - now, intervalMs);
      freeAt.set(key, now + IN_FLIGHT_MS);
      return 0;
    },
    async releaseSlot(key, intervalMs) {
      freeAt.set(key, performance.now() + intervalMs);
    },
  };
}

/** Takes a key's slot in Redis if it is free (0), else the ms it stays taken. */
const TAKE_SLOT = `
local ttl = redis.call('PTTL', KEYS[1])
if ttl > 0 then return ttl end
redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
return 0`;

/** Limiters of this process alone. */
export function localRateLimits(): RateLimits {
  const limiters = limitersFrom((_key, spec) => localWindow(spec));
  const slots = localSlots();
  const pacers = pacersFrom(() => localSlotReserver());
  return {
    takeSlot: slots.takeSlot,
    releaseSlot: slots.releaseSlot,
    pacer: pacers.get,
    limiter: limiters.get,
    async close() {
      pacers.stop();
      limiters.stop();
    },
  };
}

/** One limiter per key, its starts taken from the window made for it. */
function limitersFrom(window: (key: string, spec: WindowSpec) => TakeStart): {
  get(key: string, spec: WindowSpec): WindowLimiter;
  stop(): void;
} {
  const limiters = new Map<string, WindowLimiter>();
  return {
    get(key, spec) {
      let l = limiters.get(key);
      if (!l) {
        l = new WindowLimiter(window(key, spec));
        limiters.set(key, l);
      }
      return l;
    },
    stop() {
      for (const l of limiters.values()) l.stop();
      limiters.clear();
    },
  };
}

/** One pacer per key, its slots from the reserver made for it. */
function pacersFrom(reserver: (key: string) => ReserveSlots): {
  get(key: string, intervalMs: number): ReservedPacer;
  stop(): void;
} {
  const pacers = new Map<string, ReservedPacer>();
  return {
    get(key, intervalMs) {
      let p = pacers.get(key);
      if (!p) {
        p = new ReservedPacer(reserver(key), intervalMs);
        pacers.set(key, p);
      }
      return p;
    },
    stop() {
      for (const p of pacers.values()) p.stop();
      pacers.clear();
    },
  };
}

/**
 * An adapter's limits: the shared ones it was given (their owner closes them), or limits of its
 * own, closed with the adapter.
 */
export function adapterLimits(given?: RateLimits): RateLimits {
  if (!given) return localRateLimits();
  return {
    limiter: (key, spec) => given.limiter(key, spec),
    pacer: (key, intervalMs) => given.pacer(key, intervalMs),
    takeSlot: (key, intervalMs) => given.takeSlot(key, intervalMs),
    releaseSlot: (key, intervalMs) => given.releaseSlot(key, intervalMs),
    close: async () => undefined,
  };
}

/**
 * Limiters shared by every process using the same Redis and prefix, over one Redis connection
 * (opened on first use). Each key in Redis expires once its state is spent, so a flush or restart
 * only forgets starts and slots: the next ask begins a fresh window. When Redis does not answer,
 * this process's own windows, slots and reservers keep its sends within the limits.
 */
export function redisRateLimits(redisUrl: string, prefix: string): RateLimits {
  let redis: Redis | null = null;
  const client = (): Redis => {
    if (!redis) {
      redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
      // A lost connection fails the calls in flight, and each call falls back on its own.
      redis.on('error', () => undefined);
    }
    return redis;
  };
  const fallback = localSlots();
  const pacers = pacersFrom((key) => {
    const own = localSlotReserver();
    return async (count, intervalMs) => {
      try {
        const offset = await client().eval(
          RESERVE_SLOTS_SCRIPT,
          1,
          `${prefix}:pace:${key}`,
          intervalMs,
          count,
        );
        return Number(offset);
      } catch {
        return own(count, intervalMs);
      }
    };
  });
  // Each start in a window is a member of its own: this process's id and a count.
  const processId = randomUUID();
  let starts = 0;
  const limiters = limitersFrom((key, spec) => {
    const own = localWindow(spec);
    return async () => {
      try {
        const wait = await client().eval(
          TAKE_START_SCRIPT,
          1,
          `${prefix}:window:${key}`,
          spec.windowMs,
          spec.limit,
          `${processId}:${++starts}`,
        );
        return Number(wait);
      } catch {
        return own();
      }
    };
  });
  return {
    pacer: pacers.get,
    limiter: limiters.get,
    async takeSlot(key, intervalMs) {
      try {
        const taken = Number(
          await client().eval(TAKE_SLOT, 1, `${prefix}:slot:${key}`, IN_FLIGHT_MS),
        );
        return taken > 0 ? waitFor(taken, intervalMs) : 0;
      } catch {
        return fallback.takeSlot(key, intervalMs);
      }
    },
    async releaseSlot(key, intervalMs) {
      try {
        await client().set(`${prefix}:slot:${key}`, '1', 'PX', intervalMs);
      } catch {
        await fallback.releaseSlot(key, intervalMs);
      }
    },
    async close() {
      pacers.stop();
      limiters.stop();
      const r = redis;
      redis = null;
      if (r) await r.quit().catch(() => r.disconnect());
    },
  };
}
