import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/common/clock.js';
import { MassiveProvider } from '../../../src/market-data/adapters/massive.js';
import { ProviderError } from '../../../src/market-data/http/provider-error.js';
import type { RawPayloadRecord } from '../../../src/market-data/ingest-sinks.js';
import { FakeMassive } from '../../../src/sandbox/providers/massive.js';

class LoggingClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(private readonly at: number) {}
  now(): number {
    return this.at;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
  }
}

const NOW = Date.UTC(2026, 2, 2, 15, 0, 0);
const http = {
  timeoutMs: 2_000,
  retries: 3,
  baseDelayMs: 100,
  maxDelayMs: 2_000,
  maxRetryAfterMs: 60_000,
  breaker: { errorThresholdPercentage: 50, volumeThreshold: 1_000, resetTimeoutMs: 30_000 },
};

async function expectProviderError(p: Promise<unknown>): Promise<ProviderError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
}

describe('Massive adapter against a local Massive', () => {
  let massive: FakeMassive;
  let clock: LoggingClock;
  let provider: MassiveProvider;
  const raw: RawPayloadRecord[] = [];

  beforeAll(async () => {
    massive = await new FakeMassive({
      apiKey: 'm-key',
      quotedAtMs: NOW - 5_000,
      chains: {
        SPY: { symbol: 'SPY', spot: 601.25, date: '2026-03-02', contracts: 500 },
        SPX: { symbol: 'SPX', spot: 6012.5, date: '2026-03-02', contracts: 60, root: 'SPXW' },
      },
    }).listen();
  });
  afterAll(async () => {
    await provider?.close();
    await massive.close();
  });
  beforeEach(async () => {
    await provider?.close();
    massive.clear();
    raw.length = 0;
    clock = new LoggingClock(NOW);
    provider = new MassiveProvider({
      apiKey: 'm-key',
      baseUrl: massive.baseUrl,
      clock,
      http,
      staleAfterMs: 900_000,
      pageSize: 120,
      sinks: { raw: { record: (r) => raw.push(r) } },
    });
  });

  it('follows next_url through every page, carrying the key, and normalizes the chain', async () => {
    const snap = await provider.fetchChain('SPY');
    expect(massive.requests).toHaveLength(5); // 500 results, 120 per page
    expect(massive.requests.every((r) => r.query.apiKey === 'm-key' && r.status === 200)).toBe(
      true,
    );
    expect(massive.requests[1].query.cursor).toBeDefined();
    expect(raw).toHaveLength(5);
    expect(snap.source).toBe('massive');
    expect(snap.spot).toBe(601.25);
    expect(snap.quality).toEqual({ rowsReceived: 500, contractsKept: 500, dropped: {} });
    expect(snap.contracts[0].occSymbol).toMatch(/^SPY2603/);
    const again = await provider.fetchChain('SPY');
    expect(again.snapshotId).toBe(snap.snapshotId);
  });

  it('keeps the SPXW root from the O: ticker', async () => {
    const snap = await provider.fetchChain('SPX');
    expect(snap.contracts.every((c) => c.root === 'SPXW' && c.settlement === 'PM')).toBe(true);
  });

  it('retries a 429 on a later page with Retry-After as an HTTP date, and a 500', async () => {
    massive.fail(
      {
        match: 'cursor=',
        status: 429,
        headers: { 'retry-after': new Date(NOW + 3_000).toUTCString() },
        body: { status: 'ERROR', error: 'rate limited' },
      },
      { match: 'cursor=', status: 502, body: '<html>bad gateway</html>' },
    );
    const snap = await provider.fetchChain('SPY');
    expect(snap.contracts).toHaveLength(500);
    expect(massive.requests.map((r) => r.status)).toEqual([200, 429, 502, 200, 200, 200, 200]);
    expect(clock.sleeps[0]).toBe(3_000);
  });

  it('fails clearly on a wrong key without retrying', async () => {
    const bad = new MassiveProvider({
      apiKey: 'nope',
      baseUrl: massive.baseUrl,
      clock,
      http,
      staleAfterMs: 1,
    });
    const err = await expectProviderError(bad.fetchChain('SPY'));
    expect(err.kind).toBe('auth');
    expect(err.message).not.toContain('nope');
    expect(massive.requests).toHaveLength(1);
    await bad.close();
  });

  it('rejects malformed JSON and a changed schema as payload problems', async () => {
    massive.fail({ status: 200, body: '{"status":"OK","results":[{"details":' });
    expect((await expectProviderError(provider.fetchChain('SPY'))).kind).toBe('malformed');
    massive.fail({
      status: 200,
      body: {
        status: 'OK',
        request_id: 'x',
        results: [{ contract: { type: 'call', strike: 600 } }],
      },
    });
    const err = await expectProviderError(provider.fetchChain('SPY'));
    expect(err.kind).toBe('schema');
    expect(err.path).toBe('results.0.details');
    massive.fail({ status: 200, body: { status: 'OK', results: 'none' } });
    expect((await expectProviderError(provider.fetchChain('SPY'))).path).toBe('results');
  });

  it('drops stale and crossed rows and counts them', async () => {
    const good = { status: 'OK', request_id: 'p', results: [] as unknown[] };
    const base = {
      details: {
        contract_type: 'call',
        expiration_date: '2026-03-06',
        strike_price: 600,
        ticker: 'O:SPY260306C00600000',
      },
      last_quote: { bid: 5, ask: 5.2, last_updated: (NOW - 1_000) * 1e6 },
      open_interest: 10,
      underlying_asset: { price: 601 },
    };
    good.results = [
      base,
      {
        ...base,
        details: { ...base.details, strike_price: 605, ticker: 'O:SPY260306C00605000' },
        last_quote: { bid: 3, ask: 3.1, last_updated: (NOW - 3_600_000) * 1e6 },
      },
      {
        ...base,
        details: { ...base.details, strike_price: 610, ticker: 'O:SPY260306C00610000' },
        last_quote: { bid: 2, ask: 1.5, last_updated: NOW * 1e6 },
      },
    ];
    massive.fail({ status: 200, body: good });
    const snap = await provider.fetchChain('SPY');
    expect(snap.quality).toEqual({
      rowsReceived: 3,
      contractsKept: 1,
      dropped: { stale: 1, crossed_market: 1 },
    });
  });

  it('lists reference contracts across pages', async () => {
    const contracts = await provider.listContracts('SPY');
    expect(contracts).toHaveLength(500);
    expect(contracts[0]).toMatchObject({ underlying_ticker: 'SPY', shares_per_contract: 100 });
    expect(massive.requests[0].path).toBe('/v3/reference/options/contracts');
  });
});
