import {
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { bearerToken } from '../../common/bearer-token.js';
import type { Clock } from '../../common/clock.js';
import { safeEqual } from '../../common/safe-equal.js';
import { CONFIG_SLICE, type AdminConfig } from '../../config/slices.js';
import { CLOCK } from '../../core/tokens.js';
import { parseCookies } from '../portal/cookies.js';
import { AdminLoginRequired, AdminRefused } from './access-errors.js';
import { ADMIN_ACCESS, type AdminAccess } from './access.js';
import type { AdminPrincipal, AdminRequest } from './principal.js';
import { ADMIN_ROLE_KEY, roleAllows, type RouteAccess } from './roles.js';

export const SESSION_COOKIE = 'gd_admin';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The CSRF token a request carries: the form field `csrf` or the `X-CSRF-Token` header. */
function csrfOf(req: AdminRequest): unknown {
  const body: unknown = req.body;
  if (body && typeof body === 'object' && Object.hasOwn(body, 'csrf'))
    return (body as Record<string, unknown>).csrf;
  return req.headers['x-csrf-token'];
}

/**
 * Admits a request to an admin route by its declared role (RequireRole): the operator token on
 * /api/admin, a signed-in user of that role (and, on POST, the session's CSRF token) elsewhere.
 * A route that declares no role is refused.
 */
@Injectable()
export class AdminAccessGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(ADMIN_ACCESS) private readonly access: AdminAccess,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG_SLICE.admin) private readonly config: AdminConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const required = this.reflector.getAllAndOverride<RouteAccess | undefined>(ADMIN_ROLE_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (required === undefined) throw new AdminRefused('This admin route declares no role.');
    if (required === 'public') return true;
    const req = context.switchToHttp().getRequest<AdminRequest>();
    req.adminPrincipal ??= req.path.startsWith('/api/')
      ? this.tokenPrincipal(req)
      : await this.sessionPrincipal(req);
    const principal = req.adminPrincipal;
    if (!roleAllows(principal.role, required)) {
      throw new AdminRefused(
        `Your role (${principal.role}) cannot do this: it needs the ${required} role.`,
      );
    }
    if (principal.session && !SAFE_METHODS.has(req.method)) {
      if (!this.access.sessions.checkCsrf(principal.session, csrfOf(req))) {
        throw new AdminRefused(
          'The form expired or did not come from this portal (its CSRF token is missing or wrong). Go back, reload and retry.',
        );
      }
    }
    return true;
  }

  private tokenPrincipal(req: AdminRequest): AdminPrincipal {
    const expected = this.config.ADMIN_API_TOKEN;
    const given = bearerToken(req.headers.authorization);
    if (!expected || !given || !safeEqual(given, expected)) {
      throw new UnauthorizedException('a valid operator token is required');
    }
    return { actor: 'api-token', role: 'admin', userId: null, session: null };
  }

  private async sessionPrincipal(req: AdminRequest): Promise<AdminPrincipal> {
    const cookie = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
    const session = await this.access.sessions.verify(cookie, this.clock.now());
    if (!session) throw new AdminLoginRequired();
    return {
      actor: session.email,
      role: session.role,
      userId: session.userId,
      session: { id: session.id, csrf: session.csrf },
    };
  }
}
