/**
 * One simulated session of 4 symbols through the whole engine: analytics, all strategies, risk,
 * paper execution and the ladder (memory repository, in-process bus). Prints wall time, the share
 * spent in analytics, steps and signals per session. Goal: < 10 s a session at 60 s steps.
 */
import { AnalyticsEngine } from '../src/analytics/engine/analytics-engine.js';
import { runBacktest } from '../src/backtest/backtester.js';
import { simulatedSessions } from '../src/backtest/sources.js';
import { FakeClock } from '../src/common/clock.js';
import { loadConfig } from '../src/config/config.js';
import { AnalyticsEngineStage } from '../src/engine/analytics-stage.js';
import type { AnalyticsStage } from '../src/engine/market-step.js';
import { buildStrategies } from '../src/engine/strategy-set.js';

const SYMBOLS = ['SPY', 'QQQ', 'IWM', 'SPX'];
const DATE = '2026-03-03';

/** Wraps the analytics stage to time it separately from the rest of the pipeline. */
class TimedStage implements AnalyticsStage {
  ms = 0;
  contracts = 0;
  constructor(private readonly inner: AnalyticsStage) {}
  analyze(...args: Parameters<AnalyticsStage['analyze']>): ReturnType<AnalyticsStage['analyze']> {
    const t = performance.now();
    this.contracts += args[0].contracts.length;
    const out = this.inner.analyze(...args);
    this.ms += performance.now() - t;
    return out;
  }
  history(symbol: string): ReturnType<AnalyticsStage['history']> {
    return this.inner.history(symbol);
  }
}

async function session(stepSeconds: number): Promise<void> {
  const config = loadConfig({});
  // The analytics engine reads time from a clock; the backtester moves its own, so give this one
  // a clock that follows the steps.
  const clock = new FakeClock(0);
  const stage = new TimedStage(new AnalyticsEngineStage(new AnalyticsEngine(clock)));
  const steps = simulatedSessions({
    from: DATE,
    to: DATE,
    symbols: SYMBOLS,
    seed: 42,
    stepMs: stepSeconds * 1000,
  });
  const clocked = (async function* () {
    for await (const s of steps) {
      clock.set(s.at);
      yield s;
    }
  })();
  const t0 = performance.now();
  const r = await runBacktest({
    config,
    strategies: buildStrategies('all'),
    steps: clocked,
    analytics: stage,
    monteCarloRuns: 200,
  });
  const wall = (performance.now() - t0) / 1000;
  const rep = r.report;
  console.log(
    `session ${DATE}, ${SYMBOLS.join('/')} (simulator seed 42), step ${stepSeconds} s: ${wall.toFixed(2)} s wall (goal < 10 s) — ${rep.steps} steps, ` +
      `${(stage.contracts / Math.max(1, rep.steps * SYMBOLS.length)).toFixed(0)} contracts a chain, analytics ${(stage.ms / 1000).toFixed(2)} s ` +
      `(${((stage.ms / 1000 / wall) * 100).toFixed(0)}%), ${((wall * 1000) / Math.max(1, rep.steps)).toFixed(1)} ms a step`,
  );
  console.log(
    `  signals per session: ${rep.signals}; risk verdicts ${r.verdicts.length} (${rep.rejections} rejected: ${Object.entries(
      rep.rejectionsByRule,
    )
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([k, v]) => `${k} ${v}`)
      .join(
        ', ',
      )}); trades closed ${rep.trades}, fills ${r.fills.length}, P&L $${rep.pnl.toFixed(2)}`,
  );
  const fired = Object.entries(rep.byStrategy)
    .filter(([, s]) => s.trades > 0)
    .map(([k, s]) => `${k} ${s.trades}`);
  console.log(`  trades by strategy: ${fired.join(', ') || 'none'}`);
}

export default async function (): Promise<void> {
  // The goal's case: a full session of 4 symbols at 60 s steps (the backtest's default step); the
  // wall time scales with the number of steps (analytics on every chain dominates).
  await session(60);
}
