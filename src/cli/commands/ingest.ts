/**
 * `gammadesk ingest record --provider simulator --symbols SPY,SPX --date 2026-03-02 --out DIR`
 *   records a session (whole by default; --from/--to HH:mm narrow it; --interval seconds between
 *   snapshots, 60 by default, 5 = every simulator step) with a progress bar on stderr, and prints
 *   the manifest on stdout.
 * `gammadesk ingest replay DIR [--speed 60|max] [--symbols SPY]` plays a recording by its recorded
 *   clock, one line per snapshot on stdout, and checks every symbol's digest (exit 1 on mismatch).
 * `ingest record --provider alphavantage|massive` and `ingest backfill`: see ingest-provider.ts.
 */
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { z } from 'zod';
import { FakeClock, SystemClock } from '../../common/clock.js';
import { isTradingDay } from '../../common/market-calendar.js';
import type { MarketDataProvider } from '../../market-data/market-data-provider.js';
import { ReplayProvider } from '../../market-data/adapters/replay.js';
import { SimulatorProvider } from '../../market-data/adapters/simulator.js';
import {
  resolveScenarios,
  SCENARIO_NAMES,
  type Scenario,
} from '../../market-data/simulator/index.js';
import { recordSession } from '../../market-data/recording/session-recorder.js';
import { CliError } from '../cli-error.js';
import { symbolList } from '../symbol-list.js';
import {
  recordFromProvider,
  registerBackfillCommand,
  type IngestCliDeps,
} from './ingest-provider.js';

const recordOptions = z.object({
  provider: z.enum(['simulator', 'replay'], {
    message: 'record supports --provider simulator, replay, alphavantage or massive',
  }),
  symbols: symbolList().optional(),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '--date must be YYYY-MM-DD')
    .refine((d) => isTradingDay(d), 'the date is not a NYSE trading day')
    .optional(),
  scenario: z.string().optional(),
  out: z.string().min(1),
  interval: z.coerce.number().int().min(1).max(3600).default(60),
  from: z
    .string()
    .regex(/^\d{2}:\d{2}$/, '--from must be HH:mm')
    .optional(),
  to: z
    .string()
    .regex(/^\d{2}:\d{2}$/, '--to must be HH:mm')
    .optional(),
  seed: z.coerce.number().int().default(42),
  source: z.string().optional(),
});

const replayOptions = z.object({
  speed: z
    .string()
    .default('1')
    .transform((s) => (s === 'max' ? Number.POSITIVE_INFINITY : Number(s)))
    .refine((n) => n > 0, '--speed must be a positive number or "max"'),
  symbols: symbolList().optional(),
  quiet: z.boolean().default(false),
});

function scenarioNamed(name: string): Scenario {
  try {
    if (name === 'all') throw new Error('--scenario takes one scenario name');
    return resolveScenarios([name])[0];
  } catch (err) {
    throw new CliError(err instanceof Error ? err.message : String(err), 2);
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new CliError(
      parsed.error.issues
        .map((i) => `${i.path.length ? `--${i.path.join('.')}: ` : ''}${i.message}`)
        .join('\n'),
      2,
    );
  }
  return parsed.data;
}

