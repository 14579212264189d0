import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { openTestDatabase } from '../support/database.js';

describe('migrations on a real PostgreSQL', () => {
  let ctx: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    ctx = await openTestDatabase({ runMigrations: false });
  });
  afterAll(async () => ctx?.drop());

  async function tables(): Promise<string[]> {
    const rows: { table_name: string }[] = await ctx.db.dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name <> 'migrations' ORDER BY 1`,
      [ctx.schema],
    );
    return rows.map((r) => r.table_name);
  }

  it('runs every migration up, then every one down, leaving no table behind', async () => {
    expect(await tables()).toEqual([]);
    const ran = await ctx.db.dataSource.runMigrations({ transaction: 'each' });
    expect(ran.map((m) => m.name)).toEqual(migrations.map((M) => new M().name));
    expect((await tables()).length).toBeGreaterThan(0);
    expect(await tables()).toContain('raw_payload');
    for (let i = 0; i < migrations.length; i++) {
      await ctx.db.dataSource.undoLastMigration({ transaction: 'each' });
    }
    expect(await tables()).toEqual([]);
    // and up again: down migrations left nothing that blocks a clean re-run
    const again = await ctx.db.dataSource.runMigrations({ transaction: 'each' });
    expect(again).toHaveLength(migrations.length);
  });
});
