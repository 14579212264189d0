/**
 * `ingest record --provider alphavantage|massive` and `ingest backfill` through the CLI against
 * the local AlphaVantage and Massive fakes (their real payload shapes), on a scaled clock, then a
 * backtest on the recorded days. Quota, 429, bad key and bad date ranges end in clear errors
 * that leave no half-written day behind.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ScaledClock, type Clock } from '../../../src/common/clock.js';
import { nyInstant } from '../../../src/common/market-calendar.js';
import { registerBacktestCommand } from '../../../src/cli/commands/backtest.js';
import { registerIngestCommands } from '../../../src/cli/commands/ingest.js';
import { ReplayProvider } from '../../../src/market-data/adapters/replay.js';
import { readManifest, readSymbolSeries } from '../../../src/market-data/recording/recording.js';
import { FakeAlphaVantage } from '../../../src/sandbox/providers/alphavantage.js';
import { FakeMassive } from '../../../src/sandbox/providers/massive.js';

/** A clock the fakes and the CLI share; each test points it somewhere and sets its speed. */
class TestClock implements Clock {
  inner: Clock = new ScaledClock(0, 1);
  at(ms: number, speed: number): this {
    this.inner = new ScaledClock(ms, speed);
    return this;
  }
  now(): number {
    return this.inner.now();
  }
  sleep(ms: number): Promise<void> {
    return this.inner.sleep(ms);
  }
}

const chains = {
  SPY: { symbol: 'SPY', spot: 601.25, date: '2026-03-02', contracts: 120 },
  QQQ: { symbol: 'QQQ', spot: 520.5, date: '2026-03-02', contracts: 120 },
};

