import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { AdminRole } from './roles.js';

/** Who a request acts as: a signed-in portal user, or the operator API token. */
export interface AdminPrincipal {
  /** The audit log's actor: the user's email, or `api-token`. */
  actor: string;
  role: AdminRole;
  /** Set for portal users (null for the API token). */
  userId: string | null;
  /** The portal session (its id is the token's hash) and its CSRF token, for portal users. */
  session: { id: string; csrf: string } | null;
}

export type AdminRequest = Request & { adminPrincipal?: AdminPrincipal };

/** The principal the access guard admitted (it always runs first on admin routes). */
export function principalOf(req: Request): AdminPrincipal {
  const principal = (req as AdminRequest).adminPrincipal;
  if (!principal) throw new Error('admin route without the access guard');
  return principal;
}

/** Controller parameter: the request's AdminPrincipal. */
export const CurrentAdmin = createParamDecorator((_data: unknown, ctx: ExecutionContext) =>
  principalOf(ctx.switchToHttp().getRequest<Request>()),
);
