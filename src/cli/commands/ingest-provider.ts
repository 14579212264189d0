/**
 * Real provider data into recordings:
 * `gammadesk ingest record --provider alphavantage|massive [--symbols SPY,QQQ] [--until HH:mm |
 *   --duration 90m] [--interval 60] --out DIR` records live sessions (chains, 1-minute bars,
 *   indicators where the provider has them), one recording per day in DIR/<date>-<HHmm>;
 * `gammadesk ingest backfill --provider alphavantage --from YYYY-MM-DD --to YYYY-MM-DD
 *   --symbols SPY,QQQ --out DIR` builds recorded days (DIR/<date>) from AlphaVantage's history.
 * Both print progress as sentences on stderr and a JSON summary on stdout.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { SystemClock, type Clock } from '../../common/clock.js';
import {
  nyDate,
  nyInstant,
  nyTime,
  sessionFor,
  toDate,
  tradingDaysBetween,
} from '../../common/market-calendar.js';
import { loadConfigFromProcess } from '../../config/config.js';
import type { MarketDataConfig } from '../../config/slices.js';
import { AlphaVantageProvider } from '../../market-data/adapters/alphavantage.js';
import { MassiveProvider } from '../../market-data/adapters/massive.js';
import { httpOptionsFromConfig } from '../../market-data/provider-factory.js';
import { backfillDays, newYorkClock } from '../../market-data/recording/backfill.js';
import { recordLive } from '../../market-data/recording/live-recorder.js';
import { providerLabel } from '../../market-data/recording/provider-failure.js';
import { CliError } from '../cli-error.js';
import { symbolList } from '../symbol-list.js';

/** What tests (and only tests) swap: the clock and extra settings. */
export interface IngestCliDeps {
  clock?: Clock;
  env?: Record<string, string | undefined>;
}

const liveOptions = z
  .object({
    provider: z.enum(['alphavantage', 'massive']),
    symbols: symbolList().optional(),
    until: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, '--until must be HH:mm (New York time)')
      .optional(),
    duration: z
      .string()
      .regex(/^(\d+h)?(\d+m)?(\d+s)?$/, '--duration looks like 90m, 2h or 1h30m')
      .refine((d) => d !== '' && durationMs(d) > 0, '--duration must be longer than zero')
      .optional(),
    interval: z.coerce
      .number()
      .int('--interval is whole seconds')
      .min(5, '--interval is at least 5 seconds')
      .max(3600),
    out: z.string().min(1),
  })
  .refine((o) => !(o.until && o.duration), { message: 'give --until or --duration, not both' });

const dateOption = (name: string) =>
  z.string().refine((d) => {
    try {
      return toDate(d) === d;
    } catch {
      return false;
    }
  }, `${name} must be a date like 2026-03-02`);

const backfillOptions = z.object({
  provider: z.literal('alphavantage', {
    message:
      'backfill reads AlphaVantage history (HISTORICAL_OPTIONS and TIME_SERIES_INTRADAY); Massive’s chain snapshot has no past days',
  }),
  from: dateOption('--from'),
  to: dateOption('--to'),
  symbols: symbolList(),
  out: z.string().min(1),
});

