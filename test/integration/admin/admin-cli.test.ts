import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminUsers } from '../../../src/admin/access/admin-users.js';
import { AuditLog } from '../../../src/admin/access/audit-log.js';
import { registerAdminCommands } from '../../../src/cli/commands/admin.js';
import { FakeClock } from '../../../src/common/clock.js';
import type { Database } from '../../../src/database/database.js';
import { openTestDatabase, reopenTestDatabase } from '../../support/database.js';

describe('gammadesk admin …', () => {
  let db: Database;
  let schema: string;
  let drop: () => Promise<void>;
  const clock = new FakeClock(Date.UTC(2026, 2, 2, 15, 0));
  beforeAll(async () => {
    ({ db, schema, drop } = await openTestDatabase());
  });
  afterAll(async () => drop?.());

  async function run(password: string, ...args: string[]): Promise<string> {
    let out = '';
    const program = new Command('gammadesk').exitOverride();
    registerAdminCommands(program, {
      env: () => ({ NODE_ENV: 'test' }),
      openDatabase: () => reopenTestDatabase(schema), // closed by the command
      clock: () => clock,
      write: (t) => {
        out += t;
      },
      readPassword: () => Promise.resolve(password),
    });
    await program.parseAsync(['node', 'gammadesk', ...args]);
    return out;
  }

  it('creates an admin whose password signs in (argon2id), and audits it as the CLI', async () => {
    const out = await run(
      'a long enough password',
      'admin',
      'create',
      'Boss@Example.com',
      '--role',
      'admin',
    );
    expect(out).toContain('created boss@example.com (admin)');
    const users = new AdminUsers(db.dataSource);
    expect(await users.authenticate('boss@example.com', 'a long enough password')).toMatchObject({
      email: 'boss@example.com',
      role: 'admin',
    });
    expect(await users.authenticate('boss@example.com', 'a long enough passworD')).toBeNull();
    const [row] = (await db.dataSource.query(`SELECT password_hash FROM admin_user`)) as {
      password_hash: string;
    }[];
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    const [entry] = await new AuditLog(db.dataSource, clock).search({ action: 'user.create' });
    expect(entry).toMatchObject({
      actor: 'cli',
      target: 'boss@example.com',
      after: { role: 'admin' },
    });
    expect(await run('', 'admin', 'list')).toContain('boss@example.com\tadmin');
  });

  it('refuses a short password, an unknown role and a second user with the same email', async () => {
    await expect(run('short', 'admin', 'create', 'x@example.com')).rejects.toThrow(/at least 12/);
    await expect(
      run('a long enough password', 'admin', 'create', 'x@example.com', '--role', 'root'),
    ).rejects.toThrow(/--role/);
    await expect(
      run('another long password', 'admin', 'create', 'boss@example.com'),
    ).rejects.toThrow(/already exists/);
  });

  it('changes a password', async () => {
    await run('a brand new password', 'admin', 'password', 'boss@example.com');
    const users = new AdminUsers(db.dataSource);
    expect(await users.authenticate('boss@example.com', 'a brand new password')).not.toBeNull();
    expect(await users.authenticate('boss@example.com', 'a long enough password')).toBeNull();
  });
});
