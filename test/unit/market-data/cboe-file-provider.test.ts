import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import { CboeFileProvider } from '../../../src/market-data/adapters/cboe-file.js';
import { cboeQuoteCsv } from '../../../src/sandbox/providers/provider-payloads.js';
import { ProviderError } from '../../../src/market-data/http/provider-error.js';
import type { RawPayloadRecord } from '../../../src/market-data/ingest-sinks.js';

describe('CBOE file provider', () => {
  let dir: string;
  const raw: RawPayloadRecord[] = [];
  const clock = new FakeClock(Date.UTC(2026, 2, 2, 22, 0));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gd-cboe-'));
    const spec = { symbol: 'SPY', spot: 601.25, contracts: 200 };
    await writeFile(
      join(dir, 'spy_2026-02-27_quotedata.csv'),
      cboeQuoteCsv({ ...spec, date: '2026-02-27' }),
    );
    await writeFile(
      join(dir, 'spy_2026-03-02_quotedata.csv'),
      cboeQuoteCsv({ ...spec, date: '2026-03-02' }),
    );
    await writeFile(join(dir, 'qqq_2026-03-02_quotedata.csv'), 'not,a,quote,table\n');
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('reads the newest file of a symbol with the shared parser, archives it, drops settled rows', async () => {
    const provider = new CboeFileProvider({
      dir,
      clock,
      sinks: { raw: { record: (r) => raw.push(r) } },
    });
    const snap = await provider.fetchChain('SPY');
    expect(snap.source).toBe('cboe-file');
    expect(snap.underlying).toBe('SPY');
    expect(snap.spot).toBe(601.25);
    expect(snap.asOf).toBe('2026-03-02T21:15:00Z');
    // the file was written at 16:15 on 2026-03-02: that day's expiry had settled at 16:00
    expect(snap.quality.dropped.expired).toBeGreaterThan(0);
    expect(snap.contracts.every((c) => Date.parse(c.expiresAt) > Date.parse(snap.asOf))).toBe(true);
    expect(snap.quality.contractsKept).toBe(snap.contracts.length);
    expect(raw[0]).toMatchObject({ source: 'cboe-file', symbol: 'SPY', kind: 'chain-file' });
    const older = await provider.fetchChain('SPY', { date: '2026-02-27' });
    expect(older.asOf).toBe('2026-02-27T21:15:00Z');
  });

  it('fails clearly on a file that is not a quote table, and on a missing symbol', async () => {
    const provider = new CboeFileProvider({ dir, clock });
    const bad = await provider.fetchChain('QQQ').catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ProviderError);
    expect((bad as ProviderError).kind).toBe('schema');
    expect((bad as ProviderError).path).toBe('qqq_2026-03-02_quotedata.csv');
    const missing = await provider.fetchChain('IWM').catch((e: unknown) => e);
    expect((missing as ProviderError).kind).toBe('not_found');
  });
});
