/**
 * What a database-backed CLI command runs with (injectable: tests pass their own environment,
 * database and clock) and the one way it opens them: the config is loaded (a bad one is a usage
 * error, exit 2), the database opened and migrated, and always closed after.
 */
import { SystemClock, type Clock } from '../common/clock.js';
import { loadConfig } from '../config/config.js';
import type { AppConfig } from '../config/schema.js';
import { Database } from '../database/database.js';
import { CliError } from './cli-error.js';

export interface DatabaseCliDeps {
  env: () => Record<string, string | undefined>;
  openDatabase: (config: AppConfig) => Promise<Database>;
  clock: () => Clock;
  write: (text: string) => void;
}

export const defaultDatabaseCliDeps: DatabaseCliDeps = {
  env: () => process.env,
  openDatabase: (config) => Database.open(config),
  clock: () => new SystemClock(),
  write: (text) => process.stdout.write(text),
};

export async function withDatabase<T>(
  deps: DatabaseCliDeps,
  fn: (database: Database, config: AppConfig, clock: Clock) => Promise<T>,
): Promise<T> {
  let config: AppConfig;
  try {
    config = loadConfig(deps.env());
  } catch (err) {
    throw new CliError(err instanceof Error ? err.message : String(err), 2);
  }
  const clock = deps.clock();
  const database = await deps.openDatabase(config);
  try {
    return await fn(database, config, clock);
  } finally {
    await database.close();
  }
}
