/**
 * `gammadesk admin create EMAIL [--role admin|editor|viewer]` — an admin user of the portal; the
 *   password is read from stdin when it is piped (`echo "$PW" | gammadesk admin create …`) or
 *   asked for (twice, not echoed) at a terminal.
 * `gammadesk admin password EMAIL` — set a user's password (same input); their sessions stay.
 * `gammadesk admin list` — users, roles and whether they are disabled.
 */
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { Clock } from '../../common/clock.js';
import { AdminUserError, AdminUsers } from '../../admin/access/admin-users.js';
import { AuditLog } from '../../admin/access/audit-log.js';
import { isAdminRole } from '../../admin/access/roles.js';
import { defaultDatabaseCliDeps, withDatabase, type DatabaseCliDeps } from '../cli-database.js';
import { CliError } from '../cli-error.js';

export interface AdminCliDeps extends DatabaseCliDeps {
  /** The new password: piped stdin's first line, or asked for at a terminal. */
  readPassword: () => Promise<string>;
}

/** Reads a line without echoing it (a terminal) or the first line of piped input. */
function askHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const out = rl as unknown as { _writeToOutput: (s: string) => void };
    process.stderr.write(prompt);
    out._writeToOutput = () => undefined;
    rl.once('line', (line) => {
      rl.close();
      process.stderr.write('\n');
      resolve(line);
    });
    rl.once('close', () => reject(new CliError('no password given', 2)));
  });
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let text = '';
    for await (const chunk of process.stdin) text += String(chunk);
    return text.split(/\r?\n/)[0] ?? '';
  }
  const first = await askHidden('Password (at least 12 characters): ');
  const again = await askHidden('Again: ');
  if (first !== again) throw new CliError('the passwords differ', 2);
  return first;
}

const defaultDeps: AdminCliDeps = { ...defaultDatabaseCliDeps, readPassword };

/** The admin users and the audit log of the configured database; refusals are usage errors. */
function withUsers<T>(
  deps: AdminCliDeps,
  fn: (users: AdminUsers, audit: AuditLog, clock: Clock) => Promise<T>,
): Promise<T> {
  return withDatabase(deps, async ({ dataSource }, _config, clock) => {
    try {
      return await fn(new AdminUsers(dataSource), new AuditLog(dataSource, clock), clock);
    } catch (err) {
      if (err instanceof AdminUserError) throw new CliError(err.message, 2);
      throw err;
    }
  });
}

export function registerAdminCommands(program: Command, deps: AdminCliDeps = defaultDeps): void {
  const admin = program.command('admin').description('People of the admin portal');

  admin
    .command('create <email>')
    .description('Create an admin user (password from stdin, or asked for)')
    .option('--role <role>', 'admin, editor or viewer', 'admin')
    .action(async (email: string, opts: { role: string }) => {
      const role = opts.role;
      if (!isAdminRole(role)) throw new CliError(`--role must be admin, editor or viewer`, 2);
      const password = await deps.readPassword();
      const user = await withUsers(deps, async (users, audit, clock) => {
        const created = await users.create(email, role, password, clock.now());
        await audit.record({
          actor: 'cli',
          action: 'user.create',
          target: created.email,
          before: null,
          after: { role: created.role },
        });
        return created;
      });
      deps.write(`created ${user.email} (${user.role}); sign in at /admin/login\n`);
    });

  admin
    .command('password <email>')
    .description("Set a user's password (from stdin, or asked for)")
    .action(async (email: string) => {
      const password = await deps.readPassword();
      const done = await withUsers(deps, async (users, audit) => {
        const user = await users.byEmail(email);
        if (!user) throw new CliError(`no admin user ${email}`, 2);
        await users.setPassword(user.id, password);
        await audit.record({
          actor: 'cli',
          action: 'user.password',
          target: user.email,
          before: null,
          after: null,
        });
        return user;
      });
      deps.write(`password of ${done.email} changed\n`);
    });

  admin
    .command('list')
    .description('Admin users and their roles')
    .action(async () => {
      const list = await withUsers(deps, (users) => users.list());
      for (const u of list) {
        deps.write(`${u.email}\t${u.role}${u.disabledAt !== null ? '\tdisabled' : ''}\n`);
      }
      if (list.length === 0) deps.write('no admin users: gammadesk admin create EMAIL\n');
    });
}
