/**
 * Normalization throughput: a 20,000-contract chain in each provider format (AlphaVantage JSON,
 * Massive JSON, CBOE CSV) turned into a validated ChainSnapshot — parse, schema check, row checks,
 * OCC symbols, expiry instants, sort and snapshot id. Prints contracts/s (median of the runs).
 */
import { normalizeAlphaVantageChain } from '../src/market-data/adapters/alphavantage.js';
import { parseCboeQuoteCsv } from '../src/market-data/adapters/cboe-csv.js';
import { dropSettled } from '../src/market-data/adapters/cboe-file.js';
import { normalizeMassiveChain } from '../src/market-data/adapters/massive.js';
import type { ChainSnapshot } from '../src/market-data/chain-snapshot.js';
import { parseChainSnapshot } from '../src/market-data/chain-snapshot-schema.js';
import {
  alphaVantageOptionsBody,
  cboeQuoteCsv,
  massiveSnapshotResults,
} from '../src/sandbox/providers/provider-payloads.js';

const CONTRACTS = 20_000;
const RUNS = 7;
const SPEC = { symbol: 'SPY', spot: 601.25, date: '2026-03-02', contracts: CONTRACTS };
const FETCHED_AT = Date.UTC(2026, 2, 2, 15, 0, 0);

function measure(name: string, bytes: number, run: () => ChainSnapshot): void {
  run(); // warm-up (JIT, caches)
  const wall: number[] = [];
  const cpu: number[] = [];
  let kept = 0;
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    kept = run().contracts.length;
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const w = median(wall);
  const perSecond = Math.round((CONTRACTS / w) * 1000);
  console.log(
    `${name.padEnd(24)} ${(bytes / 2 ** 20).toFixed(1).padStart(5)} MiB  wall ${w.toFixed(0).padStart(5)} ms  ${perSecond.toLocaleString('en-US').padStart(9)} contracts/s  (cpu ${median(cpu).toFixed(0)} ms = ${Math.round((CONTRACTS / median(cpu)) * 1000).toLocaleString('en-US')} contracts per cpu-s, kept ${kept})`,
  );
}

export default async function (): Promise<void> {
  const avText = JSON.stringify(alphaVantageOptionsBody(SPEC));
  const pages: string[] = [];
  const results = massiveSnapshotResults(SPEC, FETCHED_AT - 1_000);
  for (let i = 0; i < results.length; i += 250) {
    pages.push(
      JSON.stringify({ status: 'OK', request_id: `p${i}`, results: results.slice(i, i + 250) }),
    );
  }
  const csv = cboeQuoteCsv({ ...SPEC, date: '2026-02-27' });
  console.log(
    `payload: ${CONTRACTS.toLocaleString('en-US')} contracts per format; medians of ${RUNS} runs after a warm-up; cpu = this process's CPU time (wall ≫ cpu: a busy machine)`,
  );

  measure('alphavantage JSON', avText.length, () =>
    normalizeAlphaVantageChain(JSON.parse(avText), {
      symbol: 'SPY',
      fetchedAtMs: FETCHED_AT,
      staleAfterMs: 900_000,
    }),
  );
  measure(
    'massive JSON (80 pages)',
    pages.reduce((a, p) => a + p.length, 0),
    () =>
      normalizeMassiveChain(
        pages.flatMap((p) => (JSON.parse(p) as { results: unknown[] }).results),
        { symbol: 'SPY', fetchedAtMs: FETCHED_AT, staleAfterMs: 900_000 },
      ),
  );
  measure('cboe CSV', csv.length, () => dropSettled(parseCboeQuoteCsv(csv, 'bench.csv')));

  // The ingest loop re-validates every snapshot against the ChainSnapshot contract.
  const snapshot = normalizeAlphaVantageChain(JSON.parse(avText), {
    symbol: 'SPY',
    fetchedAtMs: FETCHED_AT,
    staleAfterMs: 900_000,
  });
  measure('contract re-check (zod)', 0, () => parseChainSnapshot(snapshot));
}
