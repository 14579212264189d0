import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/common/clock.js';
import { AlphaVantageProvider } from '../../../src/market-data/adapters/alphavantage.js';
import { ProviderError } from '../../../src/market-data/http/provider-error.js';
import type { AnomalyRecord, RawPayloadRecord } from '../../../src/market-data/ingest-sinks.js';
import { FakeAlphaVantage } from '../../../src/sandbox/providers/alphavantage.js';

/** Wall time frozen at 10:00 New York; sleeps return at once but are logged. */
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

describe('AlphaVantage adapter against a local AlphaVantage', () => {
  let av: FakeAlphaVantage;
  let clock: LoggingClock;
  let provider: AlphaVantageProvider;
  const raw: RawPayloadRecord[] = [];
  const anomalies: AnomalyRecord[] = [];

  beforeAll(async () => {
    av = await new FakeAlphaVantage({
      apiKey: 'av-key',
      chains: { SPY: { symbol: 'SPY', spot: 601.25, date: '2026-03-02', contracts: 400 } },
    }).listen();
  });
  afterAll(async () => {
    await provider?.close();
    await av.close();
  });
  beforeEach(async () => {
    await provider?.close();
    av.clear();
    raw.length = 0;
    anomalies.length = 0;
    clock = new LoggingClock(NOW);
    provider = new AlphaVantageProvider({
      apiKey: 'av-key',
      baseUrl: av.baseUrl,
      clock,
      http,
      staleAfterMs: 900_000,
      sinks: {
        raw: { record: (r) => raw.push(r) },
        anomalies: { record: (a) => anomalies.push(a) },
      },
    });
  });

  it('pulls REALTIME_OPTIONS with Greeks and normalizes it', async () => {
    const snap = await provider.fetchChain('SPY');
    expect(av.requests[0].query).toMatchObject({
      function: 'REALTIME_OPTIONS',
      symbol: 'SPY',
      require_greeks: 'true',
      apikey: 'av-key',
    });
    expect(snap.source).toBe('alphavantage');
    expect(snap.underlying).toBe('SPY');
    expect(snap.spot).toBeGreaterThan(600);
    expect(snap.spot).toBeLessThan(602.5);
    expect(snap.quality.rowsReceived).toBe(400);
    expect(snap.contracts.length).toBe(400);
    const c = snap.contracts.find((x) => x.occSymbol === 'SPY260302C00601000');
    expect(c).toMatchObject({ root: 'SPY', right: 'call', strike: 601, settlement: 'PM' });
    expect(c?.iv).toBeGreaterThan(0);
    expect(c?.delta).toBeGreaterThan(0.3);
    expect(raw).toHaveLength(1);
    expect(raw[0]).toMatchObject({ source: 'alphavantage', symbol: 'SPY', kind: 'chain' });
  });

  it('pulls HISTORICAL_OPTIONS for a date, as of that close', async () => {
    const snap = await provider.fetchChain('SPY', { date: '2026-02-27' });
    expect(av.requests[0].query).toMatchObject({
      function: 'HISTORICAL_OPTIONS',
      date: '2026-02-27',
    });
    expect(snap.asOf).toBe('2026-02-27T21:00:00.000Z');
    // the 0DTE rows of that date settled at that close
    expect(snap.quality.dropped.expired).toBeGreaterThan(0);
  });

  it('waits Retry-After on 429, backs off on 500, then succeeds', async () => {
    av.fail(
      { status: 429, headers: { 'retry-after': '2' }, body: { message: 'slow down' } },
      { status: 500, body: 'Internal Server Error' },
    );
    const snap = await provider.fetchChain('SPY');
    expect(snap.contracts.length).toBe(400);
    expect(av.requests.map((r) => r.status)).toEqual([429, 500, 200]);
    expect(clock.sleeps[0]).toBe(2_000);
    expect(clock.sleeps[1]).toBeGreaterThanOrEqual(0);
    expect(clock.sleeps[1]).toBeLessThan(200);
  });

  it('times out a hung request, retries it, and fails as a timeout when every attempt hangs', async () => {
    const quick = new AlphaVantageProvider({
      apiKey: 'av-key',
      baseUrl: av.baseUrl,
      clock,
      http: { ...http, timeoutMs: 150, retries: 1 },
      staleAfterMs: 900_000,
    });
    av.fail({ status: 200, body: {}, delayMs: 2_000 });
    const snap = await quick.fetchChain('SPY');
    expect(snap.contracts.length).toBe(400);
    expect(av.requests).toHaveLength(2);
    av.fail({ status: 200, body: {}, delayMs: 2_000, times: 2 });
    const err = await expectProviderError(quick.fetchChain('SPY'));
    expect(err.kind).toBe('timeout');
    await quick.close();
  });

  it('fails as quota without waiting when Retry-After is longer than it will wait', async () => {
    av.fail({ status: 429, headers: { 'retry-after': '3600' } });
    const err = await expectProviderError(provider.fetchChain('SPY'));
    expect(err.kind).toBe('quota');
    expect(clock.sleeps).toEqual([]);
    expect(av.requests).toHaveLength(1);
  });

  it('gives up after its retries on a persistent 500', async () => {
    av.fail({ status: 500, times: 10 });
    const err = await expectProviderError(provider.fetchChain('SPY'));
    expect(err.kind).toBe('server');
    expect(av.requests).toHaveLength(4);
  });

  it('treats the 200-with-"Information" quota body as a quota error', async () => {
    av.fail({ status: 200, body: FakeAlphaVantage.QUOTA_BODY });
    const err = await expectProviderError(provider.fetchChain('SPY'));
    expect(err.kind).toBe('quota');
    expect(err.message).toContain('rate limit');
    av.fail({ status: 200, body: FakeAlphaVantage.NOTE_BODY });
    expect((await expectProviderError(provider.fetchIntradayBars('SPY'))).kind).toBe('quota');
  });

  it('treats the 200-with-"Error Message" bodies as auth and bad-request errors', async () => {
    const bad = new AlphaVantageProvider({
      apiKey: 'wrong',
      baseUrl: av.baseUrl,
      clock,
      http,
      staleAfterMs: 900_000,
    });
    expect((await expectProviderError(bad.fetchChain('SPY'))).kind).toBe('auth');
    await bad.close();
    av.fail({
      status: 200,
      body: { 'Error Message': 'Invalid API call. Please retry or visit the documentation.' },
    });
    expect((await expectProviderError(provider.fetchChain('SPY'))).kind).toBe('bad_request');
    expect((await expectProviderError(provider.fetchChain('NOPE'))).kind).toBe('bad_request');
  });

  it('rejects malformed JSON as a payload problem, after archiving it', async () => {
    av.fail({ status: 200, body: '{"endpoint": "Realtime Options", "data": [' });
    const err = await expectProviderError(provider.fetchChain('SPY'));
    expect(err.kind).toBe('malformed');
    expect(err.isPayloadProblem).toBe(true);
    expect(raw[0].body).toContain('"data": [');
  });

  it('rejects a changed schema with the path of the problem', async () => {
    const renamed = {
      endpoint: 'Realtime Options',
      message: 'success',
      data: [
        {
          contract_id: 'SPY260302C00600000',
          symbol: 'SPY',
          expiry: '2026-03-02',
          strike_price: 600,
        },
      ],
    };
    av.fail({ status: 200, body: renamed });
    const err = await expectProviderError(provider.fetchChain('SPY'));
    expect(err.kind).toBe('schema');
    expect(err.path).toBe('data.0.contractID');
    av.fail({ status: 200, body: { endpoint: 'Realtime Options', options: [] } });
    const whole = await expectProviderError(provider.fetchChain('SPY'));
    expect(whole.kind).toBe('schema');
    expect(whole.path).toBe('data');
  });

  it('reads intraday bars, indicators and macro series', async () => {
    const bars = await provider.fetchIntradayBars('SPY');
    expect(bars).toHaveLength(5);
    expect(bars[0]).toMatchObject({ start: '2026-03-02T14:30:00.000Z', open: 600, volume: 10_000 });
    for (const name of ['RSI', 'MACD', 'BBANDS'] as const) {
      const series = await provider.fetchIndicator('SPY', name);
      expect(series.points).toHaveLength(3);
      expect(Object.values(series.points[0].values).every(Number.isFinite)).toBe(true);
    }
    const rsi = await provider.fetchIndicator('SPY', 'RSI');
    expect(rsi.points[2].values.RSI).toBe(52);
    const ffr = await provider.fetchMacro('FEDERAL_FUNDS_RATE');
    expect(ffr.points).toEqual([
      { date: '2025-12-01', value: 4.48 },
      { date: '2026-02-01', value: 4.33 },
    ]);
    expect(av.requests.map((r) => r.query.function)).toContain('TIME_SERIES_INTRADAY');
  });

  it('opens its circuit after repeated failures and stops calling', async () => {
    const fragile = new AlphaVantageProvider({
      apiKey: 'av-key',
      baseUrl: av.baseUrl,
      clock,
      http: {
        ...http,
        retries: 0,
        breaker: { errorThresholdPercentage: 50, volumeThreshold: 2, resetTimeoutMs: 60_000 },
      },
      staleAfterMs: 900_000,
    });
    av.fail({ status: 503, times: 2 });
    await expectProviderError(fragile.fetchChain('SPY'));
    await expectProviderError(fragile.fetchChain('SPY'));
    const before = av.requests.length;
    const err = await expectProviderError(fragile.fetchChain('SPY'));
    expect(err.kind).toBe('circuit_open');
    expect(av.requests.length).toBe(before);
    expect(fragile.circuitState).toBe('open');
    await fragile.close();
  });
});
