import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import type { Clock } from '../../common/clock.js';

/** What @nestjs/throttler expects back from a storage (times in seconds). */
export interface ThrottleRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

const seconds = (ms: number): number => Math.max(0, Math.ceil(ms / 1000));

/**
 * Fixed-window counters shared by every process on one Redis: INCR + PEXPIRE on the window key,
 * and a block key (PX = the block duration) once the limit is passed. One Lua script, so the
 * count and the block are decided atomically.
 */
const INCREMENT = `
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then
  return {tonumber(ARGV[2]) + 1, redis.call('PTTL', KEYS[1]), blocked}
end
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  redis.call('DEL', KEYS[1])
  return {hits, 0, tonumber(ARGV[3])}
end
return {hits, ttl, 0}
`;

export class RedisThrottlerStorage implements ThrottlerStorage {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottleRecord> {
    const base = `${this.prefix}${throttlerName}:${key}`;
    const [hits, ttlMs, blockedMs] = (await this.redis.eval(
      INCREMENT,
      2,
      `${base}:hits`,
      `${base}:blocked`,
      String(Math.max(1, Math.round(ttl))),
      String(limit),
      String(Math.max(1, Math.round(blockDuration))),
    )) as [number, number, number];
    return {
      totalHits: hits,
      timeToExpire: seconds(ttlMs),
      isBlocked: blockedMs > 0,
      timeToBlockExpire: seconds(blockedMs),
    };
  }
}

interface Window {
  hits: number;
  expiresAt: number;
  blockedUntil: number;
}

/** The same counters in this process's memory, on the Clock (embedded mode, tests). */
export class MemoryThrottlerStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly clock: Clock) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottleRecord> {
    const now = this.clock.now();
    this.forgetExpired(now);
    const id = `${throttlerName}:${key}`;
    let w = this.windows.get(id);
    if (w && w.blockedUntil > now) {
      return {
        totalHits: limit + 1,
        timeToExpire: seconds(w.expiresAt - now),
        isBlocked: true,
        timeToBlockExpire: seconds(w.blockedUntil - now),
      };
    }
    if (!w || w.expiresAt <= now) {
      w = { hits: 0, expiresAt: now + ttl, blockedUntil: 0 };
      this.windows.set(id, w);
    }
    w.hits++;
    if (w.hits > limit) {
      w.blockedUntil = now + blockDuration;
      w.expiresAt = w.blockedUntil;
      w.hits = 0;
      return {
        totalHits: limit + 1,
        timeToExpire: 0,
        isBlocked: true,
        timeToBlockExpire: seconds(blockDuration),
      };
    }
    return {
      totalHits: w.hits,
      timeToExpire: seconds(w.expiresAt - now),
      isBlocked: false,
      timeToBlockExpire: 0,
    };
  }

  private forgetExpired(now: number): void {
    if (this.windows.size < 10_000) return;
    for (const [id, w] of this.windows) {
      if (w.expiresAt <= now && w.blockedUntil <= now) this.windows.delete(id);
    }
  }
}
