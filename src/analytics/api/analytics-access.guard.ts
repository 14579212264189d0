/**
 * The analytics API's paywall. Credentials: the operator token (`Authorization: Bearer
 * <ADMIN_API_TOKEN>`) or a subscriber API key (`X-API-Key: gd_live_…`; also accepted as a
 * bearer token). No or wrong credentials → 401 with `WWW-Authenticate: Bearer`; a Free key → 403
 * naming the tier that unlocks the API; a key over its budget → 429 with Retry-After.
 */
import {
  ForbiddenException,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Optional,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Response } from 'express';
import {
  API_KEY_PREFIX,
  API_KEY_VERIFIER,
  type ApiKeyVerifier,
} from '../../common/api-key-verifier.js';
import { bearerToken } from '../../common/bearer-token.js';
import { safeEqual } from '../../common/safe-equal.js';
import { CONFIG_SLICE, type AnalyticsConfig } from '../../config/slices.js';
import type { RequestWithCaller } from './api-caller.js';
import { ApiKeyRateLimiter } from './api-key-rate-limiter.js';

export const API_KEY_HEADER = 'x-api-key';

@Injectable()
export class AnalyticsAccessGuard implements CanActivate {
  constructor(
    @Inject(CONFIG_SLICE.analytics) private readonly config: AnalyticsConfig,
    @Inject(ApiKeyRateLimiter) private readonly limiter: ApiKeyRateLimiter,
    @Optional() @Inject(API_KEY_VERIFIER) private readonly keys: ApiKeyVerifier | null,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<RequestWithCaller>();
    const res = http.getResponse<Response>();
    const bearer = bearerToken(req.headers.authorization);
    const operator = this.config.ADMIN_API_TOKEN;
    if (operator && bearer && safeEqual(bearer, operator)) {
      req.analyticsCaller = { kind: 'operator' };
      return true;
    }
    const header = req.headers[API_KEY_HEADER];
    const key =
      typeof header === 'string' ? header : bearer?.startsWith(API_KEY_PREFIX) ? bearer : null;
    const holder = key && this.keys ? await this.keys.verify(key) : null;
    if (!holder) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="GammaDesk analytics"');
      throw new UnauthorizedException(
        key || bearer
          ? 'invalid or revoked credentials'
          : 'credentials required: an API key (X-API-Key) or the operator token (Bearer)',
      );
    }
    if (holder.tier === 'free') {
      throw new ForbiddenException(
        'the analytics API needs a Basic (delayed, rounded levels) or Premium (live) subscription',
      );
    }
    const rate = await this.limiter.hit(holder.keyId);
    res.setHeader('X-RateLimit-Limit', String(rate.limit));
    res.setHeader('X-RateLimit-Remaining', String(rate.remaining));
    if (!rate.allowed) {
      res.setHeader('Retry-After', String(rate.retryAfterS));
      throw new HttpException(
        `rate limit of ${rate.limit} requests a minute for this API key exceeded`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    req.analyticsCaller = { kind: 'api-key', ...holder, tier: holder.tier };
    return true;
  }
}
