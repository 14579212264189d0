import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `npm run demo`, shortened: the whole day from 08:25 with its three reports, half an hour of the
 * session and the reports' times at 120×, the rest at 3600×, then the summary, then exit.
 */
describe('the demo', () => {
  it('runs the whole pipeline on embedded defaults and tells the story', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gd-demo-'));
    const child = spawn(process.execPath, ['dist/src/demo/main.js'], {
      env: {
        PATH: process.env.PATH ?? '',
        DEMO_LIVE_TO: '10:00',
        DEMO_SPEED: '120',
        DEMO_FAST_SPEED: '3600',
        DEMO_EXIT: 'true',
        PORT: '0',
        MARKET_DATA_SYMBOLS: 'SPY,QQQ,IWM',
        DATA_DIR: dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, stderr.slice(-2000)).toBe(0);
    expect(stdout).toContain('GammaDesk demo');
    // the billing story: Stripe checkout → Premium, failed invoice → grace, cancel → Free
    expect(stdout).toMatch(
      /checkout completed: premium \(active\); Discord role premium, in the Premium Telegram group/,
    );
    expect(stdout).toMatch(/payment failed: premium \(past due grace\)/);
    expect(stdout).toMatch(/canceled: free \(canceled\); no Discord role, in no Telegram group/);
    expect(stdout).not.toMatch(/\{"step"/); // sentences, not JSON
    // the market replay ran through analytics, strategies and risk
    expect(stdout).toMatch(/\d+ chains ingested \(3 symbols\)/);
    expect(stdout).toMatch(/── Risk: \d+ of [1-9]\d* candidates rejected/);
    expect(stdout).toContain('── Signals');
    // the daily history is seeded before the first chain
    expect(stdout).toMatch(/SPY, QQQ, IWM each start with 252 days of daily history/);
    // the three reports, each written at its time, released and delivered to every tier
    const dueAt = (title: string) =>
      new RegExp(`\\[(\\d\\d:\\d\\d):\\d\\d ET\\] ${title} due: writing it`).exec(stdout)?.[1] ??
      null;
    expect(dueAt('Pre-market brief') ?? '', stdout).toMatch(/^08:3\d$/);
    expect(dueAt('Midday update') ?? '', stdout).toMatch(/^1[3-6]:\d\d$/);
    expect(dueAt('Closing report') ?? '', stdout).toMatch(/^16:[1-5]\d$/);
    for (const [title, type] of [
      ['Pre-market brief', 'premarket'],
      ['Midday update', 'intraday'],
      ['Closing report', 'close'],
    ]) {
      expect(stdout).toMatch(
        new RegExp(`${title} \\(2026-03-10-${type}\\), sent: [1-9]\\d* files`),
      );
      for (const tier of ['Premium', 'Basic', 'Free'])
        expect(stdout).toMatch(new RegExp(`${title} reached ${tier}: [1-9]\\d* messages? \\(`));
    }
    // the pre-market brief reads the previous close's levels for every symbol
    const brief = readFileSync(join(dataDir, 'reports/2026-03-10-premarket/premium.txt'), 'utf8');
    for (const symbol of ['SPY', 'QQQ', 'IWM'])
      expect(brief, brief).toMatch(new RegExp(`^\\s+${symbol}\\s+\\d+\\.\\d\\d\\s+`, 'm'));
    // the close report waits for review, then goes out on its own
    expect(stdout).toMatch(
      /Closing report \(2026-03-10-close\) waits in Content QA; it is approved automatically at 16:\d\d ET/,
    );
    expect(stdout).not.toContain('Some reports were still on their way');
    // the day's compliance archive, in the data directory, verified
    expect(stdout).toContain('── Compliance archive');
    expect(stdout).toMatch(
      /archive verify \S+gd-demo-\S+\/archive: intact: 1 days, \d+ files, [1-9]\d* rows/,
    );
  }, 300_000);
});
