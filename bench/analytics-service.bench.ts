/**
 * Analytics engine figures on the real CBOE chains: time to turn one ChainSnapshot into a full
 * AnalyticsSnapshot (chain analysis + our IV/Greeks per contract + every metric), against
 * `analyzeChain` alone, and the size/serialisation cost of the snapshot stored in Redis.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { analyzeChain } from '../src/analytics/chain-analysis/index.js';
import { AnalyticsEngine } from '../src/analytics/engine/analytics-engine.js';
import { SystemClock } from '../src/common/clock.js';
import { chainsDir, quantile } from './support/chains.js';
import { parseCboeQuoteCsv } from '../src/market-data/adapters/cboe-csv.js';
import type { ChainSnapshot } from '../src/market-data/chain-snapshot.js';

const FILES = [
  'spx_2022-02-05_quotedata.csv',
  'spx_2025-01-06_quotedata.csv',
  'spy_2025-09-25_quotedata.csv',
  'nvda_2025-01-06_quotedata.csv',
];

function shifted(chain: ChainSnapshot, i: number): ChainSnapshot {
  const asOf = DateTime.fromISO(chain.asOf, { zone: 'utc' }).plus({ seconds: 5 * i });
  return { ...chain, asOf: asOf.toISO() as string, snapshotId: `${chain.snapshotId}#${i}` };
}

export default async function (): Promise<void> {
  const dir = chainsDir();
  for (const file of FILES) {
    const chain = parseCboeQuoteCsv(readFileSync(join(dir, file), 'utf8'), file);
    const runs = file.startsWith('spx_2022') ? 60 : 30;
    const engine = new AnalyticsEngine(new SystemClock());
    for (let i = 0; i < 5; i++) engine.ingest(shifted(chain, i));
    const engineMs: number[] = [];
    const analyzeMs: number[] = [];
    let bytes = 0;
    let stringifyMs = 0;
    for (let i = 0; i < runs; i++) {
      const c = shifted(chain, 5 + i);
      let t0 = performance.now();
      const { snapshot } = engine.ingest(c);
      engineMs.push(performance.now() - t0);
      t0 = performance.now();
      analyzeChain(c);
      analyzeMs.push(performance.now() - t0);
      if (i === 0) {
        t0 = performance.now();
        bytes = JSON.stringify(snapshot).length;
        stringifyMs = performance.now() - t0;
      }
    }
    engineMs.sort((a, b) => a - b);
    analyzeMs.sort((a, b) => a - b);
    console.log(`${file}: ${chain.contracts.length} options, ${runs} snapshots after 5 warm-up`);
    console.log(
      `  engine.ingest (full AnalyticsSnapshot): p50 ${quantile(engineMs, 0.5).toFixed(1)} ms, p99 ${quantile(engineMs, 0.99).toFixed(1)} ms`,
    );
    console.log(
      `  analyzeChain alone:                     p50 ${quantile(analyzeMs, 0.5).toFixed(1)} ms, p99 ${quantile(analyzeMs, 0.99).toFixed(1)} ms`,
    );
    console.log(
      `  snapshot JSON for Redis: ${(bytes / 1e6).toFixed(2)} MB, JSON.stringify ${stringifyMs.toFixed(1)} ms`,
    );
  }
}
