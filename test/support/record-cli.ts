/** `gammadesk record …` run in process on a suite's test schema, for the record CLI suites. */
import { Command } from 'commander';
import { registerRecordCommands } from '../../src/cli/commands/record.js';
import { FakeClock } from '../../src/common/clock.js';
import { Database } from '../../src/database/database.js';
import { TEST_DATABASE_URL } from './database.js';

/**
 * A runner of one command line at a time on `schema()` (read when it runs, so a suite can open
 * its database in beforeAll), with the clock at `now`; it resolves to what the command wrote.
 */
export function recordCli(schema: () => string, now: number) {
  return async (...args: string[]): Promise<string> => {
    let out = '';
    const program = new Command('gammadesk').exitOverride();
    registerRecordCommands(program, {
      env: () => ({ NODE_ENV: 'test' }),
      openDatabase: () =>
        Database.open(
          {
            DATABASE_URL: TEST_DATABASE_URL,
            DATA_DIR: '.data',
            EMBEDDED_DB_IN_MEMORY: true,
            EMBEDDED_DB_PORT: 0,
          },
          { schema: schema(), runMigrations: false },
        ),
      clock: () => new FakeClock(now),
      write: (text) => void (out += text),
    });
    await program.parseAsync(['node', 'gammadesk', ...args]);
    return out;
  };
}
