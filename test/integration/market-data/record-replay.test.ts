import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import { nyInstant } from '../../../src/common/market-calendar.js';
import { registerChainShowCommand } from '../../../src/cli/commands/chain-show.js';
import { registerIngestCommands } from '../../../src/cli/commands/ingest.js';
import { ReplayProvider } from '../../../src/market-data/adapters/replay.js';
import { SimulatorProvider } from '../../../src/market-data/adapters/simulator.js';
import type { ChainSnapshot } from '../../../src/market-data/chain-snapshot.js';
import type { MarketDataProvider } from '../../../src/market-data/market-data-provider.js';
import { readManifest } from '../../../src/market-data/recording/recording.js';
import { recordSession } from '../../../src/market-data/recording/session-recorder.js';
import { snapshotChecksum } from '../../../src/market-data/snapshot-id.js';

const DATE = '2026-03-02';

describe('record a simulated session, replay it', () => {
  let root: string;
  let dir: string;
  const recorded: ChainSnapshot[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'gd-rec-'));
    dir = join(root, 'session');
    const clock = new FakeClock(0);
    const simulator = new SimulatorProvider({ clock, seed: 7, symbols: ['SPY', 'SPX'] });
    // Keep what the recorder wrote, to compare with what the replay gives back.
    const tap: MarketDataProvider = {
      name: simulator.name,
      fetchChain: async (symbol) => {
        const s = await simulator.fetchChain(symbol);
        recorded.push(s);
        return s;
      },
    };
    await recordSession({
      provider: tap,
      clock,
      symbols: ['SPY', 'SPX'],
      date: DATE,
      intervalMs: 5_000,
      from: '10:00',
      to: '10:02:30',
      out: dir,
      createdAt: '2026-03-02T00:00:00.000Z',
    });
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  it('writes a manifest and one gzip JSON-lines file per symbol', async () => {
    const manifest = await readManifest(dir);
    expect(manifest).toMatchObject({
      format: 'gammadesk-chain-recording',
      version: 1,
      provider: 'simulator',
      date: DATE,
      intervalMs: 5_000,
    });
    expect(manifest.symbols.SPY).toMatchObject({
      file: 'SPY.jsonl.gz',
      count: 30,
      firstAsOf: new Date(nyInstant(DATE, '10:00')).toISOString(),
    });
    const lines = gunzipSync(await readFile(join(dir, 'SPX.jsonl.gz')))
      .toString()
      .trim()
      .split('\n');
    expect(lines).toHaveLength(30);
    expect((JSON.parse(lines[0]) as ChainSnapshot).underlying).toBe('SPX');
    expect(recorded).toHaveLength(60);
    expect(new Set(recorded.map((s) => s.snapshotId)).size).toBe(60);
  });

  it('replays the same normalized snapshots in as-of order, with identical ids and checksums', async () => {
    const replay = await ReplayProvider.open(dir);
    const played: ChainSnapshot[] = [];
    const summary = await replay.play((s) => void played.push(s), {
      speed: Number.POSITIVE_INFINITY,
    });
    expect(summary.digestMismatches).toEqual([]);
    expect(summary.snapshots).toBe(60);
    expect(played.map(snapshotChecksum).sort()).toEqual(recorded.map(snapshotChecksum).sort());
    expect(played.map((s) => s.snapshotId).sort()).toEqual(
      recorded.map((s) => s.snapshotId).sort(),
    );
    expect(played.every((s, i) => i === 0 || s.asOf >= played[i - 1].asOf)).toBe(true);
    expect(played[0]).toEqual(recorded.find((r) => r.snapshotId === played[0].snapshotId));
  });

  it('paces by the recorded clock at N×', async () => {
    const replay = await ReplayProvider.open(dir);
    const played: string[] = [];
    const summary = await replay.play((s) => void played.push(s.asOf), {
      speed: 3_000,
      symbols: ['SPY'],
    });
    expect(summary.bySymbol).toEqual({ SPY: 30 });
    expect(summary.digestMismatches).toEqual([]);
  });

  it('answers fetchChain with the newest snapshot at or before its clock', async () => {
    const clock = new FakeClock(nyInstant(DATE, '10:02') + 2_000);
    const replay = await ReplayProvider.open(dir, clock);
    const s = await replay.fetchChain('SPY');
    expect(s.asOf).toBe(new Date(nyInstant(DATE, '10:02')).toISOString());
    clock.advance(61_000);
    expect((await replay.fetchChain('SPY')).asOf).toBe(
      new Date(nyInstant(DATE, '10:02:25')).toISOString(),
    );
    await replay.close();
    const early = await ReplayProvider.open(dir, new FakeClock(nyInstant(DATE, '09:59')));
    await expect(early.fetchChain('SPY')).rejects.toThrow(/no SPY snapshot/);
  });

  it('detects a tampered recording', async () => {
    const copy = join(root, 'tampered');
    const clock = new FakeClock(0);
    await recordSession({
      provider: new SimulatorProvider({ clock, seed: 7, symbols: ['SPY'] }),
      clock,
      symbols: ['SPY'],
      date: DATE,
      intervalMs: 60_000,
      from: '10:00',
      to: '10:03',
      out: copy,
      createdAt: 'x',
    });
    const file = join(copy, 'SPY.jsonl.gz');
    const lines = gunzipSync(await readFile(file))
      .toString()
      .trim()
      .split('\n');
    const s = JSON.parse(lines[1]) as ChainSnapshot;
    s.contracts[0].bid += 0.01;
    lines[1] = JSON.stringify(s);
    await writeFile(file, gzipSync(`${lines.join('\n')}\n`));
    const summary = await (
      await ReplayProvider.open(copy)
    ).play(() => undefined, { speed: Number.POSITIVE_INFINITY });
    expect(summary.digestMismatches).toEqual(['SPY']);
  });

  it('runs through the CLI: ingest record, ingest replay, chain show --input', async () => {
    const out: string[] = [];
    const spy = vi
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk: string | Uint8Array) => {
        out.push(String(chunk));
        return true;
      });
    const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const cliDir = join(root, 'cli');
      const program = new Command('gammadesk').exitOverride();
      registerIngestCommands(program);
      registerChainShowCommand(program);
      await program.parseAsync(
        [
          'ingest',
          'record',
          '--provider',
          'simulator',
          '--symbols',
          'SPY,QQQ',
          '--date',
          DATE,
          '--from',
          '15:50',
          '--out',
          cliDir,
        ],
        { from: 'user' },
      );
      const manifest = JSON.parse(out.join('')) as { symbols: Record<string, { count: number }> };
      expect(manifest.symbols.SPY.count).toBe(10);
      out.length = 0;
      await program.parseAsync(['ingest', 'replay', cliDir, '--speed', 'max'], { from: 'user' });
      expect(out.join('').trim().split('\n')).toHaveLength(20);
      out.length = 0;
      await program.parseAsync(['chain', 'show', 'qqq', '--input', cliDir], { from: 'user' });
      expect(out.join('')).toMatch(
        /^QQQ {2}spot [0-9.]+ {2}as of 2026-03-02T20:59:00.000Z {2}\(simulator\)/,
      );
      await expect(
        program.parseAsync(
          [
            'ingest',
            'record',
            '--provider',
            'simulator',
            '--symbols',
            'SPY',
            '--date',
            '2026-03-01',
            '--out',
            join(root, 'x'),
          ],
          { from: 'user' },
        ),
      ).rejects.toThrow(/not a NYSE trading day/);
    } finally {
      spy.mockRestore();
      errSpy.mockRestore();
    }
  });
});
