/**
 * `gammadesk report run premarket|intraday|close --date YYYY-MM-DD [--symbols SPY,QQQ]
 *  [--source simulator|DIR] [--seed N] [--step SECONDS] --out DIR`
 * builds one report over a simulated (default) or recorded session driven through the engine up
 * to the report's time, and writes per tier `DIR/<type>/<tier>.html`, `<tier>.txt`,
 * `<tier>.chat.txt` (and `free.teaser.txt`), `levels.json`, `levels.tradingview.txt`,
 * `report.json` and `charts/<tier>-<name>.svg|png`; prints a JSON summary on stdout.
 *
 * `gammadesk report schedule --from YYYY-MM-DD --to YYYY-MM-DD` prints the schedule as JSON.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { FakeClock } from '../../common/clock.js';
import { isTradingDay } from '../../common/market-calendar.js';
import { loadConfigFromProcess } from '../../config/config.js';
import { createNarrativeService } from '../../narrative/writer/create-narrative-service.js';
import { levelsDocument, tradingViewText } from '../../reports/levels-export.js';
import { REPORT_TYPES, type ReportType } from '../../reports/report.js';
import { reportSchedule, scheduledReport } from '../../reports/report-schedule.js';
import { createReportService, type BuiltReport } from '../../reports/report-service.js';
import { CliError } from '../cli-error.js';
import { symbolList } from '../symbol-list.js';
import { engineDaySource } from '../reports/engine-run-day-source.js';

const dateRe = /^\d{4}-\d{2}-\d{2}$/;

const runSchema = z.object({
  type: z.enum(REPORT_TYPES, { message: `report type is one of ${REPORT_TYPES.join(', ')}` }),
  date: z.string().regex(dateRe, '--date must be YYYY-MM-DD'),
  symbols: symbolList('--symbols needs at least one ticker').optional(),
  source: z.string().min(1),
  seed: z.coerce.number().int('--seed must be an integer'),
  step: z.coerce.number().int().min(5, '--step is at least 5 seconds').max(3600),
  out: z.string().min(1, '--out is required'),
});

export type ReportRunOptions = z.input<typeof runSchema>;

export interface ReportRunSummary {
  reportId: string;
  type: ReportType;
  date: string;
  scheduledFor: string;
  dir: string;
  symbols: string[];
  signals: number;
  dayPnl: number;
  levels: string;
  tradingView: string;
  tiers: Record<string, { html: string; text: string; chat: string; charts: string[] }>;
}

function fail(err: z.ZodError): never {
  throw new CliError(err.issues.map((i) => i.message).join('; '), 2);
}

/** Writes one report's files under `out/<type>/` and returns the summary the command prints. */
export function writeReportFiles(built: BuiltReport, out: string): ReportRunSummary {
  const { report } = built;
  const dir = join(resolve(out), report.type);
  mkdirSync(join(dir, 'charts'), { recursive: true });
  const tiers: ReportRunSummary['tiers'] = {};
  for (const t of built.tiers) {
    const html = join(dir, `${t.tier}.html`);
    const text = join(dir, `${t.tier}.txt`);
    const chat = join(dir, `${t.tier}.chat.txt`);
    writeFileSync(html, t.html);
    writeFileSync(text, t.text);
    writeFileSync(chat, `${t.chat}\n`);
    if (t.teaser !== null) writeFileSync(join(dir, `${t.tier}.teaser.txt`), `${t.teaser}\n`);
    const charts: string[] = [];
    for (const c of t.charts) {
      const base = join(dir, 'charts', `${t.tier}-${c.name}`);
      writeFileSync(`${base}.svg`, c.svg);
      writeFileSync(`${base}.png`, c.png);
      charts.push(`${base}.svg`, `${base}.png`);
    }
    tiers[t.tier] = { html, text, chat, charts };
  }
  const levels = join(dir, 'levels.json');
  const tradingView = join(dir, 'levels.tradingview.txt');
  writeFileSync(levels, `${JSON.stringify(levelsDocument(report), null, 2)}\n`);
  writeFileSync(tradingView, tradingViewText(report));
  writeFileSync(join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  return {
    reportId: report.id,
    type: report.type,
    date: report.date,
    scheduledFor: report.scheduledFor,
    dir,
    symbols: report.levels.map((l) => l.symbol),
    signals: report.signals.length,
    dayPnl: report.risk.dayPnl,
    levels,
    tradingView,
    tiers,
  };
}

/** `report run`: drives the session, builds, renders and writes the report. */
export async function runReportCommand(raw: ReportRunOptions): Promise<ReportRunSummary> {
  const parsed = runSchema.safeParse(raw);
  if (!parsed.success) fail(parsed.error);
  const o = parsed.data;
  if (!isTradingDay(o.date)) throw new CliError(`${o.date} is not a trading day`, 2);
  const slot = scheduledReport(o.date, o.type);
  if (!slot)
    throw new CliError(`no ${o.type} report on ${o.date} (early close: no intraday report)`, 2);
  const config = loadConfigFromProcess();
  const symbols = o.symbols ?? config.MARKET_DATA_SYMBOLS;
  const source = o.source === 'simulator' ? 'simulator' : resolve(o.source);
  let day;
  try {
    day = await engineDaySource({
      date: o.date,
      asOf: slot.atMs,
      symbols,
      source,
      seed: o.seed,
      stepSeconds: o.step,
      config,
    });
  } catch (err) {
    throw new CliError(err instanceof Error ? err.message : String(err));
  }
  const clock = new FakeClock(slot.atMs);
  const service = createReportService({
    clock,
    snapshots: day,
    days: day,
    symbols,
    narrator: createNarrativeService({ config, clock }),
  });
  const built = await service.run(o.type, o.date);
  return writeReportFiles(built, o.out);
}

const scheduleSchema = z
  .object({
    from: z.string().regex(dateRe, '--from must be YYYY-MM-DD'),
    to: z.string().regex(dateRe, '--to must be YYYY-MM-DD'),
  })
  .refine((s) => s.from <= s.to, { message: '--from must not be after --to' });

export function registerReportCommands(program: Command): void {
  const report = program
    .command('report')
    .description('Scheduled reports: build on demand, show the schedule');
  report
    .command('run')
    .description('Build one report over a simulated or recorded session and write every tier')
    .argument('<type>', REPORT_TYPES.join(' | '))
    .requiredOption('--date <date>', 'New York trading date, YYYY-MM-DD')
    .option('--symbols <list>', 'comma-separated tickers (default: the focus universe)')
    .option('--source <source>', '"simulator" or a directory of recordings', 'simulator')
    .option('--seed <n>', 'simulator seed', '1')
    .option('--step <seconds>', 'engine step for simulated sessions, seconds', '60')
    .requiredOption('--out <dir>', 'output directory')
    .action(async (type: string, opts: Record<string, string>) => {
      const summary = await runReportCommand({ ...opts, type } as ReportRunOptions);
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    });
  report
    .command('schedule')
    .description('Print the report schedule (New York times) as JSON')
    .requiredOption('--from <date>', 'first New York date, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last New York date, YYYY-MM-DD')
    .action((opts: Record<string, string>) => {
      const parsed = scheduleSchema.safeParse(opts);
      if (!parsed.success) fail(parsed.error);
      const rows = reportSchedule(parsed.data.from, parsed.data.to).map(({ date, type, at }) => ({
        date,
        type,
        at,
      }));
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    });
}
