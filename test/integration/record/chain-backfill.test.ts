/**
 * Entries lost in a crash: the engine stored its signals (and their closes) but the process died
 * before the recorder appended them. The missing entries are found, rebuilt exactly (the same
 * canonical text the live recorder writes), appended in time order, and the chain verifies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import { canonicalJson, entryKey } from '../../../src/record/canonical.js';
import { PAPER_ONLY_NOTE } from '../../../src/signals/signal-record.js';
import {
  createRecordServices,
  type RecordServices,
} from '../../../src/record/record.composition.js';
import { openTestDatabase } from '../../support/database.js';
import { DAY_UPDATES, T0 } from '../../support/record-day.js';
import { dayPayloads, insertEngineSignals } from '../../support/record-tables.js';

const CONFIG = {
  DISTRIBUTION_DELAY_PREMIUM_S: 0,
  DISTRIBUTION_DELAY_BASIC_S: 60,
  DISTRIBUTION_DELAY_FREE_S: 300,
};

describe('chain backfill after a crash', () => {
  let ctx: Awaited<ReturnType<typeof openTestDatabase>>;
  let record: RecordServices;
  const clock = new FakeClock(T0 + 86_400_000);

  beforeAll(async () => {
    ctx = await openTestDatabase();
    const ds = ctx.db.dataSource;
    record = createRecordServices({ dataSource: ds, clock, config: CONFIG });
    await insertEngineSignals(ds);
    // The engine's record of each close (its status history), as the signal ledger stores it.
    for (const u of DAY_UPDATES.filter((u) => u.kind === 'closed'))
      await ds.query(`UPDATE engine_signal SET history = $2, status = 'closed' WHERE id = $1`, [
        u.signalId,
        JSON.stringify([{ status: 'closed', at: u.at, note: u.reason }]),
      ]);
  });
  afterAll(async () => ctx?.drop());

  it('finds what the chain lacks, appends it in time order, and verifies intact', async () => {
    const all = dayPayloads();
    // The process died after its first append.
    await record.store.append(all[0], T0);

    const missing = await record.missing();
    // Stop moves too: the engine stores them with the signal.
    const expected = all.slice(1);
    expect(expected.some((p) => p.kind === 'stop_moved')).toBe(true);
    expect(missing.map(entryKey)).toEqual(expected.map(entryKey));
    expect(missing.map((p) => canonicalJson(p))).toEqual(expected.map((p) => canonicalJson(p)));

    expect(await record.backfill()).toHaveLength(expected.length);
    expect(await record.missing()).toEqual([]);
    expect(await record.backfill()).toEqual([]);
    const result = await record.verifier.verify();
    expect(result.intact).toBe(true);
    expect(result.entries).toBe(1 + expected.length);
  });

  it('leaves an entry a live recorder may still be appending (younger than the grace)', async () => {
    const ds = ctx.db.dataSource;
    const fresh = { ...dayPayloads()[0] };
    await ds.query(
      `INSERT INTO engine_signal (id, status, strategy, setup, symbol, direction, candidate, published,
         explanation, outcome, history, created_at, updated_at)
       SELECT 'SIG-20260303-001', 'active', strategy, setup, symbol, direction, candidate,
              published || jsonb_build_object('id', 'SIG-20260303-001', 'publishedAt', $1::bigint),
              explanation, NULL, '[]', created_at, updated_at
         FROM engine_signal WHERE id = $2`,
      [clock.now() - 60_000, fresh.signalId],
    );
    expect(await record.missing()).toEqual([]);
    clock.advance(10 * 60_000);
    expect((await record.missing()).map((p) => `${p.kind} ${p.signalId}`)).toEqual([
      'published SIG-20260303-001',
    ]);
  });

  it('never chains a paper-only signal: subscribers were not sent it', async () => {
    const ds = ctx.db.dataSource;
    const source = dayPayloads()[0];
    await ds.query(
      `INSERT INTO engine_signal (id, status, strategy, setup, symbol, direction, candidate, published,
         explanation, outcome, history, created_at, updated_at)
       SELECT 'SIG-20260303-002', 'active', strategy, setup, symbol, direction, candidate,
              published || jsonb_build_object('id', 'SIG-20260303-002', 'publishedAt', $1::bigint),
              explanation, NULL, $3::jsonb, created_at, updated_at
         FROM engine_signal WHERE id = $2`,
      [
        clock.now() - 3_600_000,
        source.signalId,
        JSON.stringify([
          { status: 'published', at: clock.now() - 3_600_000, note: PAPER_ONLY_NOTE },
        ]),
      ],
    );
    const missing = (await record.missing()).map((p) => p.signalId);
    expect(missing).not.toContain('SIG-20260303-002');
  });
});
