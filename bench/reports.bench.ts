/**
 * Report figures for the focus universe: per report type, the stored and delivered path — build
 * and render every tier (all charts, MJML to HTML), store the report with its renderings in
 * PostgreSQL, and compose each tier × channel message from the stored rendering as delivery does
 * (with its leak scan) — against the goal of a close report under 2 s; each chart's SVG and PNG
 * render time; and the fact check's time per narrative (the report's regime narrative for each
 * symbol, checked against its facts). The engine is run over the last minutes of a simulated
 * session first (not timed): the figures are the report's own cost.
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
import type { AnalyticsSnapshot } from '../src/analytics/analytics-snapshot.js';
import { reportLeaks, reportMessage } from '../src/distribution/report-message.js';
import { DEFAULT_TIER_POLICY } from '../src/distribution/tier-policy.js';
import { renderTemplateNarrative } from '../src/narrative/adapters/template.js';
import { checkFacts } from '../src/narrative/writer/fact-check.js';
import { factNumbers } from '../src/narrative/writer/facts.js';
import { regimeContextFacts } from '../src/narrative/writer/signal-facts.js';
import { chartContentId } from '../src/reports/report-publisher.js';
import { PostgresReportStore } from '../src/reports/store/report-store.js';
import { TIERS } from '../src/vocabulary/tier.js';
import { withBenchSchema } from './support/bench-schema.js';

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
  await withBenchSchema('bench_reports', async (db) => {
    const store = new PostgresReportStore(db.dataSource);
    console.log(
      '  stored and delivered path (build + render all tiers, store, compose every message), median / worst:',
    );
    for (const type of REPORT_TYPES) {
      const parts = { build: [] as number[], store: [] as number[], compose: [] as number[] };
      const totals: number[] = [];
      let messages = 0;
      for (let i = 0; i <= runs; i++) {
        const t0 = performance.now();
        const built = await service.run(type, DATE, {
          asOf: clock.now(),
          chartSrc: (c) => `cid:${chartContentId(c.name)}`,
        });
        const t1 = performance.now();
        await store.save(built.report, built.tiers);
        const t2 = performance.now();
        messages = await composeAll(store, built.report.id);
        const t3 = performance.now();
        if (i === 0) continue; // warm-up
        parts.build.push(t1 - t0);
        parts.store.push(t2 - t1);
        parts.compose.push(t3 - t2);
        totals.push(t3 - t0);
      }
      const goal =
        type === 'close' ? ` (goal < 2000 ms: ${median(totals) < 2000 ? 'met' : 'NOT met'})` : '';
      console.log(
        `    ${type.padEnd(9)} ${median(totals).toFixed(0)} / ${Math.max(...totals).toFixed(0)} ms${goal}: build + render ${median(parts.build).toFixed(0)} ms, store ${median(parts.store).toFixed(0)} ms, ${messages} messages composed ${median(parts.compose).toFixed(0)} ms`,
      );
    }
  });
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
  factCheckFigures(await source.latestSnapshots(symbols, clock.now()));
}

/**
 * Every tier × channel message of a stored report as delivery composes it: the tier's rendering
 * read back from the store, the channel's message, the leak scan. Returns how many.
 */
async function composeAll(store: PostgresReportStore, id: string): Promise<number> {
  const report = await store.report(id);
  let n = 0;
  for (const tier of TIERS) {
    const rendition = await store.rendition(id, tier);
    if (!report || !rendition) throw new Error(`report ${id} has no ${tier} rendering`);
    for (const channel of DEFAULT_TIER_POLICY.rules[tier].channels) {
      const { rendered } = reportMessage(channel, report, rendition, 'https://gammadesk.test/u/1');
      if (reportLeaks(tier, report, rendered).length > 0) throw new Error(`leak in ${tier}`);
      n++;
    }
  }
  return n;
}

/** The fact check of each symbol's regime narrative: one restating the facts, one inventing a number. */
function factCheckFigures(snapshots: readonly AnalyticsSnapshot[]): void {
  const cases = snapshots.map((s) => {
    const facts = regimeContextFacts(s);
    return { text: renderTemplateNarrative(facts), numbers: factNumbers(facts) };
  });
  const rounds = 200;
  const times: number[] = [];
  let passed = 0;
  let rejected = 0;
  for (let i = 0; i < rounds; i++)
    for (const c of cases) {
      const t0 = performance.now();
      const ok = checkFacts(c.text, c.numbers).ok;
      const bad = checkFacts(`${c.text} A move to 12345.67 is likely.`, c.numbers).ok;
      times.push((performance.now() - t0) / 2);
      if (i === 0) {
        passed += ok ? 1 : 0;
        rejected += bad ? 0 : 1;
      }
    }
  console.log(
    `  fact check per narrative (${cases.length} regime narratives × ${rounds}): median ${(median(times) * 1000).toFixed(0)} µs, p99 ${(times.sort((a, b) => a - b)[Math.floor(times.length * 0.99)] * 1000).toFixed(0)} µs; ${passed}/${cases.length} restatements passed, ${rejected}/${cases.length} invented numbers rejected`,
  );
}
