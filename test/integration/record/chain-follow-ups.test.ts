/**
 * Follow-ups lost in a crash: a day's stop moves and closes were sent but the process died
 * before the recorder appended them. The engine stored each stop move with its signal (and each
 * close as its outcome), so `gammadesk record backfill` rebuilds them, and `record verify` then
 * says intact with the head the chain had before the loss.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../../../src/cli/cli-error.js';
import { ChainStore } from '../../../src/record/chain-store.js';
import { openTestDatabase } from '../../support/database.js';
import { recordCli } from '../../support/record-cli.js';
import { DAY_UPDATES, T0 } from '../../support/record-day.js';
import { chainDay, insertEngineSignals } from '../../support/record-tables.js';

describe('gammadesk record backfill of stop moves and closes', () => {
  let ctx: Awaited<ReturnType<typeof openTestDatabase>>;
  const run = recordCli(() => ctx.schema, T0 + 86_400_000);

  beforeAll(async () => {
    ctx = await openTestDatabase();
    const ds = ctx.db.dataSource;
    await insertEngineSignals(ds);
    for (const u of DAY_UPDATES.filter((u) => u.kind === 'closed'))
      await ds.query(`UPDATE engine_signal SET history = $2 WHERE id = $1`, [
        u.signalId,
        JSON.stringify([{ status: 'closed', at: u.at, note: u.reason }]),
      ]);
    await chainDay(new ChainStore(ds), T0);
  });
  afterAll(async () => ctx?.drop());

  it('rebuilds the lost follow-ups; verify is intact with the same head', async () => {
    const ds = ctx.db.dataSource;
    const before = await new ChainStore(ds).head();
    expect(await run('record', 'verify')).toBe(`intact, 9 entries, head ${before.hash}\n`);

    // The crash: every entry from the day's first follow-up on was never appended (the chain is
    // append-only, so only its tail can be missing). The append-only trigger is lifted for this.
    const [{ seq }] = (await ds.query(
      `SELECT min(seq)::int AS seq FROM record_chain WHERE kind <> 'published'`,
    )) as { seq: number }[];
    const lost = (await ds.query(
      `SELECT kind, signal_id FROM record_chain WHERE seq >= $1 ORDER BY seq`,
      [seq],
    )) as { kind: string; signal_id: string }[];
    expect(lost.filter((e) => e.kind === 'stop_moved')).toHaveLength(1);
    expect(lost.filter((e) => e.kind === 'closed').length).toBeGreaterThan(1);
    await ds.query(`ALTER TABLE record_chain DISABLE TRIGGER record_chain_append_only`);
    await ds.query(`DELETE FROM record_chain WHERE seq >= $1`, [seq]);
    await ds.query(`ALTER TABLE record_chain ENABLE TRIGGER record_chain_append_only`);

    const failure = await run('record', 'verify').catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(CliError);
    expect((failure as CliError).message).toContain('run `gammadesk record backfill`');

    const appended = await run('record', 'backfill');
    expect(appended).toBe(
      `appended ${lost.length} entries\n${lost.map((e) => `  ${e.kind} ${e.signal_id}\n`).join('')}`,
    );
    expect(await run('record', 'verify')).toBe(`intact, 9 entries, head ${before.hash}\n`);
    expect(await run('record', 'backfill')).toBe('appended 0 entries\n');
  });

  it('names a stop move whose stored new stop was changed', async () => {
    await ctx.db.dataSource.query(
      `UPDATE engine_signal SET stop_moves = jsonb_set(stop_moves, '{0,newStop}', '2.5')
        WHERE jsonb_array_length(stop_moves) > 0`,
    );
    const failure = await run('record', 'verify').catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(CliError);
    expect((failure as CliError).message).toMatch(
      /BROKEN at entry #\d+ \(stop_moved SIG-20260302-001\): stored stop move to 2\.5000 differs from the chained 2\.2000/,
    );
  });
});
