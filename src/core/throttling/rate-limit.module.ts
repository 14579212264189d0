import { Injectable, Module, type ExecutionContext } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import {
  ThrottlerException,
  ThrottlerGuard,
  ThrottlerModule,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
} from '@nestjs/throttler';
import type { Request, Response } from 'express';
import type { Redis } from 'ioredis';
import type { Clock } from '../../common/clock.js';
import { CONFIG_SLICE, type CoreConfig } from '../../config/slices.js';
import { CLOCK, REDIS } from '../tokens.js';
import { doorOf } from './door-limits.js';
import { MemoryThrottlerStorage, RedisThrottlerStorage } from './throttler-storages.js';

const requestOf = (context: ExecutionContext): Request =>
  context.switchToHttp().getRequest<Request>();
const door = (context: ExecutionContext) =>
  context.getType() === 'http' ? doorOf(requestOf(context)) : undefined;

/** The throttlers: one counting per client IP, one per target; both skip doors without limits. */
export function rateLimitOptions(
  config: Pick<CoreConfig, 'QUEUE_PREFIX'>,
  clock: Clock,
  redis: Redis | null,
) {
  const options: ThrottlerModuleOptions = {
    storage: redis
      ? new RedisThrottlerStorage(redis, `${config.QUEUE_PREFIX ?? 'gammadesk'}:throttle:`)
      : new MemoryThrottlerStorage(clock),
    setHeaders: false,
    errorMessage: 'too many requests; retry after the time in Retry-After',
    throttlers: [
      {
        name: 'ip',
        skipIf: (context) => !door(context),
        limit: (context) => door(context)?.perIp.limit ?? 0,
        ttl: (context) => door(context)?.perIp.ttlMs ?? 1,
        getTracker: (req) => String((req as Request).ip ?? 'unknown'),
      },
      {
        name: 'target',
        skipIf: (context) => {
          const d = door(context);
          return !d?.perTarget || d.perTarget.target(requestOf(context)) === null;
        },
        limit: (context) => door(context)?.perTarget?.limit ?? 0,
        ttl: (context) => door(context)?.perTarget?.ttlMs ?? 1,
        getTracker: (req, context) => door(context)?.perTarget?.target(req as Request) ?? '',
      },
    ],
  };
  return options;
}

/** ThrottlerGuard answering 429 with a plain Retry-After (seconds) whichever throttler fired. */
@Injectable()
export class DoorThrottlerGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const res = context.switchToHttp().getResponse<Response>();
    res.setHeader('Retry-After', String(Math.max(1, detail.timeToBlockExpire)));
    throw new ThrottlerException(await this.getErrorMessage(context, detail));
  }
}

/**
 * Rate limits on the public doors (door-limits.ts), counted in Redis when REDIS_URL is set (so
 * every API process shares them), else in memory on the Clock.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [CONFIG_SLICE.core, CLOCK, REDIS],
      useFactory: rateLimitOptions,
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: DoorThrottlerGuard }],
})
export class RateLimitModule {}
