/**
 * Who is calling the analytics API, as the guard established it: the operator (ADMIN_API_TOKEN)
 * or a subscriber API key of a paying tier. Controllers read it with `@Caller()`.
 */
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Tier } from '../../vocabulary/tier.js';

export type AnalyticsCaller =
  | { kind: 'operator' }
  | { kind: 'api-key'; keyId: string; subscriberId: string; tier: Exclude<Tier, 'free'> };

export type RequestWithCaller = Request & { analyticsCaller?: AnalyticsCaller };

/** Whether the caller sees live, exact figures (operator, Premium) or Basic's delayed, coarse ones. */
export const seesLive = (caller: AnalyticsCaller): boolean =>
  caller.kind === 'operator' || caller.tier === 'premium';

export const Caller = createParamDecorator((_: unknown, ctx: ExecutionContext): AnalyticsCaller => {
  const caller = ctx.switchToHttp().getRequest<RequestWithCaller>().analyticsCaller;
  // The guard runs before every handler that takes @Caller(); reaching here without it is a bug.
  if (!caller) throw new Error('analytics route without AnalyticsAccessGuard');
  return caller;
});
