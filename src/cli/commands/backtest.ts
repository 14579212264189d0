/**
 * `gammadesk backtest --from 2026-03-02 --to 2026-03-06 --symbols SPY,QQQ --strategies all
 *  [--source simulator|DIR] [--seed N] [--step SECONDS] [--json] [--out DIR]`
 * Runs simulated (default) or recorded sessions through the engine the live pipeline uses and
 * prints the report; the equity curve is written as SVG and its path printed. Progress on stderr.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { z } from 'zod';
import { runBacktest, type BacktestReport } from '../../backtest/backtester.js';
import { equityCurveSvg } from '../../backtest/equity-svg.js';
import {
  describeRecordedSource,
  recordedSessions,
  simulatedSessions,
  simulatedStepCount,
} from '../../backtest/sources.js';
import type { AnalyticsEngine } from '../../analytics/engine/analytics-engine.js';
import {
  scenarioDays,
  scenarioSessions,
  scenarioStepCount,
} from '../../backtest/scenario-sessions.js';
import { tradingDaysBetween } from '../../common/market-calendar.js';
import type { MarketStep } from '../../engine/market-step.js';
import { resolveScenarios, SCENARIO_NAMES, SCENARIOS } from '../../market-data/simulator/index.js';
import { loadConfigFromProcess } from '../../config/config.js';
import { strategySettingsFromConfig } from '../../strategies/strategy-settings.js';
import { CliError } from '../cli-error.js';

const dateRe = /^\d{4}-\d{2}-\d{2}$/;
const commaList = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);
const optionsSchema = z
  .object({
    from: z.string().regex(dateRe, '--from must be YYYY-MM-DD').optional(),
    to: z.string().regex(dateRe, '--to must be YYYY-MM-DD').optional(),
    scenarios: commaList.optional(),
    symbols: z
      .string()
      .transform((s) =>
        s
          .split(',')
          .map((x) => x.trim().toUpperCase())
          .filter(Boolean),
      )
      .pipe(
        z
          .array(z.string().regex(/^[A-Z][A-Z0-9.]{0,5}$/, 'symbols are tickers like SPY'))
          .min(1, '--symbols needs at least one ticker'),
      )
      .optional(),
    strategies: commaList.optional(),
    source: z.string().min(1),
    seed: z.coerce.number().int('--seed must be an integer'),
    step: z.coerce.number().int().min(5, '--step is at least 5 seconds').max(3600),
    json: z.boolean().optional(),
    out: z.string().optional(),
    monteCarlo: z.coerce.number().int().min(0).max(100_000),
  })
  .refine((o) => o.scenarios !== undefined || (o.from && o.to && o.symbols), {
    message: '--from, --to and --symbols are required without --scenarios',
  })
  .refine((o) => !o.from || !o.to || o.from <= o.to, { message: '--from must not be after --to' });

export function registerBacktestCommand(program: Command): void {
  program
    .command('backtest')
    .description('Run strategies over simulated or recorded sessions through the live engine')
    .option('--from <date>', 'first New York date, YYYY-MM-DD')
    .option('--to <date>', 'last New York date, YYYY-MM-DD')
    .option('--symbols <list>', 'comma-separated tickers, e.g. SPY,QQQ')
    .option(
      '--scenarios <list>',
      `"all" or simulator scenarios (${SCENARIO_NAMES.join(', ')}); each brings its days, symbols and history`,
    )
    .option(
      '--strategies <list>',
      '"all" or comma-separated strategy names (default STRATEGIES_ENABLED); knobs from STRATEGY_KNOBS_JSON',
    )
    .option('--source <source>', '"simulator" or a directory of recordings', 'simulator')
    .option('--seed <n>', 'simulator seed (and Monte Carlo seed)', '1')
    .option('--step <seconds>', 'engine step for simulated sessions, seconds', '60')
    .option('--monte-carlo <runs>', 'Monte Carlo resamples of the trades', '1000')
    .option('--out <dir>', 'where to write the equity-curve SVG (default DATA_DIR/backtests)')
    .option('--json', 'print the report as JSON on stdout')
    .action(async (raw: Record<string, unknown>) => {
      const parsed = optionsSchema.safeParse(raw);
      if (!parsed.success)
        throw new CliError(parsed.error.issues.map((i) => i.message).join('; '), 2);
      const o = parsed.data;
      const loaded = loadConfigFromProcess();
      // --strategies picks the strategies; their knobs and the confluence/ensemble settings
      // come from the configuration, as in the live engine.
      const config = { ...loaded, STRATEGIES_ENABLED: o.strategies ?? loaded.STRATEGIES_ENABLED };
      let strategies;
      try {
        strategies = strategySettingsFromConfig(config).strategies;
      } catch (err) {
        throw new CliError(err instanceof Error ? err.message : String(err), 2);
      }
      const strategyLabel = config.STRATEGIES_ENABLED.join(', ');
      const bar = new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: 'backtest [{bar}] {percentage}% | {value}/{total} steps | {day}',
          noTTYOutput: true,
          notTTYSchedule: 5000,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      );
      let done = 0;
      const plan = sessionPlan(o, (day, index) => bar.update(index ?? done, { day }));
      if (o.source !== 'simulator' && !o.scenarios) {
        // Recordings say what they hold: provider days (live or historical) or simulated sessions.
        plan.dataSource = await describeRecordedSource(resolve(o.source), {
          from: o.from!,
          to: o.to!,
        }).catch((err: unknown) => {
          throw new CliError(err instanceof Error ? err.message : String(err), 2);
        });
      }
      bar.start(plan.total, 0, { day: plan.firstDay });
      let result;
      try {
        result = await runBacktest({
          config,
          strategies,
          steps: plan.steps,
          seed: o.seed,
          monteCarloRuns: o.monteCarlo,
          onAnalyticsEngine: plan.onAnalyticsEngine,
          scenarioOf: plan.scenarioOf,
          dataSource: plan.dataSource,
          onStep: () => {
            if (plan.stepsCounted) bar.update(++done);
          },
        });
      } catch (err) {
        bar.stop();
        throw new CliError(err instanceof Error ? err.message : String(err));
      }
      bar.update(plan.total);
      bar.stop();
      const dir = resolve(o.out ?? join(config.DATA_DIR, 'backtests'));
      mkdirSync(dir, { recursive: true });
      const svgPath = join(dir, `equity-${plan.fileLabel}-seed${o.seed}.svg`);
      writeFileSync(
        svgPath,
        equityCurveSvg(result.equityCurve, `Equity ${plan.title} · ${strategyLabel}`),
      );
      if (o.json) {
        process.stdout.write(
          `${JSON.stringify({ ...result.report, equityCurveSvg: svgPath }, null, 2)}\n`,
        );
      } else {
        process.stdout.write(formatReport(result.report));
        process.stdout.write(`equity curve: ${svgPath}\n`);
      }
    });
}

type BacktestOptions = z.infer<typeof optionsSchema>;

interface SessionPlan {
  steps: AsyncIterable<MarketStep>;
  total: number;
  /** True when `total` counts engine steps (else days). */
  stepsCounted: boolean;
  firstDay: string;
  title: string;
  fileLabel: string;
  /** What the figures ran on (printed with them). */
  dataSource: string;
  onAnalyticsEngine?: (engine: AnalyticsEngine) => void;
  scenarioOf?: ReadonlyMap<string, string>;
}

