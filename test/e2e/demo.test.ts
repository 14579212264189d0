import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** `npm run demo`, shortened: one simulated hour at 120×, then the summary, then exit. */
describe('the demo', () => {
  it('runs the whole pipeline on embedded defaults and tells the story', async () => {
    const child = spawn(process.execPath, ['dist/src/demo/main.js'], {
      env: {
        PATH: process.env.PATH ?? '',
        DEMO_START: '09:30',
        DEMO_END: '10:30',
        DEMO_SPEED: '120',
        DEMO_EXIT: 'true',
        PORT: '0',
        MARKET_DATA_SYMBOLS: 'SPY,QQQ,IWM',
        DATA_DIR: mkdtempSync(join(tmpdir(), 'gd-demo-')),
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
    // the day's compliance archive, in the data directory, verified
    expect(stdout).toContain('── Compliance archive');
    expect(stdout).toMatch(
      /archive verify \S+gd-demo-\S+\/archive: intact: 1 days, \d+ files, [1-9]\d* rows/,
    );
  }, 240_000);
});
