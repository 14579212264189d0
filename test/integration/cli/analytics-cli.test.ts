import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { bsmPrice } from '../../../src/analytics/math/black-scholes.js';
import { CHAINS_DIR } from '../../support/chains.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../../..');
const CLI = join(ROOT, 'dist/src/cli/main.js');
const CHAINS = CHAINS_DIR;
let dir: string;

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run('node', [CLI, ...args], {
      cwd: ROOT,
      maxBuffer: 64 << 20,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gd-analytics-cli-'));
}, 300_000);

describe('gammadesk greeks', () => {
  it('prices Hull Example 15.6 and returns Greeks in DESIGN units, same order', async () => {
    const input = file(
      'greeks.json',
      JSON.stringify([
        { type: 'call', S: 42, K: 40, T: 0.5, r: 0.1, q: 0, sigma: 0.2 },
        { type: 'put', S: 42, K: 40, T: 0.5, r: 0.1, q: 0, sigma: 0.2 },
      ]),
    );
    const res = await cli('greeks', '--input', input);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as Record<string, number>[];
    expect(out).toHaveLength(2);
    expect(Object.keys(out[0]).sort()).toEqual(['delta', 'gamma', 'price', 'rho', 'theta', 'vega']);
    expect(out[0].price.toFixed(2)).toBe('4.76');
    expect(out[1].price.toFixed(2)).toBe('0.81');
    expect(out[0].delta - out[1].delta).toBeCloseTo(1, 12); // q = 0: Δc − Δp = 1
    expect(out[0].vega).toBeCloseTo(out[1].vega, 14);
  });

  it('rejects a malformed file with a clear message and a non-zero exit', async () => {
    const res = await cli('greeks', '--input', file('bad.json', '[{"type":"call","S":42}]'));
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/invalid input .* at 0\.K/);
    expect(res.stdout).toBe('');
    const notJson = await cli('greeks', '--input', file('bad2.json', 'not json'));
    expect(notJson.code).not.toBe(0);
    expect(notJson.stderr).toMatch(/not valid JSON/);
    const missing = await cli('greeks', '--input', join(dir, 'nope.json'));
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/cannot read input file/);
  });
});

describe('gammadesk iv', () => {
  it('recovers the generating vol and explains rows without a solution', async () => {
    const base = { S: 100, K: 95, T: 30 / 365, r: 0.04, q: 0.01 };
    const price = bsmPrice({ type: 'put', ...base, sigma: 0.37 });
    const input = file(
      'iv.json',
      JSON.stringify([
        { type: 'put', ...base, price },
        { type: 'call', ...base, price: 1 },
        { type: 'call', ...base, price: 500 },
        { type: 'call', ...base, T: 0, price: 5 },
        { type: 'call', ...base, price: 0 },
      ]),
    );
    const res = await cli('iv', '--input', input);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as { iv: number | null; error?: string }[];
    expect(Math.abs((out[0].iv as number) - 0.37)).toBeLessThan(1e-12);
    expect(out[0].error).toBeUndefined();
    expect(out.slice(1)).toEqual([
      { iv: null, error: 'below_intrinsic' },
      { iv: null, error: 'above_upper_bound' },
      { iv: null, error: 'non_positive_time' },
      { iv: null, error: 'non_positive_price' },
    ]);
  });

  it('rejects rows of the wrong shape', async () => {
    const res = await cli('iv', '--input', file('ivbad.json', '{"type":"call"}'));
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/invalid input/);
  });
});

