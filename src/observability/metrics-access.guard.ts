/**
 * Who may read /metrics (its per-tier delivery counters show when each tier is sent to):
 * with METRICS_TOKEN set, only `Authorization: Bearer <METRICS_TOKEN>` (Prometheus'
 * `authorization.credentials`); without it, nobody in production (404, as if not served) and
 * anyone outside production (local development).
 */
import {
  Inject,
  Injectable,
  NotFoundException,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { bearerToken } from '../common/bearer-token.js';
import { safeEqual } from '../common/safe-equal.js';
import { CONFIG_SLICE, type CoreConfig } from '../config/slices.js';

@Injectable()
export class MetricsAccessGuard implements CanActivate {
  constructor(@Inject(CONFIG_SLICE.core) private readonly config: CoreConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const expected = this.config.METRICS_TOKEN;
    if (!expected) {
      if (this.config.NODE_ENV === 'production') throw new NotFoundException();
      return true;
    }
    const http = context.switchToHttp();
    const given = bearerToken(http.getRequest<Request>().headers.authorization);
    if (!given || !safeEqual(given, expected)) {
      http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new UnauthorizedException('a valid metrics token is required');
    }
    return true;
  }
}
