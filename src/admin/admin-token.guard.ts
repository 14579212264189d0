import { bearerTokenGuard } from '../common/bearer-token.js';
import { CONFIG_SLICE, type AdminConfig } from '../config/slices.js';

/**
 * Guards the operator API (/api/admin/*): `Authorization: Bearer <ADMIN_API_TOKEN>`.
 * With no token configured the API is disabled and every request gets 401.
 */
export const AdminTokenGuard = bearerTokenGuard(
  CONFIG_SLICE.admin,
  (config: AdminConfig) => config.ADMIN_API_TOKEN,
  'a valid operator token is required',
);
