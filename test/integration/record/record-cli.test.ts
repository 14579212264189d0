import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../../../src/cli/cli-error.js';
import { ChainStore } from '../../../src/record/chain-store.js';
import { openTestDatabase } from '../../support/database.js';
import { recordCli } from '../../support/record-cli.js';
import { T0 } from '../../support/record-day.js';
import { chainDay, insertEngineSignals } from '../../support/record-tables.js';

describe('gammadesk record verify / export', () => {
  let ctx: Awaited<ReturnType<typeof openTestDatabase>>;
  /** Runs one command line in process, on the suite's schema. */
  const run = recordCli(() => ctx.schema, T0);

  beforeAll(async () => {
    ctx = await openTestDatabase();
    await insertEngineSignals(ctx.db.dataSource);
    await chainDay(new ChainStore(ctx.db.dataSource), T0);
  });
  afterAll(async () => ctx?.drop());

  it('prints "intact, N entries, head H" and verifies a range', async () => {
    const head = await new ChainStore(ctx.db.dataSource).head();
    expect(await run('record', 'verify')).toBe(`intact, 9 entries, head ${head.hash}\n`);
    expect(
      await run('record', 'verify', '--from', '2026-03-02T16:00:00Z', '--to', '2026-03-02'),
    ).toMatch(/^intact, 0 entries/);
    await expect(run('record', 'verify', '--from', 'yesterday')).rejects.toMatchObject({
      exitCode: 2,
    });
  });

  it('exports JSON lines', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gd-record-cli-')), 'record.jsonl');
    expect(await run('record', 'export', '--out', file)).toMatch(
      /^exported 9 entries and 5 signals/,
    );
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1 + 9 + 5);
  });

  it('exits 1 and names the entry on a break', async () => {
    await ctx.db.dataSource.query(
      `UPDATE engine_signal SET published = jsonb_set(published, '{size}', '20') WHERE id = 'SIG-20260302-004'`,
    );
    const failure = await run('record', 'verify').catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(CliError);
    expect(failure).toMatchObject({ exitCode: 1 });
    expect((failure as CliError).message).toMatch(
      /BROKEN at entry #\d+ \(published SIG-20260302-004\): stored signal differs from the chained entry in "size"/,
    );
  });
});
