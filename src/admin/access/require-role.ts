import { applyDecorators, SetMetadata, UseFilters, UseGuards } from '@nestjs/common';
import { AdminAccessFilter } from './access-filter.js';
import { AdminAccessGuard } from './access-guard.js';
import { ADMIN_ROLE_KEY, type RouteAccess } from './roles.js';

/**
 * The role an /admin or /api/admin route (or a whole controller; a handler's own overrides it)
 * requires. Portal routes admit a signed-in user whose role is at least this one, and check the
 * session's CSRF token on every POST; /api/admin routes admit the operator token (as admin).
 * A route without it is refused (403), and a test walks the route table for it.
 */
export function RequireRole(role: RouteAccess): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(ADMIN_ROLE_KEY, role),
    UseGuards(AdminAccessGuard),
    UseFilters(AdminAccessFilter),
  );
}
