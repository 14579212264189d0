/**
 * Strategy figures on real chains: AnalyticsSnapshots built by the analytics engine from the CBOE
 * quote files, then every strategy through `evaluateAll` at three times of the session (mid-day,
 * the last half hour, the MOC window) — time per evaluateAll without and with the model-ensemble
 * edge, candidates found — and the cost of one ensemble edge (BSM + Merton + Heston) per contract.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnalyticsEngine } from '../src/analytics/engine/analytics-engine.js';
import type { AnalyticsSnapshot } from '../src/analytics/analytics-snapshot.js';
import { FakeClock } from '../src/common/clock.js';
import { nyDate, nyInstant, sessionFor } from '../src/common/market-calendar.js';
import { chainsDir, quantile } from './support/chains.js';
import { parseCboeQuoteCsv } from '../src/market-data/adapters/cboe-csv.js';
import { confluenceScore } from '../src/strategies/confluence.js';
import { analyticsFairValueModels } from '../src/strategies/fair-value-models.js';
import { ensembleEdge } from '../src/strategies/model-ensemble.js';
import { evaluateAll, type StrategyStates } from '../src/strategies/registry.js';
import type { StrategyContext } from '../src/strategies/strategy-context.js';

const FILES = [
  'spy_2025-09-25_quotedata.csv',
  'spx_2025-01-06_quotedata.csv',
  'nvda_2025-01-06_quotedata.csv',
];

function contextAt(snapshot: AnalyticsSnapshot, hhmm: string): StrategyContext {
  const date = nyDate(snapshot.asOf);
  const session = sessionFor(date);
  if (!session) throw new Error(`${date} is not a trading day`);
  const now = nyInstant(date, hhmm);
  return {
    now,
    session,
    equity: 100_000,
    openPositions: [],
    dayPnl: 0,
    history: { dailyCloses: [], avgOptionsVolume30d: null },
    closingAuction: [{ at: now - 30_000, imbalanceShares: 300_000, pairedShares: 1_000_000 }],
  };
}

export default async function (): Promise<void> {
  const dir = chainsDir();
  for (const file of FILES) {
    const chain = parseCboeQuoteCsv(readFileSync(join(dir, file), 'utf8'), file);
    const engine = new AnalyticsEngine(new FakeClock(Date.parse(chain.asOf)));
    const { snapshot: base } = engine.ingest(chain);
    const snapshot = base;
    for (const hhmm of ['11:00', '15:40']) {
      const ctx = contextAt(base, hhmm);
      // Re-stamp the file's chain at the evaluation time (the look-ahead guard refuses later data).
      const snapshot: AnalyticsSnapshot = { ...base, asOf: ctx.now, computedAt: ctx.now };
      const runs = 100;
      // Warm up the JIT first: the figures are for a running engine, not the first call.
      for (let i = 0; i < 20; i++) evaluateAll(snapshot, ctx, {}, { models: null });
      const plain: number[] = [];
      const withEdge: number[] = [];
      let candidates = 0;
      const names = new Set<string>();
      for (let i = 0; i < runs; i++) {
        let states: StrategyStates = {};
        let t0 = performance.now();
        const a = evaluateAll(snapshot, ctx, states, { models: null });
        plain.push(performance.now() - t0);
        states = {};
        t0 = performance.now();
        const b = evaluateAll(snapshot, ctx, states);
        withEdge.push(performance.now() - t0);
        if (i === 0) {
          candidates = b.candidates.length;
          for (const c of b.candidates) names.add(c.strategy);
          void a;
        }
      }
      plain.sort((x, y) => x - y);
      withEdge.sort((x, y) => x - y);
      console.log(
        `${file} @ ${hhmm} ET: ${snapshot.contracts.length} contracts, ${candidates} candidate(s)${names.size ? ` (${[...names].join(', ')})` : ''}`,
      );
      console.log(
        `  evaluateAll, 11 strategies: p50 ${quantile(plain, 0.5).toFixed(2)} ms, p99 ${quantile(plain, 0.99).toFixed(2)} ms; with ensemble edge p50 ${quantile(withEdge, 0.5).toFixed(2)} ms`,
      );
    }
    let t0 = performance.now();
    for (let i = 0; i < 200; i++) confluenceScore(snapshot);
    const confUs = ((performance.now() - t0) / 200) * 1000;
    const sample = snapshot.contracts.filter((c) => c.t > 0 && c.mid > 0).slice(0, 200);
    t0 = performance.now();
    let priced = 0;
    for (const c of sample) {
      const e = ensembleEdge(
        c,
        { spot: snapshot.spot, atmIv: snapshot.atmIv, regime: snapshot.regime.label },
        analyticsFairValueModels,
      );
      if (e) priced++;
    }
    const edgeUs = sample.length ? ((performance.now() - t0) / sample.length) * 1000 : 0;
    console.log(
      `  confluence score: ${confUs.toFixed(1)} µs; ensemble edge (BSM+Merton+Heston): ${edgeUs.toFixed(0)} µs per contract (${priced}/${sample.length} priced)`,
    );
  }
}