/** Where the steps come from: scenarios, simulated days or recordings. */
function sessionPlan(
  o: BacktestOptions,
  onDay: (day: string, index?: number) => void,
): SessionPlan {
  const stepMs = o.step * 1000;
  if (o.scenarios) {
    let scenarios;
    try {
      scenarios = resolveScenarios(o.scenarios);
    } catch (err) {
      throw new CliError(err instanceof Error ? err.message : String(err), 2);
    }
    let analytics: AnalyticsEngine | null = null;
    const names = scenarios.map((s) => s.name);
    return {
      steps: scenarioSessions({
        scenarios,
        seed: o.seed,
        stepMs,
        onHistory: (symbol, rows) => analytics?.setHistory(symbol, rows),
        onDay: (name, date) => onDay(`${name} ${date}`),
      }),
      total: scenarioStepCount(scenarios, stepMs),
      stepsCounted: true,
      firstDay: scenarios[0].days[0].date,
      title: `scenarios ${names.join(', ')}`,
      fileLabel:
        names.length === SCENARIOS.length ? 'scenarios-all' : `scenarios-${names.join('_')}`,
      onAnalyticsEngine: (engine) => (analytics = engine),
      scenarioOf: scenarioDays(scenarios),
      dataSource: `simulator seed ${o.seed}, scenario${names.length > 1 ? 's' : ''} ${names.length === SCENARIOS.length ? 'all' : names.join(', ')}, ${o.step} s steps`,
    };
  }
  const from = o.from!;
  const to = o.to!;
  const symbols = o.symbols!;
  const days = tradingDaysBetween(from, to);
  if (days.length === 0) throw new CliError(`no trading day between ${from} and ${to}`, 2);
  const simulated = o.source === 'simulator';
  return {
    steps: simulated
      ? simulatedSessions({
          from,
          to,
          symbols,
          seed: o.seed,
          stepMs,
          onDay: (_d, _t, date) => onDay(date),
        })
      : recordedSessions(resolve(o.source), {
          from,
          to,
          symbols,
          onDay: (d, _t, date) => onDay(date, d),
        }),
    total: simulated ? simulatedStepCount({ from, to, stepMs }) : days.length,
    stepsCounted: simulated,
    firstDay: from,
    title: `${from} → ${to} · ${symbols.join(', ')}`,
    fileLabel: `${from}-${to}-${symbols.join('_')}`,
    dataSource: simulated
      ? `simulator seed ${o.seed}, ${o.step} s steps`
      : `recorded sessions in ${resolve(o.source)}`,
  };
}

