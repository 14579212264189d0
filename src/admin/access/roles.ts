/** The roles of an admin user, weakest first: each role may do what the ones before it may. */
export const ADMIN_ROLES = ['viewer', 'editor', 'admin'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

/**
 * viewer: reads every page; editor: also acts on content and subscribers (QA approvals,
 * resends, comps); admin: also the trading controls, people and the audit log.
 */
export function roleAllows(held: AdminRole, required: AdminRole): boolean {
  return ADMIN_ROLES.indexOf(held) >= ADMIN_ROLES.indexOf(required);
}

export function isAdminRole(value: unknown): value is AdminRole {
  return typeof value === 'string' && (ADMIN_ROLES as readonly string[]).includes(value);
}

/** Metadata key of a route's required role ('public' = the login page and the stylesheet). */
export const ADMIN_ROLE_KEY = 'gammadesk:admin-role';
export type RouteAccess = AdminRole | 'public';
