import { first, isoOf, msOf, rows, type Sql } from '../../database/sql.js';
import { hashPassword, passwordMatches, passwordProblem } from './passwords.js';
import { isAdminRole, type AdminRole } from './roles.js';

export interface AdminUser {
  id: string;
  email: string;
  role: AdminRole;
  createdAt: number;
  disabledAt: number | null;
}

interface UserRow {
  id: string;
  email: string;
  role: string;
  password_hash: string;
  created_at: Date | string;
  disabled_at: Date | string | null;
}

/** A refused change to an admin user (the message is safe to show). */
export class AdminUserError extends Error {}

const emailPattern = /^[^\s@]+@[^\s@]+$/;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function userOf(r: UserRow): AdminUser {
  if (!isAdminRole(r.role)) throw new Error(`admin_user ${r.id} has unknown role ${r.role}`);
  return {
    id: String(r.id),
    email: r.email,
    role: r.role,
    createdAt: msOf(r.created_at)!,
    disabledAt: msOf(r.disabled_at),
  };
}

/** The portal's people (admin_user): created by the CLI or by an admin, never deleted, disabled. */
export class AdminUsers {
  constructor(private readonly sql: Sql) {}

  async create(
    email: string,
    role: AdminRole,
    password: string,
    nowMs: number,
  ): Promise<AdminUser> {
    const address = normaliseEmail(email);
    if (!emailPattern.test(address) || address.length > 254)
      throw new AdminUserError(`"${email}" is not an email address`);
    const problem = passwordProblem(password);
    if (problem) throw new AdminUserError(problem);
    const row = await first<UserRow>(
      this.sql,
      `INSERT INTO admin_user (email, role, password_hash, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (email) DO NOTHING RETURNING *`,
      [address, role, await hashPassword(password), isoOf(nowMs)],
    );
    if (!row) throw new AdminUserError(`an admin user ${address} already exists`);
    return userOf(row);
  }

  /** The enabled user whose email and password these are, else null (same time either way). */
  async authenticate(email: string, password: string): Promise<AdminUser | null> {
    const row = await first<UserRow>(
      this.sql,
      `SELECT * FROM admin_user WHERE email = $1 AND disabled_at IS NULL`,
      [normaliseEmail(email)],
    );
    const ok = await passwordMatches(row?.password_hash ?? null, password);
    return ok && row ? userOf(row) : null;
  }

  async byId(id: string): Promise<AdminUser | null> {
    if (!/^\d{1,18}$/.test(id)) return null;
    const row = await first<UserRow>(this.sql, `SELECT * FROM admin_user WHERE id = $1`, [id]);
    return row ? userOf(row) : null;
  }

  async byEmail(email: string): Promise<AdminUser | null> {
    const row = await first<UserRow>(this.sql, `SELECT * FROM admin_user WHERE email = $1`, [
      normaliseEmail(email),
    ]);
    return row ? userOf(row) : null;
  }

  async list(): Promise<AdminUser[]> {
    return (await rows<UserRow>(this.sql, `SELECT * FROM admin_user ORDER BY email`)).map(userOf);
  }

  async count(): Promise<number> {
    const row = await first<{ n: string }>(this.sql, `SELECT count(*) AS n FROM admin_user`);
    return Number(row?.n ?? 0);
  }

  async setRole(id: string, role: AdminRole): Promise<void> {
    await this.sql.query(`UPDATE admin_user SET role = $2 WHERE id = $1`, [id, role]);
  }

  async setPassword(id: string, password: string): Promise<void> {
    const problem = passwordProblem(password);
    if (problem) throw new AdminUserError(problem);
    await this.sql.query(`UPDATE admin_user SET password_hash = $2 WHERE id = $1`, [
      id,
      await hashPassword(password),
    ]);
  }

  /** Disables (and ends every session of) a user, or enables them again. */
  async setDisabled(id: string, disabled: boolean, nowMs: number): Promise<void> {
    await this.sql.query(`UPDATE admin_user SET disabled_at = $2 WHERE id = $1`, [
      id,
      disabled ? isoOf(nowMs) : null,
    ]);
    if (disabled) await this.sql.query(`DELETE FROM admin_session WHERE user_id = $1`, [id]);
  }
}
