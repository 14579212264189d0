/**
 * A bench's own schema in the machine's PostgreSQL (BENCH_DATABASE_URL, default the test
 * database), migrated, and dropped after the bench whatever happens.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { Database } from '../../src/database/database.js';

export const BENCH_DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function withBenchSchema(
  prefix: string,
  fn: (db: Database) => Promise<void>,
): Promise<void> {
  const schema = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: BENCH_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const db = await Database.open(
    {
      DATABASE_URL: BENCH_DATABASE_URL,
      DATA_DIR: '.data',
      EMBEDDED_DB_IN_MEMORY: true,
      EMBEDDED_DB_PORT: 0,
    },
    { schema },
  );
  try {
    await fn(db);
  } finally {
    await db.close();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}
