import { UnauthorizedException } from '@nestjs/common';
import { bearerToken } from '../common/bearer-token.js';
import type { SubscriberService } from './subscriber-service.js';

/**
 * The subscriber of an `Authorization: Bearer <manage token>` header, or 401 when it is missing,
 * forged, expired or revoked (the token version is checked on every use).
 */
export async function subscriberOfManageToken(
  subscribers: SubscriberService,
  authorization: string | undefined,
): Promise<string> {
  const token = bearerToken(authorization);
  const id = token ? await subscribers.subscriberFromManageToken(token) : null;
  if (!id) throw new UnauthorizedException('a valid profile token is required');
  return id;
}