function durationMs(d: string): number {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(d);
  if (!m) return 0;
  return (Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 1000;
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new CliError(parsed.error.issues.map((i) => i.message).join('\n'), 2);
  return parsed.data;
}

const say = (line: string) => process.stderr.write(`${line}\n`);
const list = (xs: readonly string[]) =>
  xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function marketDataConfig(deps: IngestCliDeps): MarketDataConfig {
  try {
    return loadConfigFromProcess(deps.env ?? {});
  } catch (err) {
    throw new CliError(err instanceof Error ? err.message : String(err), 2);
  }
}

function apiKeyOf(config: MarketDataConfig, provider: 'alphavantage' | 'massive'): string {
  const key = provider === 'alphavantage' ? config.ALPHAVANTAGE_API_KEY : config.MASSIVE_API_KEY;
  const name = provider === 'alphavantage' ? 'ALPHAVANTAGE_API_KEY' : 'MASSIVE_API_KEY';
  if (!key)
    throw new CliError(`${name} is not set: ${providerLabel(provider)} needs an API key.`, 2);
  return key;
}

/** The instant the recording ends, checked to leave some NYSE session time before it. */
function recordingEnd(o: { until?: string; duration?: string }, now: number): number {
  const today = nyDate(now);
  let end: number;
  if (o.until) {
    end = nyInstant(today, o.until);
    if (end <= now)
      throw new CliError(
        `--until ${o.until} has already passed in New York (it is ${newYorkClock(now)}).`,
        2,
      );
  } else if (o.duration) end = now + durationMs(o.duration);
  else {
    const session = sessionFor(today);
    if (!session || session.closeAt <= now)
      throw new CliError(
        `The New York session is not open today or has closed (it is ${newYorkClock(now)}); give --until or --duration to record a later session, or use ingest backfill for past days.`,
        2,
      );
    end = session.closeAt;
  }
  const hasSession = tradingDaysBetween(today, nyDate(end)).some((d) => {
    const s = sessionFor(d);
    return s !== null && s.closeAt > now && s.openAt < end;
  });
  if (!hasSession)
    throw new CliError(
      `No NYSE session is open between now (${newYorkClock(now)}) and ${newYorkClock(end)}: a live recording records open sessions; use ingest backfill for past days.`,
      2,
    );
  return end;
}

/** `ingest record --provider alphavantage|massive` (called by the record command). */
export async function recordFromProvider(
  raw: Record<string, unknown>,
  deps: IngestCliDeps,
): Promise<void> {
  for (const flag of ['date', 'scenario', 'from', 'to', 'source'] as const) {
    if (raw[flag] !== undefined)
      throw new CliError(
        `--${flag} is for simulated or replayed recordings; a live recording starts now (use --until or --duration).`,
        2,
      );
  }
  const o = parse(liveOptions, raw);
  const clock = deps.clock ?? new SystemClock();
  const config = marketDataConfig(deps);
  const apiKey = apiKeyOf(config, o.provider);
  const symbols = o.symbols ?? config.MARKET_DATA_SYMBOLS;
  const endAt = recordingEnd(o, clock.now());
  const common = {
    apiKey,
    clock,
    http: httpOptionsFromConfig(config),
    staleAfterMs: config.MARKET_DATA_STALE_AFTER_S * 1000,
  };
  const provider =
    o.provider === 'alphavantage'
      ? new AlphaVantageProvider({ ...common, baseUrl: config.ALPHAVANTAGE_BASE_URL })
      : new MassiveProvider({ ...common, baseUrl: config.MASSIVE_BASE_URL });
  const perMinute =
    o.provider === 'alphavantage'
      ? config.ALPHAVANTAGE_CALLS_PER_MINUTE
      : config.MASSIVE_CALLS_PER_MINUTE;
  const label = providerLabel(o.provider);
  const what =
    o.provider === 'alphavantage'
      ? 'chains, 1-minute bars and RSI, MACD and Bollinger points'
      : 'chains (Massive has no bars or indicators here)';
  say(
    `Recording ${list(symbols)} from ${label} until ${newYorkClock(endAt)}: ${what}, a chain per symbol every ${o.interval} s during the session, at most ${perMinute} calls a minute, into ${o.out}.`,
  );
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  try {
    const result = await recordLive({
      provider,
      clock,
      symbols,
      intervalMs: o.interval * 1000,
      endAt,
      out: o.out,
      callsPerMinute: perMinute,
      signal: abort.signal,
      onSegment: (s) =>
        say(
          `Wrote ${s.date} (${plural(s.snapshots, 'chain')} from ${nyClock(s.firstAsOf)} to ${nyClock(s.lastAsOf)} New York, ${plural(s.seriesItems, 'bar or indicator point', 'bars and indicator points')}) to ${s.dir}.`,
        ),
      onFailure: (task, message) =>
        say(
          `The ${task.symbol ?? ''} ${task.kind === 'intraday' ? '1-minute bars' : (task.indicator ?? task.kind)} pull failed: ${message}`,
        ),
    }).catch((err: unknown) => {
      throw new CliError(err instanceof Error ? err.message : String(err));
    });
    process.stdout.write(
      `${JSON.stringify({ provider: o.provider, symbols, ...result }, null, 2)}\n`,
    );
    if (result.segments.length === 0 && result.stoppedBy !== 'error')
      say('Nothing was recorded: no chain arrived before the end.');
    if (result.error) {
      const kept = result.segments.length
        ? ` What was recorded before it is kept in ${list(result.segments.map((s) => s.dir))}.`
        : ' Nothing was written.';
      throw new CliError(`The recording stopped: ${result.error}${kept}`);
    }
  } finally {
    process.removeListener('SIGINT', onSigint);
    await provider.close();
  }
}

export function registerBackfillCommand(ingest: Command, deps: IngestCliDeps): void {
  ingest
    .command('backfill')
    .description('Build recorded days from AlphaVantage history within the quota budget')
    .requiredOption('--provider <name>', 'alphavantage')
    .requiredOption('--from <YYYY-MM-DD>', 'first day (New York)')
    .requiredOption('--to <YYYY-MM-DD>', 'last day (New York), before today')
    .requiredOption('--symbols <list>', 'comma-separated tickers, e.g. SPY,QQQ')
    .requiredOption(
      '--out <dir>',
      'directory of recorded days (DIR/<date>); days already there are skipped',
    )
    .action(async (raw: Record<string, unknown>) => {
      const o = parse(backfillOptions, raw);
      const clock = deps.clock ?? new SystemClock();
      const today = nyDate(clock.now());
      if (o.from > o.to) throw new CliError(`--from ${o.from} is after --to ${o.to}.`, 2);
      if (o.from < '2008-01-01')
        throw new CliError(
          'AlphaVantage option history starts on 2008-01-01; --from is earlier.',
          2,
        );
      if (o.to >= today)
        throw new CliError(
          `--to must be a past day: ${o.to} is not over yet in New York (today is ${today}).`,
          2,
        );
      const days = tradingDaysBetween(o.from, o.to);
      if (days.length === 0)
        throw new CliError(
          `There is no NYSE trading day from ${o.from} to ${o.to} (weekends and exchange holidays only).`,
          2,
        );
      const config = marketDataConfig(deps);
      const source = new AlphaVantageProvider({
        apiKey: apiKeyOf(config, 'alphavantage'),
        baseUrl: config.ALPHAVANTAGE_BASE_URL,
        clock,
        http: httpOptionsFromConfig(config),
        staleAfterMs: config.MARKET_DATA_STALE_AFTER_S * 1000,
      });
      const abort = new AbortController();
      const onSigint = () => abort.abort();
      process.once('SIGINT', onSigint);
      let written = 0;
      try {
        const summary = await backfillDays({
          source,
          clock,
          symbols: o.symbols,
          days,
          out: o.out,
          callsPerMinute: config.ALPHAVANTAGE_CALLS_PER_MINUTE,
          signal: abort.signal,
          onEvent: (e) => {
            if (e.kind === 'plan') {
              const closed = calendarDays(o.from, o.to) - days.length;
              say(
                `Backfilling ${plural(days.length, 'trading day')} from ${o.from} to ${o.to}${closed ? ` (${plural(closed, 'day')} in between ${closed === 1 ? 'is' : 'are'} a weekend or holiday)` : ''} for ${list(o.symbols)} from AlphaVantage into ${o.out}.`,
              );
              if (e.skipped.length) say(`Already recorded, skipped: ${list(e.skipped)}.`);
              for (const f of e.refused) say(`${f.date} is left as it is: ${f.reason}.`);
              if (e.calls)
                say(
                  `${plural(e.pending.length, 'day')} to fetch: ${plural(e.calls, 'call')} (a closing chain per symbol and day, a month of 1-minute bars per symbol and month) at most ${e.perMinute} a minute (backfills take half of the plan's ${e.planPerMinute} a minute, one call a second at most).`,
                );
            } else if (e.kind === 'waiting') {
              say(
                `Backfill calls wait until ${newYorkClock(e.until)} so that live chains keep the quota during the trading day.`,
              );
            } else if (e.kind === 'written') {
              written++;
              say(
                `Wrote ${e.date}: ${Object.entries(e.contracts)
                  .map(([s, n]) => `${s} ${plural(n, 'contract')}`)
                  .join(
                    ', ',
                  )} at the close and ${plural(e.bars, 'one-minute bar')} (${written} written so far) to ${e.dir}.`,
              );
            } else {
              say(`${e.date} was not written: ${e.reason} It is fetched again on the next run.`);
            }
          },
        });
        process.stdout.write(
          `${JSON.stringify({ out: o.out, from: o.from, to: o.to, ...summary }, null, 2)}\n`,
        );
        if (summary.error)
          throw new CliError(
            `The backfill stopped: ${summary.error} ${plural(summary.written.length, 'day')} written; run the same command again to resume.`,
          );
        if (summary.failed.length)
          throw new CliError(
            `${plural(summary.failed.length, 'day')} could not be built (${list(summary.failed.map((f) => f.date))}); the reasons are above. Days that failed on a provider call are fetched again when the same command runs again.`,
          );
      } finally {
        process.removeListener('SIGINT', onSigint);
        await source.close();
      }
    });
}

const nyClock = (iso: string | null) => (iso ? nyTime(Date.parse(iso)).slice(0, 5) : '–');

function calendarDays(from: string, to: string): number {
  return (
    Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1
  );
}
