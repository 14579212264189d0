import type { Clock } from '../../common/clock.js';
import type { Sql } from '../../database/sql.js';
import { AdminUsers } from './admin-users.js';
import { AuditLog } from './audit-log.js';
import { LoginLockout } from './login-lockout.js';
import { AdminSessions } from './session-store.js';

/** The access layer's services: people, sessions, login lockout and the audit log. */
export interface AdminAccess {
  users: AdminUsers;
  sessions: AdminSessions;
  lockout: LoginLockout;
  audit: AuditLog;
}

export const ADMIN_ACCESS = Symbol('AdminAccess');

export function createAdminAccess(deps: {
  sql: Sql;
  clock: Clock;
  sessionHours: number;
}): AdminAccess {
  return {
    users: new AdminUsers(deps.sql),
    sessions: new AdminSessions(deps.sql, deps.sessionHours * 3_600_000),
    lockout: new LoginLockout(deps.sql),
    audit: new AuditLog(deps.sql, deps.clock),
  };
}
