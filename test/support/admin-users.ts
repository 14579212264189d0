import type request from 'supertest';
import { AdminUsers } from '../../src/admin/access/admin-users.js';
import type { AdminRole } from '../../src/admin/access/roles.js';
import type { Database } from '../../src/database/database.js';

type Agent = ReturnType<typeof request.agent>;

export const ADMIN_EMAIL = 'ops@gammadesk.test';
export const ADMIN_PASSWORD = 'correct horse battery staple';

/** An admin user straight in the database (as `gammadesk admin create` makes one). */
export async function createAdminUser(
  db: Database,
  email = ADMIN_EMAIL,
  role: AdminRole = 'admin',
  password = ADMIN_PASSWORD,
): Promise<void> {
  await new AdminUsers(db.dataSource).create(email, role, password, Date.UTC(2026, 0, 1));
}

/** The login form's CSRF value (the GET also sets its cookie on the agent). */
export async function loginCsrf(agent: Agent): Promise<string> {
  const page = await agent.get('/admin/login');
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1];
  if (!csrf) throw new Error('login page without a CSRF field');
  return csrf;
}

/** Signs the agent in through the form; returns the response (303 on success). */
export async function signIn(agent: Agent, email = ADMIN_EMAIL, password = ADMIN_PASSWORD) {
  const csrf = await loginCsrf(agent);
  return agent.post('/admin/login').type('form').send({ email, password, csrf });
}

/** A signed-in page's CSRF token (every form carries it). */
export async function pageCsrf(agent: Agent, path = '/admin/account'): Promise<string> {
  const page = await agent.get(path);
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1];
  if (!csrf) throw new Error(`${path} without a CSRF field (status ${page.status})`);
  return csrf;
}

/** A sign-in POST without an agent (its own login-form cookie and token); the raw response. */
export async function postLogin(
  url: string,
  password: string,
  email = ADMIN_EMAIL,
): Promise<request.Response> {
  const { default: supertest } = await import('supertest');
  const page = await supertest(url).get('/admin/login');
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
  const formCookie = String(page.headers['set-cookie']?.[0] ?? '').split(';')[0];
  return supertest(url)
    .post('/admin/login')
    .set('Cookie', formCookie)
    .type('form')
    .send({ email, password, csrf });
}

/** The `gd_admin=…` pair of a sign-in response, for a Cookie header. */
export function sessionCookie(res: request.Response): string {
  const all = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return (all.find((c) => c.startsWith('gd_admin=')) ?? '').split(';')[0];
}