const pct = (x: number | null): string => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null, d = 2): string => (x === null ? 'n/a' : x.toFixed(d));
const usd = (x: number): string =>
  `${x < 0 ? '-' : ''}$${Math.abs(x).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export function formatReport(r: BacktestReport): string {
  const lines: string[] = [];
  lines.push(
    `Backtest ${r.days[0] ?? ''} → ${r.days[r.days.length - 1] ?? ''} (${r.days.length} sessions, ${r.steps} steps)`,
  );
  lines.push(`data            ${r.dataSource}`);
  lines.push('');
  lines.push(
    `trades          ${r.trades}   (signals ${r.signals}, risk rejections ${r.rejections}, open at end ${r.openAtEnd})`,
  );
  lines.push(`win rate        ${pct(r.winRate)}`);
  lines.push(`avg win / loss  ${usd(r.avgWin)} / ${usd(r.avgLoss)}`);
  lines.push(`expectancy      ${usd(r.expectancy)} a trade`);
  lines.push(`profit factor   ${num(r.profitFactor)}`);
  lines.push(
    `P&L             ${usd(r.pnl)}   (equity ${usd(r.startEquity)} → ${usd(r.endEquity)})`,
  );
  lines.push(`Sharpe          ${num(r.sharpe)}`);
  lines.push(`Sortino         ${num(r.sortino)}`);
  lines.push(`Calmar          ${num(r.calmar)}`);
  lines.push(`max drawdown    ${pct(r.maxDrawdown)}`);
  lines.push('');
  lines.push('by strategy');
  for (const [name, s] of Object.entries(r.byStrategy).sort()) {
    lines.push(
      `  ${name.padEnd(20)} ${String(s.trades).padStart(4)} trades  win ${pct(s.winRate).padStart(6)}  P&L ${usd(s.pnl)}`,
    );
  }
  if (Object.keys(r.bySetup).length > 0) {
    lines.push('by setup');
    for (const [name, s] of Object.entries(r.bySetup).sort()) {
      lines.push(
        `  ${name.padEnd(40)} ${String(s.trades).padStart(4)} trades  win ${pct(s.winRate).padStart(6)}  P&L ${usd(s.pnl)}`,
      );
    }
  }
  if (Object.keys(r.rejectionsByRule).length > 0) {
    lines.push('risk rejections by rule');
    for (const [rule, n] of Object.entries(r.rejectionsByRule).sort((a, b) => b[1] - a[1]))
      lines.push(`  ${rule.padEnd(24)} ${n}`);
  }
  if (r.byScenario) {
    lines.push(`by scenario (${r.dataSource}; closed trades per strategy: win rate, avg R)`);
    for (const [name, b] of Object.entries(r.byScenario)) {
      const fired = Object.entries(b.byStrategy)
        .filter(([, f]) => f.trades > 0)
        .map(([s, f]) => `${s} ${f.trades} (${pct(f.winRate)}, ${num(f.avgR)}R)`);
      lines.push(
        `  ${name.padEnd(18)} ${b.days.join(',')}  ${b.trades} closed, win ${pct(b.winRate)}, P&L ${usd(b.pnl)}, max drawdown ${pct(b.maxDrawdown)}`,
        `    ${fired.join(', ') || 'no closed trades'}`,
      );
    }
  }
  if (r.walkForward.length > 0) {
    lines.push(
      'walk-forward, out-of-sample only (strategies picked by positive expectancy over the prior days, scored on the next day)',
    );
    for (const f of r.walkForward) {
      lines.push(
        `  ${f.outOfSample}  selected [${f.selected.join(', ')}]  P&L ${usd(f.outOfSamplePnl)} (all: ${usd(f.allStrategiesPnl)})`,
      );
    }
    const sum = (k: 'outOfSamplePnl' | 'allStrategiesPnl') =>
      r.walkForward.reduce((acc, f) => acc + f[k], 0);
    lines.push(
      `  out-of-sample over ${r.walkForward.length} days: selected ${usd(sum('outOfSamplePnl'))}, all strategies ${usd(sum('allStrategiesPnl'))}`,
    );
  }
  if (r.monteCarlo) {
    const m = r.monteCarlo;
    lines.push(
      `Monte Carlo (${m.runs} resamples): max drawdown p50 ${pct(m.maxDrawdown.p50)}, p95 ${pct(m.maxDrawdown.p95)}, worst ${pct(m.maxDrawdown.worst)}; P(loss) ${pct(m.probabilityOfLoss)}`,
    );
  }
  lines.push('');
  return lines.join('\n');
}