export function registerIngestCommands(program: Command, deps: IngestCliDeps = {}): void {
  const ingest = program
    .command('ingest')
    .description('Market-data ingestion: record, backfill and replay sessions');

  ingest
    .command('record')
    .description('Record a session of normalized chain snapshots into a directory')
    .requiredOption(
      '--provider <name>',
      'simulator, alphavantage or massive (live), or replay to re-record a recording given as --source',
    )
    .option('--symbols <list>', "comma-separated symbols, e.g. SPY,SPX (default: the scenario's)")
    .option('--date <YYYY-MM-DD>', "the trading day (default: the scenario's first day)")
    .option('--scenario <name>', `simulator: a named scenario day (${SCENARIO_NAMES.join(', ')})`)
    .requiredOption(
      '--out <dir>',
      'simulator/replay: the recording directory (must not hold one); live: a directory of recorded days',
    )
    .option('--interval <seconds>', 'seconds between snapshots (5 = every simulator step)', '60')
    .option('--from <HH:mm>', 'start (New York), default the open')
    .option('--to <HH:mm>', 'end (New York), default the close')
    .option('--seed <n>', 'simulator seed', '42')
    .option('--source <dir>', 'replay provider: the recording to read')
    .option('--until <HH:mm>', 'live providers: stop at this New York time (default the close)')
    .option('--duration <span>', 'live providers: record for this long, e.g. 90m, 2h, 1h30m')
    .action(async (raw: Record<string, unknown>) => {
      if (raw.provider === 'alphavantage' || raw.provider === 'massive')
        return recordFromProvider(raw, deps);
      if (raw.until !== undefined || raw.duration !== undefined)
        throw new CliError(
          '--until and --duration are for live providers (alphavantage, massive)',
          2,
        );
      const parsed = parse(recordOptions, raw);
      const scenario = parsed.scenario === undefined ? undefined : scenarioNamed(parsed.scenario);
      if (scenario && parsed.provider !== 'simulator')
        throw new CliError('--scenario needs --provider simulator', 2);
      const symbols = parsed.symbols ?? scenario?.symbols;
      const date = parsed.date ?? scenario?.days[0].date;
      if (!symbols || !date)
        throw new CliError('--symbols and --date are required without --scenario', 2);
      const shapes = new Map(scenario?.days.map((d) => [d.date, d.shapes]));
      const o = { ...parsed, symbols, date };
      const clock = new FakeClock(0);
      let provider: MarketDataProvider;
      if (o.provider === 'simulator') {
        provider = new SimulatorProvider({
          clock,
          seed: o.seed,
          symbols: o.symbols,
          dayShapes: (d) => shapes.get(d),
        });
      } else {
        if (!o.source) throw new CliError('--provider replay needs --source DIR', 2);
        provider = await ReplayProvider.open(o.source, clock).catch((err: unknown) => {
          throw new CliError(err instanceof Error ? err.message : String(err));
        });
      }
      const bar = new SingleBar(
        {
          format:
            'recording [{bar}] {percentage}% | {value}/{total} snapshots | {eta_formatted} left',
          stream: process.stderr,
        },
        Presets.shades_classic,
      );
      let started = false;
      const abort = new AbortController();
      const onSigint = () => abort.abort();
      process.once('SIGINT', onSigint);
      try {
        const manifest = await recordSession({
          provider,
          clock,
          symbols: o.symbols,
          date: o.date,
          intervalMs: o.interval * 1000,
          from: o.from,
          to: o.to,
          out: o.out,
          createdAt: new Date(new SystemClock().now()).toISOString(),
          signal: abort.signal,
          onProgress: (done, total) => {
            if (!started) {
              bar.start(total, 0);
              started = true;
            }
            bar.update(done);
          },
        }).catch((err: unknown) => {
          throw new CliError(err instanceof Error ? err.message : String(err));
        });
        if (started) bar.stop();
        process.stdout.write(`${JSON.stringify(manifest, null, 2)}\n`);
      } finally {
        process.removeListener('SIGINT', onSigint);
        await provider.close?.();
      }
    });

  registerBackfillCommand(ingest, deps);

  ingest
    .command('replay')
    .description('Play a recorded session by its recorded clock and verify its checksums')
    .argument('<dir>', 'a directory written by `ingest record`')
    .option(
      '--speed <n>',
      'clock speed: 1 = as recorded, 60 = a minute per second, max = no waiting',
      '1',
    )
    .option('--symbols <list>', 'only these symbols')
    .option('--quiet', 'no line per snapshot, only the summary')
    .action(async (dir: string, raw: Record<string, unknown>) => {
      const o = parse(replayOptions, raw);
      const replay = await ReplayProvider.open(dir).catch((err: unknown) => {
        throw new CliError(err instanceof Error ? err.message : String(err));
      });
      const abort = new AbortController();
      const onSigint = () => abort.abort();
      process.once('SIGINT', onSigint);
      try {
        const summary = await replay
          .play(
            (s) => {
              if (!o.quiet) {
                process.stdout.write(
                  `${s.asOf}\t${s.underlying}\t${s.spot}\t${s.contracts.length}\t${s.snapshotId}\n`,
                );
              }
            },
            { speed: o.speed, symbols: o.symbols, signal: abort.signal },
          )
          .catch((err: unknown) => {
            throw new CliError(err instanceof Error ? err.message : String(err));
          });
        process.stderr.write(
          `replayed ${summary.snapshots} snapshots (${Object.entries(summary.bySymbol)
            .map(([s, n]) => `${s} ${n}`)
            .join(', ')}) from ${summary.firstAsOf ?? '-'} to ${summary.lastAsOf ?? '-'}\n`,
        );
        if (summary.digestMismatches.length > 0) {
          throw new CliError(
            `checksum mismatch for ${summary.digestMismatches.join(', ')}: the recording was altered`,
          );
        }
        if (!abort.signal.aborted) process.stderr.write('checksums match the manifest\n');
      } finally {
        process.removeListener('SIGINT', onSigint);
      }
    });
}
