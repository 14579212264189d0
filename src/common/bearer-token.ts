import {
  Inject,
  Injectable,
  mixin,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
  type InjectionToken,
  type Type,
} from '@nestjs/common';
import type { Request } from 'express';
import { safeEqual } from './safe-equal.js';

/** The token of an `Authorization: Bearer <token>` header; null when absent or malformed. */
export function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer (\S+)$/.exec(header ?? '');
  return m ? m[1] : null;
}

/**
 * A guard admitting requests whose bearer token equals a configured secret (compared in constant
 * time), read from the module's config slice. With no secret configured the routes are closed:
 * every request gets 401 `message`.
 *
 *   bearerTokenGuard(CONFIG_SLICE.admin, (c: AdminConfig) => c.ADMIN_API_TOKEN, '…');
 */
export function bearerTokenGuard<C>(
  configToken: InjectionToken,
  secretOf: (config: C) => string | undefined,
  message: string,
): Type<CanActivate> {
  @Injectable()
  class BearerTokenGuard implements CanActivate {
    constructor(@Inject(configToken) private readonly config: C) {}

    canActivate(context: ExecutionContext): boolean {
      const expected = secretOf(this.config);
      const given = bearerToken(context.switchToHttp().getRequest<Request>().headers.authorization);
      if (!expected || !given || !safeEqual(given, expected)) {
        throw new UnauthorizedException(message);
      }
      return true;
    }
  }
  return mixin(BearerTokenGuard);
}
