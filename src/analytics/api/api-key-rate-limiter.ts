/**
 * Per-key request budget of the analytics API: API_KEY_RATE_LIMIT_PER_MINUTE in a one-minute
 * window, on the same @nestjs/throttler storages as the public doors — counted in Redis when there
 * is one (every API process shares the budget), else in this process on the Clock. A key past its
 * budget is refused for a minute.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import type { Clock } from '../../common/clock.js';
import { CONFIG_SLICE, type AnalyticsConfig } from '../../config/slices.js';
import {
  MemoryThrottlerStorage,
  RedisThrottlerStorage,
} from '../../core/throttling/throttler-storages.js';
import { CLOCK, REDIS } from '../../core/tokens.js';

const WINDOW_MS = 60_000;

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the key may call again (Retry-After when refused). */
  retryAfterS: number;
}

@Injectable()
export class ApiKeyRateLimiter {
  private readonly storage: ThrottlerStorage;

  constructor(
    @Inject(CONFIG_SLICE.analytics) private readonly config: AnalyticsConfig,
    @Inject(CLOCK) clock: Clock,
    @Inject(REDIS) redis: Redis | null,
  ) {
    this.storage = redis
      ? new RedisThrottlerStorage(redis, `${config.QUEUE_PREFIX}:throttle:`)
      : new MemoryThrottlerStorage(clock);
  }

  async hit(keyId: string): Promise<RateDecision> {
    const limit = this.config.API_KEY_RATE_LIMIT_PER_MINUTE;
    const r = await this.storage.increment(keyId, WINDOW_MS, limit, WINDOW_MS, 'api-key');
    return {
      allowed: !r.isBlocked,
      limit,
      remaining: r.isBlocked ? 0 : Math.max(0, limit - r.totalHits),
      retryAfterS: Math.max(1, r.timeToBlockExpire),
    };
  }
}