describe('gammadesk chain analyze on the four real chains', () => {
  const files = [
    ['spy_2025-09-25', 'SPY', 658.05, '2025-09-26T01:05:00Z'],
    ['spx_2025-01-06', 'SPX', 5975.3799, '2025-01-07T02:26:00Z'],
    ['nvda_2025-01-06', 'NVDA', 150.2802, '2025-01-07T02:30:00Z'],
    ['spx_2022-02-05', 'SPX', 4500.5298, '2022-02-06T01:09:00Z'],
  ] as const;
  for (const [name, symbol, spot, asOf] of files) {
    it(`${name}: the issue's JSON shape with consistent figures`, async () => {
      const res = await cli('chain', 'analyze', '--input', `${CHAINS}/${name}_quotedata.csv`);
      expect(res.code).toBe(0);
      const out = JSON.parse(res.stdout) as {
        symbol: string;
        spot: number;
        asOf: string;
        contracts: number;
        expiredDropped: number;
        gex: {
          total: number;
          calls: number;
          puts: number;
          byStrike: { strike: number; call: number; put: number; net: number }[];
          byExpiry: Record<string, number>;
        };
        flip: number | null;
        callWalls: number[];
        putWalls: number[];
        maxPain: Record<string, number>;
      };
      expect(Object.keys(out)).toEqual([
        'symbol',
        'spot',
        'asOf',
        'contracts',
        'expiredDropped',
        'gex',
        'flip',
        'callWalls',
        'putWalls',
        'maxPain',
      ]);
      expect(out.symbol).toBe(symbol);
      expect(out.spot).toBe(spot);
      expect(out.asOf).toBe(asOf);
      expect(out.contracts).toBeGreaterThan(0);
      expect(out.gex.calls).toBeGreaterThan(0);
      expect(out.gex.puts).toBeLessThan(0);
      expect(out.gex.total).toBeCloseTo(out.gex.calls + out.gex.puts, 0);
      const strikeSum = out.gex.byStrike.reduce((s, x) => s + x.net, 0);
      expect(Math.abs(strikeSum - out.gex.total)).toBeLessThan(1e-6 * Math.abs(out.gex.calls));
      const expirySum = Object.values(out.gex.byExpiry).reduce((s, x) => s + x, 0);
      expect(Math.abs(expirySum - out.gex.total)).toBeLessThan(1e-6 * Math.abs(out.gex.calls));
      expect(out.callWalls.length).toBe(3);
      expect(out.putWalls.length).toBe(3);
      if (out.flip !== null) {
        expect(out.flip).toBeGreaterThanOrEqual(0.7 * spot);
        expect(out.flip).toBeLessThanOrEqual(1.3 * spot);
      }
      expect(Object.keys(out.maxPain).sort()).toEqual(Object.keys(out.gex.byExpiry).sort());
    });
  }

  it('SPX 2025-01-06 after the close drops that day’s expired SPXW rows', async () => {
    const res = await cli('chain', 'analyze', '--input', `${CHAINS}/spx_2025-01-06_quotedata.csv`);
    const out = JSON.parse(res.stdout) as {
      expiredDropped: number;
      maxPain: Record<string, number>;
    };
    expect(out.expiredDropped).toBeGreaterThan(0);
    expect(out.maxPain['2025-01-06']).toBeUndefined();
  });

  it('--asof, --r and --q change the analysis; a ChainSnapshot JSON is accepted too', async () => {
    const csv = `${CHAINS}/nvda_2025-01-06_quotedata.csv`;
    const a = JSON.parse((await cli('chain', 'analyze', '--input', csv)).stdout) as {
      gex: { total: number };
    };
    const b = JSON.parse(
      (await cli('chain', 'analyze', '--input', csv, '--r', '0.05', '--q', '0.01')).stdout,
    ) as {
      gex: { total: number };
    };
    expect(b.gex.total).not.toBe(a.gex.total);
    const late = JSON.parse(
      (await cli('chain', 'analyze', '--input', csv, '--asof', '2025-01-10T21:30:00Z')).stdout,
    ) as { expiredDropped: number; asOf: string };
    expect(late.asOf).toBe('2025-01-10T21:30:00Z');
    expect(late.expiredDropped).toBeGreaterThan(0);
    const snapshot = {
      snapshotId: 'x',
      underlying: 'XYZ',
      spot: 100,
      asOf: '2026-03-02T15:00:00Z',
      source: 'replay',
      contracts: [
        {
          occSymbol: 'XYZ260306C00100000',
          root: 'XYZ',
          expiry: '2026-03-06',
          expiresAt: '2026-03-06T21:00:00Z',
          settlement: 'PM',
          strike: 100,
          right: 'call',
          bid: 1,
          ask: 1.2,
          last: null,
          mark: 1.1,
          volume: 0,
          openInterest: 10,
          iv: 0.2,
          delta: null,
          gamma: null,
          theta: null,
          vega: null,
        },
      ],
      quality: { rowsReceived: 1, contractsKept: 1, dropped: {} },
    };
    const res = await cli(
      'chain',
      'analyze',
      '--input',
      file('snap.json', JSON.stringify(snapshot)),
    );
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as {
      symbol: string;
      callWalls: number[];
      maxPain: Record<string, number>;
    };
    expect(out.symbol).toBe('XYZ');
    expect(out.callWalls).toEqual([100]);
    expect(out.maxPain).toEqual({ '2026-03-06': 100 });
  });

  it('bad inputs: not a chain, bad numbers, bad time', async () => {
    const notChain = await cli('chain', 'analyze', '--input', `${CHAINS}/README.md`);
    expect(notChain.code).not.toBe(0);
    expect(notChain.stderr).toMatch(/not a CBOE quotedata CSV/);
    const badSnap = await cli(
      'chain',
      'analyze',
      '--input',
      file('bad-snap.json', '{"underlying":"X"}'),
    );
    expect(badSnap.code).not.toBe(0);
    expect(badSnap.stderr).toMatch(/not a ChainSnapshot/);
    const csv = `${CHAINS}/nvda_2025-01-06_quotedata.csv`;
    const badR = await cli('chain', 'analyze', '--input', csv, '--r', 'abc');
    expect(badR.code).not.toBe(0);
    expect(badR.stderr).toMatch(/--r must be a number/);
    const badAsOf = await cli('chain', 'analyze', '--input', csv, '--asof', 'tomorrow');
    expect(badAsOf.code).not.toBe(0);
    expect(badAsOf.stderr).toMatch(/--asof must be an ISO-8601 time/);
  });
});
