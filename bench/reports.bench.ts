/**
 * Report figures: build + render time per report type for the focus universe (every tier, every
 * chart, MJML to HTML), and each chart's SVG and PNG render time. The engine is run over the last
 * minutes of a simulated session first (not timed): the figures are the report's own cost.
 */
import { FOCUS_UNIVERSE } from '../src/config/sections/market-data.js';
import { loadConfigFromProcess } from '../src/config/config.js';
import { FakeClock } from '../src/common/clock.js';
import { nyInstant } from '../src/common/market-calendar.js';
import { runBacktest } from '../src/backtest/backtester.js';
import { EngineRunDaySource } from '../src/cli/reports/engine-run-day-source.js';
import { buildStrategies } from '../src/engine/strategy-set.js';
import type { MarketStep } from '../src/engine/market-step.js';
import { MarketSimulator } from '../src/market-data/simulator/index.js';
import { renderChartSvg, svgToPng } from '../src/charts/chart-renderer.js';
import { CHART_SIZE, chartOptionsFor } from '../src/reports/report-charts.js';
import { REPORT_TYPES } from '../src/reports/report.js';
import { createReportService } from '../src/reports/report-service.js';
import { premiumView } from '../src/reports/tier-views.js';

const DATE = '2026-03-03';

/** The session's last `minutes`, one engine step a minute (the day before is stepped chain-free). */
function* lastMinutes(symbols: string[], minutes: number): Generator<MarketStep> {
  const sim = new MarketSimulator({ seed: 42, symbols, date: DATE, stepMs: 5000 });
  const from = nyInstant(DATE, '16:00') - minutes * 60_000;
  while (sim.now() < from && sim.step()) sim.drainEvents();
  let next = sim.now();
  do {
    const at = sim.now();
    if (at >= next) {
      next = at + 60_000;
      yield { at, chains: symbols.map((s) => sim.chainSnapshot(s)), events: sim.drainEvents() };
    }
  } while (sim.step());
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export default async function (): Promise<void> {
  const config = loadConfigFromProcess();
  const symbols = [...FOCUS_UNIVERSE];
  const run = await runBacktest({
    config,
    strategies: buildStrategies('all'),
    steps: lastMinutes(symbols, 20),
    monteCarloRuns: 0,
  });
  const source = new EngineRunDaySource(run, config.ENGINE_START_EQUITY);
  const clock = new FakeClock(nyInstant(DATE, '16:10'));
  const service = createReportService({ clock, snapshots: source, days: source, symbols });
  console.log(`focus universe: ${symbols.length} symbols, ${DATE}`);
  const runs = 5;
  for (const type of REPORT_TYPES) {
    await service.run(type, DATE, { asOf: clock.now() }); // warm-up
    const times: number[] = [];
    let charts = 0;
    let bytes = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const built = await service.run(type, DATE, { asOf: clock.now() });
      times.push(performance.now() - t0);
      charts = built.tiers.reduce((n, t) => n + t.charts.length, 0);
      bytes = built.tiers.reduce((n, t) => n + t.html.length, 0);
    }
    console.log(
      `  ${type.padEnd(9)} build + render, all tiers: median ${median(times).toFixed(0)} ms, worst ${Math.max(...times).toFixed(0)} ms (${charts} charts, ${(bytes / 1024).toFixed(0)} KiB of HTML)`,
    );
  }
  const report = await service.build('close', DATE, clock.now());
  console.log(`  charts (${CHART_SIZE.width}×${CHART_SIZE.height}), median of ${runs}:`);
  for (const { name, option } of chartOptionsFor(premiumView(report))) {
    const svgTimes: number[] = [];
    const pngTimes: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      let t0 = performance.now();
      const svg = renderChartSvg(option, CHART_SIZE);
      const svgMs = performance.now() - t0;
      t0 = performance.now();
      svgToPng(svg, CHART_SIZE.width);
      const pngMs = performance.now() - t0;
      if (i > 0) {
        svgTimes.push(svgMs);
        pngTimes.push(pngMs);
      }
    }
    console.log(
      `    ${name.padEnd(16)} SVG ${median(svgTimes).toFixed(1)} ms, PNG ${median(pngTimes).toFixed(1)} ms`,
    );
  }
}
