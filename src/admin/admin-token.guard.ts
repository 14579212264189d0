import {
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request } from 'express';
import { APP_CONFIG } from '../core/tokens.js';
import { safeEqual } from '../common/safe-equal.js';
import type { AppConfig } from '../config/schema.js';

/**
 * Guards the operator API (/api/admin/*): `Authorization: Bearer <ADMIN_API_TOKEN>`.
 * With no token configured the API is disabled and every request gets 401.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const expected = this.config.ADMIN_API_TOKEN;
    const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    const match = /^Bearer (.+)$/.exec(header);
    if (!expected || !match || !safeEqual(match[1], expected)) {
      throw new UnauthorizedException('a valid operator token is required');
    }
    return true;
  }
}