describe('ingest record and backfill from HTTP providers', () => {
  const clock = new TestClock();
  let av: FakeAlphaVantage;
  let massive: FakeMassive;
  let root: string;
  let env: Record<string, string>;
  const out: string[] = [];
  const err: string[] = [];

  async function run(args: string[], extraEnv: Record<string, string> = {}): Promise<void> {
    out.length = 0;
    err.length = 0;
    const program = new Command('gammadesk').exitOverride();
    registerIngestCommands(program, { clock, env: { ...env, ...extraEnv } });
    registerBacktestCommand(program);
    await program.parseAsync(args, { from: 'user' });
  }
  /** `ingest record` (AlphaVantage unless named; no --symbols: the CLI's default universe). */
  function record(
    o: { provider?: string; symbols?: string; duration: string; interval?: string; out: string },
    extraEnv?: Record<string, string>,
  ): Promise<void> {
    const args = ['ingest', 'record', '--provider', o.provider ?? 'alphavantage'];
    if (o.symbols) args.push('--symbols', o.symbols);
    args.push('--duration', o.duration);
    if (o.interval) args.push('--interval', o.interval);
    return run([...args, '--out', o.out], extraEnv);
  }
  /** `ingest backfill` (AlphaVantage unless named). */
  function backfill(o: {
    provider?: string;
    from: string;
    to: string;
    symbols: string;
    out: string;
  }): Promise<void> {
    return run([
      'ingest',
      'backfill',
      '--provider',
      o.provider ?? 'alphavantage',
      '--from',
      o.from,
      '--to',
      o.to,
      '--symbols',
      o.symbols,
      '--out',
      o.out,
    ]);
  }
  const stdoutJson = <T>() => JSON.parse(out.join('')) as T;
  const visibleEntries = async (dir: string) => (await readdir(dir).catch(() => [])).sort();

  beforeAll(async () => {
    av = await new FakeAlphaVantage({ apiKey: 'av-key', chains, now: () => clock.now() }).listen();
    massive = await new FakeMassive({
      apiKey: 'm-key',
      chains,
      quotedAtMs: () => clock.now(),
      defaultLimit: 50,
    }).listen();
    root = await mkdtemp(join(tmpdir(), 'gd-provider-rec-'));
    env = {
      ALPHAVANTAGE_API_KEY: 'av-key',
      ALPHAVANTAGE_BASE_URL: av.baseUrl,
      MASSIVE_API_KEY: 'm-key',
      MASSIVE_BASE_URL: massive.baseUrl,
      MARKET_DATA_HTTP_RETRIES: '1',
    };
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      err.push(String(chunk));
      return true;
    });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await av?.close();
    await massive?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('records a short AlphaVantage session: chains, 1-minute bars and indicators, replayable', async () => {
    // 60×: ten recorded minutes take ten seconds, leaving room for a loaded machine.
    clock.at(nyInstant('2026-03-02', '10:00'), 60);
    const dir = join(root, 'live-av');
    await record({ symbols: 'SPY,QQQ', duration: '10m', interval: '60', out: dir });
    const summary = stdoutJson<{
      stoppedBy: string;
      segments: { dir: string; snapshots: number }[];
    }>();
    expect(summary.stoppedBy).toBe('end');
    const entries = await visibleEntries(dir);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatch(/^2026-03-02-10\d\d$/);
    const day = join(dir, entries[0]);
    const manifest = await readManifest(day);
    expect(manifest).toMatchObject({
      provider: 'alphavantage',
      date: '2026-03-02',
      origin: 'live',
    });
    for (const symbol of ['SPY', 'QQQ']) {
      expect(manifest.symbols[symbol].count).toBeGreaterThanOrEqual(2);
      const series = [];
      for await (const item of readSymbolSeries(day, manifest, symbol)) series.push(item);
      const bars = series.filter((s) => s.kind === 'bar');
      expect(bars.length).toBeGreaterThan(0);
      // Only today's closed bars, each once, oldest first.
      expect(bars.every((b) => b.start >= nyInstant('2026-03-02', '09:30'))).toBe(true);
      expect(new Set(bars.map((b) => b.start)).size).toBe(bars.length);
      expect(series.some((s) => s.kind === 'indicator' && s.indicator === 'RSI')).toBe(true);
    }
    const replay = await ReplayProvider.open(day);
    const played = await replay.play(() => undefined, { speed: Number.POSITIVE_INFINITY });
    expect(played.digestMismatches).toEqual([]);
    expect(played.snapshots).toBe(manifest.symbols.SPY.count + manifest.symbols.QQQ.count);
    expect(err.join('')).toMatch(/^Recording SPY and QQQ from AlphaVantage until/);
    expect(err.join('')).toMatch(/Wrote 2026-03-02 \(\d+ chains from .* to .*\) to /);
    expect(av.requestsTo({ path: '/query' }).some((r) => r.query.function === 'RSI')).toBe(true);
  });

  it('records Massive chains (it has no bars or indicators)', async () => {
    clock.at(nyInstant('2026-03-02', '11:00'), 60);
    const dir = join(root, 'live-massive');
    await record({ provider: 'massive', symbols: 'SPY', duration: '6m', out: dir });
    const entries = await visibleEntries(dir);
    expect(entries).toHaveLength(1);
    const manifest = await readManifest(join(dir, entries[0]));
    expect(manifest.provider).toBe('massive');
    expect(manifest.symbols.SPY.count).toBeGreaterThanOrEqual(2);
    expect(manifest.symbols.SPY.series).toBeUndefined();
  });

  it('backfills two trading days over a weekend and a holiday, resumes, and backtests them', async () => {
    // Saturday: backfill runs at once (days off are outside the live session).
    clock.at(nyInstant('2026-02-21', '10:00'), 600);
    const dir = join(root, 'history');
    av.clear();
    await backfill({ from: '2026-02-13', to: '2026-02-17', symbols: 'SPY,QQQ', out: dir });
    const summary = stdoutJson<{
      written: string[];
      skipped: string[];
      calls: number;
      stoppedBy: string;
    }>();
    expect(summary).toMatchObject({
      written: ['2026-02-13', '2026-02-17'],
      skipped: [],
      calls: 6,
      stoppedBy: 'done',
    });
    expect(err.join('')).toMatch(
      /Backfilling 2 trading days from 2026-02-13 to 2026-02-17 \(3 days in between are a weekend or holiday\)/,
    );
    expect(await visibleEntries(dir)).toEqual(['2026-02-13', '2026-02-17']);
    const requests = av.requestsTo({ path: '/query' });
    expect(
      requests
        .filter((r) => r.query.function === 'HISTORICAL_OPTIONS')
        .map((r) => r.query.date)
        .sort(),
    ).toEqual(['2026-02-13', '2026-02-13', '2026-02-17', '2026-02-17']);
    const month = requests.filter((r) => r.query.function === 'TIME_SERIES_INTRADAY');
    expect(month.map((r) => [r.query.symbol, r.query.month, r.query.outputsize]).sort()).toEqual([
      ['QQQ', '2026-02', 'full'],
      ['SPY', '2026-02', 'full'],
    ]);
    const manifest = await readManifest(join(dir, '2026-02-17'));
    expect(manifest).toMatchObject({ origin: 'historical', provider: 'alphavantage' });
    expect(manifest.symbols.SPY).toMatchObject({
      count: 1,
      firstAsOf: new Date(nyInstant('2026-02-17', '16:00')).toISOString(),
    });
    expect(manifest.symbols.SPY.series?.count).toBe(390);

    // Run again: both days are there, nothing is fetched.
    av.clear();
    await backfill({ from: '2026-02-13', to: '2026-02-17', symbols: 'SPY,QQQ', out: dir });
    expect(stdoutJson<{ skipped: string[]; calls: number }>()).toMatchObject({
      skipped: ['2026-02-13', '2026-02-17'],
      calls: 0,
    });
    expect(av.requests).toHaveLength(0);

    await run([
      'backtest',
      '--from',
      '2026-02-13',
      '--to',
      '2026-02-17',
      '--symbols',
      'SPY,QQQ',
      '--source',
      dir,
      '--json',
      '--monte-carlo',
      '0',
      '--out',
      join(root, 'bt'),
    ]);
    const report = stdoutJson<{ dataSource: string; days: string[] }>();
    expect(report.dataSource).toMatch(
      /^recorded provider days \(alphavantage, historical closing chains and 1-minute bars: 2026-02-13, 2026-02-17\) from /,
    );
    expect(report.days).toEqual(['2026-02-13', '2026-02-17']);
  });

  it('waits for 16:30 New York on a trading day before backfill calls (the quota plan)', async () => {
    // 600×: forty minutes before 16:30 take four seconds, room for a slow start on a loaded machine.
    clock.at(nyInstant('2026-02-20', '15:50'), 600);
    const out = join(root, 'after-close');
    await backfill({ from: '2026-02-19', to: '2026-02-19', symbols: 'SPY', out });
    expect(err.join('')).toMatch(/Backfill calls wait until Fri 20 Feb 2026 16:30 New York/);
    expect(stdoutJson<{ written: string[] }>().written).toEqual(['2026-02-19']);
    expect(clock.now()).toBeGreaterThanOrEqual(nyInstant('2026-02-20', '16:30'));
  });

  it('stops on a spent quota with a clear error and no half-written day', async () => {
    clock.at(nyInstant('2026-02-21', '10:00'), 600);
    const dir = join(root, 'quota');
    av.fail({ match: 'HISTORICAL_OPTIONS', body: FakeAlphaVantage.QUOTA_BODY, times: 50 });
    await expect(
      backfill({ from: '2026-02-10', to: '2026-02-11', symbols: 'SPY', out: dir }),
    ).rejects.toThrow(
      /The backfill stopped: AlphaVantage's call quota is used up .* 0 days written; run the same command again to resume/,
    );
    expect(await visibleEntries(dir)).toEqual([]);
    av.clear();
  });

  it('stops a live recording on HTTP 429 with a long Retry-After, writing nothing', async () => {
    clock.at(nyInstant('2026-03-02', '10:00'), 120);
    const dir = join(root, 'throttled');
    av.fail({
      match: 'REALTIME_OPTIONS',
      status: 429,
      headers: { 'retry-after': '600' },
      times: 50,
    });
    await expect(record({ symbols: 'SPY', duration: '5m', out: dir })).rejects.toThrow(
      /The recording stopped: AlphaVantage's call quota is used up .*Nothing was written/,
    );
    expect(await visibleEntries(dir)).toEqual([]);
    av.clear();
  });

  it('names a refused key', async () => {
    clock.at(nyInstant('2026-03-02', '10:00'), 120);
    await expect(
      record(
        { symbols: 'SPY', duration: '2m', out: join(root, 'badkey') },
        { ALPHAVANTAGE_API_KEY: 'wrong' },
      ),
    ).rejects.toThrow(/AlphaVantage refused the API key: check ALPHAVANTAGE_API_KEY/);
    expect(await visibleEntries(join(root, 'badkey'))).toEqual([]);
  });

  it('rejects bad date ranges and windows before any call', async () => {
    clock.at(nyInstant('2026-02-21', '10:00'), 1);
    av.clear();
    const out = join(root, 'bad');
    const badRange = (from: string, to: string) => backfill({ from, to, symbols: 'SPY', out });
    await expect(badRange('2026-02-17', '2026-02-13')).rejects.toThrow(
      /--from 2026-02-17 is after --to 2026-02-13/,
    );
    await expect(badRange('2026-02-14', '2026-02-16')).rejects.toThrow(
      /no NYSE trading day from 2026-02-14 to 2026-02-16/,
    );
    await expect(badRange('2026-02-20', '2026-02-21')).rejects.toThrow(/--to must be a past day/);
    await expect(badRange('2026-02-30', '2026-03-02')).rejects.toThrow(
      /--from must be a date like/,
    );
    await expect(
      backfill({ provider: 'massive', from: '2026-02-13', to: '2026-02-13', symbols: 'SPY', out }),
    ).rejects.toThrow(/Massive’s chain snapshot has no past days/);
    // Saturday: no session to record within the next hour.
    await expect(record({ duration: '1h', out })).rejects.toThrow(
      /No NYSE session is open between now/,
    );
    expect(av.requests).toHaveLength(0);
  });
});
