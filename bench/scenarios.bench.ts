/**
 * The scenario library through the engine (`backtest --scenarios all`, every strategy with its
 * default knobs and the default risk limits): per scenario, each strategy's closed trades, win
 * rate and average R, and the scenario's max drawdown, printed as a table with the data source.
 * 60 s steps, as `backtest` runs by default (a few minutes on two shared cores).
 */
import { runBacktest } from '../src/backtest/backtester.js';
import { scenarioDays, scenarioSessions } from '../src/backtest/scenario-sessions.js';
import type { AnalyticsEngine } from '../src/analytics/engine/analytics-engine.js';
import { loadConfig } from '../src/config/config.js';
import { SCENARIOS } from '../src/market-data/simulator/index.js';
import { STRATEGY_NAMES } from '../src/strategies/registry.js';

const SEED = 11;
const STEP_S = 60;

const pct = (x: number): string => `${(x * 100).toFixed(0)}%`;

export default async function (): Promise<void> {
  let analytics: AnalyticsEngine | null = null;
  const dataSource = `simulator seed ${SEED}, scenarios all, ${STEP_S} s steps`;
  const t0 = performance.now();
  const { report } = await runBacktest({
    config: loadConfig({}),
    steps: scenarioSessions({
      scenarios: SCENARIOS,
      seed: SEED,
      stepMs: STEP_S * 1000,
      onHistory: (symbol, rows) => analytics?.setHistory(symbol, rows),
    }),
    onAnalyticsEngine: (e) => (analytics = e),
    scenarioOf: scenarioDays(SCENARIOS),
    monteCarloRuns: 0,
    dataSource,
  });
  const wall = (performance.now() - t0) / 1000;
  console.log(
    `data: ${report.dataSource}; ${report.steps} steps in ${wall.toFixed(1)} s wall; ${report.trades} closed trades`,
  );
  console.log('cell: trades / win rate / avg R');
  const byScenario = report.byScenario ?? {};
  const names = Object.keys(byScenario);
  const header = ['strategy'.padEnd(18), ...names.map((n) => n.slice(0, 17).padEnd(17))];
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map((h) => '-'.repeat(h.length + 2)).join('|')}|`);
  for (const s of STRATEGY_NAMES) {
    const cells = names.map((n) => {
      const f = byScenario[n].byStrategy[s];
      return (f.trades > 0 ? `${f.trades} / ${pct(f.winRate)} / ${f.avgR.toFixed(2)}` : '·').padEnd(
        17,
      );
    });
    console.log(`| ${s.padEnd(18)} | ${cells.join(' | ')} |`);
  }
  const row = (label: string, f: (n: string) => string): void =>
    console.log(`| ${label.padEnd(18)} | ${names.map((n) => f(n).padEnd(17)).join(' | ')} |`);
  row('all: trades / win', (n) => `${byScenario[n].trades} / ${pct(byScenario[n].winRate)}`);
  row('max drawdown', (n) => `${(byScenario[n].maxDrawdown * 100).toFixed(1)}%`);
  row('P&L', (n) => `$${byScenario[n].pnl.toFixed(0)}`);
  const scalp = report.byStrategy.scalp?.trades ?? 0;
  console.log(
    `scalp's share of trades: ${pct(report.trades > 0 ? scalp / report.trades : 0)} (${scalp} of ${report.trades})`,
  );
}
