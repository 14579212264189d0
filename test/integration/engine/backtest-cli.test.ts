/** The backtest command, run in-process over a recorded session on disk: text and --json output. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBacktestCommand } from '../../../src/cli/commands/backtest.js';
import { simulatedStepCount } from '../../../src/backtest/sources.js';
import { RecordingWriter } from '../../../src/market-data/recording/recording.js';
import { ny, scriptedSteps } from '../../unit/engine/fixtures.js';

async function run(args: string[]): Promise<{ out: string; err: string; error: Error | null }> {
  const program = new Command('gammadesk').exitOverride();
  registerBacktestCommand(program);
  let out = '';
  let err = '';
  const ow = process.stdout.write.bind(process.stdout);
  const ew = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
  try {
    await program.parseAsync(['node', 'gammadesk', ...args]);
    return { out, err, error: null };
  } catch (e) {
    return { out, err, error: e as Error };
  } finally {
    process.stdout.write = ow;
    process.stderr.write = ew;
  }
}

describe('gammadesk backtest', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gd-bt-cli-'));
    const w = await RecordingWriter.create(join(dir, '2026-03-03'), {
      provider: 'simulator',
      date: '2026-03-03',
      intervalMs: 60_000,
      createdAt: '2026-03-03T21:00:00Z',
    });
    for (const step of scriptedSteps(['SPY', 'QQQ'], ny(9, 45), ny(16, 0), 120_000))
      for (const c of step.chains) await w.write(c);
    await w.close();
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('prints the report as JSON with the promised fields and writes the equity SVG', async () => {
    const r = await run([
      'backtest',
      '--from',
      '2026-03-02',
      '--to',
      '2026-03-06',
      '--symbols',
      'SPY,QQQ',
      '--strategies',
      'all',
      '--source',
      dir,
      '--json',
      '--out',
      dir,
      '--monte-carlo',
      '200',
    ]);
    expect(r.error).toBeNull();
    const report = JSON.parse(r.out) as Record<string, unknown> & {
      byStrategy: Record<string, { trades: number; winRate: number; pnl: number }>;
      equityCurveSvg: string;
    };
    for (const k of [
      'trades',
      'winRate',
      'sharpe',
      'maxDrawdown',
      'byStrategy',
      'sortino',
      'calmar',
      'profitFactor',
      'expectancy',
      'avgWin',
      'avgLoss',
      'walkForward',
      'monteCarlo',
    ]) {
      expect(report).toHaveProperty(k);
    }
    expect(report.dataSource).toMatch(
      /^recorded simulated sessions \(simulated: 2026-03-03\) from \//,
    );
    expect(Object.keys(report.byStrategy)).toContain('gamma_scalp_0dte');
    expect(report.byStrategy.gamma_scalp_0dte).toEqual(
      expect.objectContaining({
        trades: expect.any(Number),
        winRate: expect.any(Number),
        pnl: expect.any(Number),
      }),
    );
    expect(existsSync(report.equityCurveSvg)).toBe(true);
    // Drawn by the chart renderer (ECharts SSR): the equity line is an SVG path.
    expect(readFileSync(report.equityCurveSvg, 'utf8')).toMatch(/^<svg[\s\S]*<path d="M/);
    expect(r.err).toContain('backtest [');
  });

  it('prints a text report naming the SVG', async () => {
    const r = await run([
      'backtest',
      '--from',
      '2026-03-03',
      '--to',
      '2026-03-03',
      '--symbols',
      'SPY',
      '--strategies',
      'gamma_scalp_0dte,gex_squeeze',
      '--source',
      dir,
      '--out',
      dir,
    ]);
    expect(r.error).toBeNull();
    expect(r.out).toMatch(/data {12}recorded simulated sessions \(simulated: 2026-03-03\) from \//);
    expect(r.out).toMatch(/win rate/);
    expect(r.out).toMatch(/Sharpe/);
    expect(r.out).toMatch(/max drawdown/);
    expect(r.out).toMatch(/by strategy\n {2}gamma_scalp_0dte/);
    expect(r.out).toMatch(/equity curve: .*\.svg/);
  });

  it('refuses bad input with a clear message and runs nothing', async () => {
    expect(
      (await run(['backtest', '--from', '2026-03-06', '--to', '2026-03-02', '--symbols', 'SPY']))
        .error?.message,
    ).toMatch(/--from must not be after --to/);
    expect(
      (await run(['backtest', '--from', '2026-03-02', '--to', '2026-03-06', '--symbols', 'spy!']))
        .error?.message,
    ).toMatch(/tickers/);
    expect(
      (
        await run([
          'backtest',
          '--from',
          '2026-03-02',
          '--to',
          '2026-03-06',
          '--symbols',
          'SPY',
          '--strategies',
          'nope',
        ])
      ).error?.message,
    ).toMatch(/unknown strategy "nope"/);
    expect(
      (
        await run([
          'backtest',
          '--from',
          '2026-03-02',
          '--to',
          '2026-03-06',
          '--symbols',
          'SPY',
          '--source',
          join(dir, 'missing'),
        ])
      ).error?.message,
    ).toMatch(/not a directory/);
  });

  it('runs simulated sessions by default (seeded: the same seed gives the same report)', async () => {
    const args = [
      'backtest',
      '--from',
      '2026-03-03',
      '--to',
      '2026-03-03',
      '--symbols',
      'SPY',
      '--step',
      '1800',
      '--seed',
      '3',
      '--json',
      '--out',
      dir,
    ];
    const a = await run(args);
    expect(a.error).toBeNull();
    const ra = JSON.parse(a.out) as { steps: number; days: string[]; lookAheadRefused: number };
    expect(ra.days).toEqual(['2026-03-03']);
    expect(ra.steps).toBe(14); // 09:30 … 15:30 every 30 minutes, plus the session's last step (15:59:55)
    expect(simulatedStepCount({ from: '2026-03-03', to: '2026-03-03', stepMs: 1_800_000 })).toBe(
      14,
    );
    expect(ra.lookAheadRefused).toBe(0);
    const b = await run(args);
    expect(JSON.parse(b.out)).toEqual(ra);
  });
});
