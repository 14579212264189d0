import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { Database } from '../../src/database/database.js';

/** The machine's PostgreSQL (trust auth, database `test`); overridable for other setups. */
export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A real PostgreSQL database in a schema of its own, migrated, so suites (and developers
 * running suites side by side) never see each other's rows. `drop()` removes the schema.
 */
export async function openTestDatabase(
  options: { runMigrations?: boolean } = {},
): Promise<{ db: Database; schema: string; drop: () => Promise<void> }> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const db = await Database.open(
    {
      DATABASE_URL: TEST_DATABASE_URL,
      DATA_DIR: '.data',
      EMBEDDED_DB_IN_MEMORY: true,
      EMBEDDED_DB_PORT: 0,
    },
    { schema, runMigrations: options.runMigrations ?? true },
  );
  return {
    db,
    schema,
    drop: async () => {
      await db.close();
      const c = new Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

/** A unique Redis key prefix for Bull queues and caches in one suite. */
export function uniqueRedisPrefix(label: string): string {
  return `gdtest:${label}:${randomBytes(4).toString('hex')}`;
}

/** A second connection to a suite's schema (another API process on the same database). */
export function reopenTestDatabase(schema: string): Promise<Database> {
  return Database.open(
    {
      DATABASE_URL: TEST_DATABASE_URL,
      DATA_DIR: '.data',
      EMBEDDED_DB_IN_MEMORY: true,
      EMBEDDED_DB_PORT: 0,
    },
    { schema, runMigrations: false },
  );
}
