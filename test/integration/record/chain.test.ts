import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import { GENESIS_HASH } from '../../../src/record/canonical.js';
import { exportChain } from '../../../src/record/chain-export.js';
import { describeVerify } from '../../../src/record/chain-verifier.js';
import {
  createRecordServices,
  type RecordServices,
} from '../../../src/record/record.composition.js';
import { Database } from '../../../src/database/database.js';
import { openTestDatabase, TEST_DATABASE_URL } from '../../support/database.js';
import { DAY_SIGNALS, T0 } from '../../support/record-day.js';
import { chainDay, dayPayloads, insertEngineSignals } from '../../support/record-tables.js';

const CONFIG = {
  DISTRIBUTION_DELAY_PREMIUM_S: 0,
  DISTRIBUTION_DELAY_BASIC_S: 60,
  DISTRIBUTION_DELAY_FREE_S: 300,
};

/** The README's "Track record" script, exactly as printed there. */
function readmeScript(): string {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Track record'));
  const match = /```js\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error('README has no verify script in "Track record"');
  return match[1];
}

describe('signal hash chain in PostgreSQL', () => {
  let ctx: Awaited<ReturnType<typeof openTestDatabase>>;
  let record: RecordServices;
  const clock = new FakeClock(T0);

  beforeAll(async () => {
    ctx = await openTestDatabase();
    record = createRecordServices({ dataSource: ctx.db.dataSource, clock, config: CONFIG });
  });
  afterAll(async () => ctx?.drop());
  beforeEach(async () => {
    const ds = ctx.db.dataSource;
    await ds.query(`ALTER TABLE record_chain DISABLE TRIGGER record_chain_no_truncate`);
    await ds.query(`TRUNCATE record_chain, engine_signal`);
    await ds.query(`ALTER TABLE record_chain ENABLE TRIGGER record_chain_no_truncate`);
    await insertEngineSignals(ds);
    await chainDay(record.store, T0);
  });

  it('links every entry to the one before and verifies intact with its head', async () => {
    const entries = await record.store.all();
    expect(entries).toHaveLength(dayPayloads().length);
    expect(entries[0].prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < entries.length; i++) expect(entries[i].prevHash).toBe(entries[i - 1].hash);
    const result = await record.verifier.verify();
    const head = await record.store.head();
    expect(describeVerify(result)).toBe(`intact, ${entries.length} entries, head ${head.hash}`);
  });

  it('records a re-delivered entry once', async () => {
    const before = await record.store.head();
    const again = await record.store.append(dayPayloads()[0], T0);
    expect(again.seq).toBe(1);
    expect(await record.store.head()).toEqual(before);
  });

  it('serialises concurrent appends: no fork, no gap', async () => {
    const base = DAY_SIGNALS[0];
    const payloads = Array.from({ length: 20 }, (_, i) => ({
      ...dayPayloads()[0],
      signalId: `SIG-20260303-${String(i + 1).padStart(3, '0')}`,
      at: base.publishedAt + 86_400_000 + i,
    }));
    // A second connection pool on the same schema: two processes racing for the head.
    const other = await Database.open(
      {
        DATABASE_URL: TEST_DATABASE_URL,
        DATA_DIR: '.data',
        EMBEDDED_DB_IN_MEMORY: true,
        EMBEDDED_DB_PORT: 0,
      },
      { schema: ctx.schema, runMigrations: false },
    );
    try {
      const otherStore = createRecordServices({
        dataSource: other.dataSource,
        clock,
        config: CONFIG,
      }).store;
      await Promise.all(payloads.map((p, i) => (i % 2 ? otherStore : record.store).append(p, T0)));
    } finally {
      await other.close();
    }
    const result = await record.verifier.verify();
    expect(result).toMatchObject({ intact: true, entries: dayPayloads().length + 20 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE of chain rows', async () => {
    const ds = ctx.db.dataSource;
    await expect(ds.query(`UPDATE record_chain SET signal_id = 'x' WHERE seq = 1`)).rejects.toThrow(
      /append-only/,
    );
    await expect(ds.query(`DELETE FROM record_chain WHERE seq = 2`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`TRUNCATE record_chain`)).rejects.toThrow(/append-only/);
    expect(await record.verifier.verify()).toMatchObject({ intact: true });
  });

  it('names the entry whose stored payload was changed behind the trigger', async () => {
    const ds = ctx.db.dataSource;
    // A superuser can switch the trigger off; the hash still gives the change away.
    await ds.query(`ALTER TABLE record_chain DISABLE TRIGGER record_chain_append_only`);
    await ds.query(
      `UPDATE record_chain SET payload = replace(payload, '"entry":"3.0000"', '"entry":"1.9000"') WHERE signal_id = $1 AND kind = 'published'`,
      ['SIG-20260302-002'],
    );
    await ds.query(`ALTER TABLE record_chain ENABLE TRIGGER record_chain_append_only`);
    const result = await record.verifier.verify();
    expect(result.intact).toBe(false);
    if (result.intact) return;
    expect(result.broken).toMatchObject({ signalId: 'SIG-20260302-002', kind: 'published' });
    expect(describeVerify(result)).toMatch(
      /BROKEN at entry #\d+ \(published SIG-20260302-002\): hash does not match/,
    );
  });

  it('names the entry whose underlying signal was edited in the engine table', async () => {
    await ctx.db.dataSource.query(
      `UPDATE engine_signal SET published = jsonb_set(published, '{stop}', '1.2') WHERE id = 'SIG-20260302-001'`,
    );
    const result = await record.verifier.verify();
    expect(result).toMatchObject({
      intact: false,
      broken: {
        seq: 1,
        signalId: 'SIG-20260302-001',
        reason: 'stored signal differs from the chained entry in "stop"',
      },
    });
  });

  it('names a deleted entry as a gap', async () => {
    const ds = ctx.db.dataSource;
    await ds.query(`ALTER TABLE record_chain DISABLE TRIGGER record_chain_append_only`);
    await ds.query(`DELETE FROM record_chain WHERE seq = 3`);
    await ds.query(`ALTER TABLE record_chain ENABLE TRIGGER record_chain_append_only`);
    expect(await record.verifier.verify()).toMatchObject({
      intact: false,
      broken: { seq: 4, reason: 'sequence gap: expected #3' },
    });
  });

  it('verifies a time range from the entry before it', async () => {
    const entries = await record.store.all();
    const result = await record.verifier.verify({ from: entries[3].at, to: entries[5].at });
    expect(result).toMatchObject({ intact: true, entries: 3, head: entries[5].hash });
  });

  it('exports JSON lines that the README script verifies to the same head, and catches an edit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gd-record-'));
    const file = join(dir, 'track-record.jsonl');
    const script = join(dir, 'verify-record.mjs');
    writeFileSync(script, readmeScript());
    const summary = await exportChain(record.store, record.signals, file, T0);
    expect(summary).toMatchObject({ entries: dayPayloads().length, signals: DAY_SIGNALS.length });
    const out = execFileSync(process.execPath, [script, file], { encoding: 'utf8' });
    expect(out.trim()).toBe(`intact, ${summary.entries} entries, head ${summary.head}`);

    const lines = readFileSync(file, 'utf8').split('\n');
    const i = lines.findIndex(
      (l) => l.includes('"type":"entry"') && l.includes('SIG-20260302-003'),
    );
    writeFileSync(
      file,
      lines.map((l, j) => (j === i ? l.replace('"1.0000"', '"0.9000"') : l)).join('\n'),
    );
    expect(() => execFileSync(process.execPath, [script, file], { stdio: 'pipe' })).toThrow(
      /broken at entry #/,
    );
  });
});
