import { bearerTokenGuard } from '../common/bearer-token.js';
import type { AppConfig } from '../config/schema.js';
import { APP_CONFIG } from '../core/tokens.js';

/**
 * Guards the operator API (/api/admin/*): `Authorization: Bearer <ADMIN_API_TOKEN>`.
 * With no token configured the API is disabled and every request gets 401.
 */
export const AdminTokenGuard = bearerTokenGuard(
  APP_CONFIG,
  (config: AppConfig) => config.ADMIN_API_TOKEN,
  'a valid operator token is required',
);
