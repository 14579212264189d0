/**
 * Platform rate limits (Bottleneck). A platform's limit holds for the whole service, not for one
 * process: with several delivery workers on the same Redis the limiters must be one limiter, so the
 * Redis-backed limits share each limiter's state (Bottleneck's clustering, keyed by name) among
 * every process; the local ones serve a single process (the embedded default and tests).
 */
import Bottleneck from 'bottleneck';
import {
  RESERVE_SLOTS_SCRIPT,
  ReservedPacer,
  localSlotReserver,
  type ReserveSlots,
} from './reserved-pacer.js';

export interface LimitSpec {
  /** Minimum ms between two starts. */
  minTime?: number;
  maxConcurrent?: number;
  /** A bucket of `reservoir` starts, refilled to `reservoirRefreshAmount` every interval. */
  reservoir?: number;
  reservoirRefreshAmount?: number;
  reservoirRefreshInterval?: number;
}

export interface RateLimits {
  /** The limiter named `key` (the same object for the same key in this process). */
  limiter(key: string, spec: LimitSpec): Bottleneck;
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
 * so this reads the monotonic wall clock (as Bottleneck does).
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

interface ScriptClient {
  eval(script: string, keys: number, ...args: (string | number)[]): Promise<unknown>;
  set(key: string, value: string, px: 'PX', ms: number): Promise<unknown>;
}

/** Limiters of this process alone. */
export function localRateLimits(): RateLimits {
  const limiters = new Map<string, Bottleneck>();
  const slots = localSlots();
  const pacers = pacersFrom(() => localSlotReserver());
  return {
    takeSlot: slots.takeSlot,
    releaseSlot: slots.releaseSlot,
    pacer: pacers.get,
    limiter(key, spec) {
      let l = limiters.get(key);
      if (!l) {
        l = new Bottleneck({ ...spec });
        limiters.set(key, l);
      }
      return l;
    },
    async close() {
      pacers.stop();
      for (const l of limiters.values()) await l.stop({ dropWaitingJobs: true });
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
 * Limiters shared by every process using the same Redis and prefix. One Redis connection serves
 * them all; a limiter's keys expire after ten idle minutes, and a limiter whose keys vanished (a
 * Redis restart or flush) starts afresh from its spec.
 */
export function redisRateLimits(redisUrl: string, prefix: string): RateLimits {
  const limiters = new Map<string, Bottleneck>();
  let connection: Bottleneck.IORedisConnection | null = null;
  const shared = (): Bottleneck.IORedisConnection => {
    connection ??= recognisingScriptErrors(
      new Bottleneck.IORedisConnection({ clientOptions: redisClientOptions(redisUrl) }),
    );
    return connection;
  };
  // When Redis does not answer, this process's own slots still space its sends.
  const fallback = localSlots();
  const client = () => (shared() as unknown as { client: ScriptClient }).client;
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
  return {
    pacer: pacers.get,
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
    limiter(key, spec) {
      let l = limiters.get(key);
      if (!l) {
        l = new Bottleneck({
          ...spec,
          id: `${prefix}:${key}`,
          datastore: 'ioredis',
          connection: shared(),
          clearDatastore: false,
          timeout: 10 * 60_000,
        });
        limiters.set(key, l);
      }
      return l;
    },
    async close() {
      pacers.stop();
      for (const l of limiters.values()) await l.stop({ dropWaitingJobs: true });
      limiters.clear();
      await connection?.disconnect(true);
      connection = null;
    },
  };
}

type ScriptCallback = (err: Error | null, replies: unknown) => void;

/** The part of Bottleneck's Redis connection that builds a Lua script call (not in its typings). */
interface ScriptCalls {
  __scriptArgs__(name: string, id: string, args: unknown[], cb: ScriptCallback): unknown[];
}

/**
 * Redis 7 prefixes an error raised by a Lua script with "ERR ". Bottleneck 2.19 recognises its
 * SETTINGS_KEY_NOT_FOUND and UNKNOWN_CLIENT signals only without the prefix — and re-initialises
 * the limiter on them — so without this, every job after a Redis flush or restart (or idle keys
 * expiring) would fail instead. Script results reach Bottleneck through the callback built here.
 */
function recognisingScriptErrors(
  connection: Bottleneck.IORedisConnection,
): Bottleneck.IORedisConnection {
  const calls = connection as unknown as ScriptCalls;
  const scriptArgs = calls.__scriptArgs__.bind(connection);
  calls.__scriptArgs__ = (name, id, args, cb) =>
    scriptArgs(name, id, args, (err, replies) => {
      const m = err ? /^ERR (SETTINGS_KEY_NOT_FOUND|UNKNOWN_CLIENT)$/.exec(err.message) : null;
      cb(m ? new Error(m[1]) : err, replies);
    });
  return connection;
}

function redisClientOptions(url: string): Record<string, unknown> {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.pathname.length > 1 ? { db: Number(u.pathname.slice(1)) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}
