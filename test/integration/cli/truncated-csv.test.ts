/** `gammadesk chain analyze` on a CBOE CSV cut off mid-row: dropped rows reported, exit 1. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CHAINS_DIR } from '../../support/chains.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../../..');
const CLI = join(ROOT, 'dist/src/cli/main.js');

async function analyze(path: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', [CLI, 'chain', 'analyze', '--input', path], {
      cwd: ROOT,
      maxBuffer: 64 << 20,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('chain analyze on a truncated CBOE CSV', () => {
  const full = readFileSync(join(CHAINS_DIR, 'nvda_2025-01-06_quotedata.csv'), 'utf8');
  const dir = mkdtempSync(join(tmpdir(), 'gd-truncated-'));

  it('exits 1 naming the cut-off line and the dropped rows', async () => {
    const cut = full.slice(0, Math.floor(full.length * 0.6));
    const lastLine = cut.split('\n').length;
    const path = join(dir, 'cut.csv');
    writeFileSync(path, cut);
    const res = await analyze(path);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain(`ends mid-row (line ${lastLine} has`);
    expect(res.stderr).toMatch(/dropped \d+ of \d+ option rows/);
  });

  it('still analyses a whole file with exit 0', async () => {
    const path = join(dir, 'whole.csv');
    writeFileSync(path, full);
    const res = await analyze(path);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toHaveProperty('maxPain');
  });
});
