/**
 * Builds recorded days from a provider's history (AlphaVantage: HISTORICAL_OPTIONS for each
 * day's closing chain, TIME_SERIES_INTRADAY month slices for the 1-minute bars), through the
 * quota scheduler's backfill queue: after 16:30 New York (before 09:00 and on days off too), at
 * half the plan's rate, so live chains keep their budget. NYSE trading days only; a day already
 * recorded with every symbol is skipped, so an interrupted backfill resumes where it stopped.
 * Each day is staged and renamed to DIR/<date> only once all its symbols are in.
 */
import { DateTime } from 'luxon';
import type { Clock } from '../../common/clock.js';
import { nyDate, nyInstant, sessionFor } from '../../common/market-calendar.js';
import { NEW_YORK_ZONE } from '../../vocabulary/units.js';
import type { ChainSnapshot } from '../chain-snapshot.js';
import { parseChainSnapshot } from '../chain-snapshot-schema.js';
import type { ChainRequestOptions, IntradayBar } from '../market-data-provider.js';
import { closedBarEvents } from '../provider-series.js';
import { QuotaRunner } from '../quota/quota-runner.js';
import { QuotaScheduler, type BackfillJob, type PullTask } from '../quota/quota-scheduler.js';
import { describeProviderFailure, isFatalProviderError } from './provider-failure.js';
import { finishedRecording, openStagedRecording } from './staged-recording.js';

/** What a backfill needs from a provider (AlphaVantageProvider has both). */
export interface HistoricalSource {
  readonly name: string;
  fetchChain(symbol: string, opts?: ChainRequestOptions): Promise<ChainSnapshot>;
  fetchIntradayMonth(symbol: string, month: string, signal?: AbortSignal): Promise<IntradayBar[]>;
}

export interface BackfillOptions {
  source: HistoricalSource;
  clock: Clock;
  symbols: string[];
  /** NYSE trading days to build, oldest first (the caller checked the range). */
  days: string[];
  out: string;
  callsPerMinute: number;
  signal?: AbortSignal;
  onEvent?: (event: BackfillEvent) => void;
}

export type BackfillEvent =
  | {
      kind: 'plan';
      pending: string[];
      skipped: string[];
      /** Days left alone (recorded with fewer symbols). */
      refused: { date: string; reason: string }[];
      calls: number;
      /** Backfill calls a minute at most; `planPerMinute` is the provider plan's limit. */
      perMinute: number;
      planPerMinute: number;
    }
  | { kind: 'waiting'; until: number }
  | { kind: 'written'; date: string; dir: string; contracts: Record<string, number>; bars: number }
  | { kind: 'failed'; date: string; reason: string };

export interface BackfillSummary {
  provider: string;
  symbols: string[];
  tradingDays: number;
  written: string[];
  skipped: string[];
  failed: { date: string; reason: string }[];
  calls: number;
  stoppedBy: 'done' | 'error' | 'interrupted';
  error?: string;
}

interface DayState {
  chains: Map<string, ChainSnapshot>;
  failed: string | null;
  done: boolean;
}

/** When backfill calls may start (the scheduler's after-close window), or now. */
export function backfillStartsAt(now: number, after = '16:30'): number {
  const date = nyDate(now);
  if (!sessionFor(date)) return now;
  const from = nyInstant(date, after);
  return now >= nyInstant(date, '09:00') && now < from ? from : now;
}

export async function backfillDays(o: BackfillOptions): Promise<BackfillSummary> {
  const { source, clock } = o;
  const summary: BackfillSummary = {
    provider: source.name,
    symbols: o.symbols,
    tradingDays: o.days.length,
    written: [],
    skipped: [],
    failed: [],
    calls: 0,
    stoppedBy: 'done',
  };
  const pending: string[] = [];
  for (const day of o.days) {
    const manifest = await finishedRecording(o.out, day);
    if (!manifest) pending.push(day);
    else if (o.symbols.every((s) => manifest.symbols[s])) summary.skipped.push(day);
    else {
      // Rebuilding it would spend calls on symbols already there; the operator decides.
      const missing = o.symbols.filter((s) => !manifest.symbols[s]).join(', ');
      const reason = `it is already recorded without ${missing}; remove ${day} from the output directory to build it again with every symbol`;
      summary.failed.push({ date: day, reason });
    }
  }
  const jobs: BackfillJob[] = [];
  const monthsSeen = new Set<string>();
  for (const date of pending) {
    const month = date.slice(0, 7);
    if (!monthsSeen.has(month)) {
      monthsSeen.add(month);
      for (const symbol of o.symbols) jobs.push({ symbol, date, what: 'bars-month' });
    }
    for (const symbol of o.symbols) jobs.push({ symbol, date, what: 'chain' });
  }
  const scheduler = new QuotaScheduler({
    plan: { callsPerMinute: o.callsPerMinute },
    streams: [],
  });
  o.onEvent?.({
    kind: 'plan',
    pending,
    skipped: summary.skipped,
    refused: [...summary.failed],
    calls: jobs.length,
    // Half the plan (the scheduler's backfill bucket), and the runner starts one a tick (1 s).
    perMinute: Math.min(60, Math.max(0.5, o.callsPerMinute / 2)),
    planPerMinute: o.callsPerMinute,
  });
  if (jobs.length === 0) return summary;
  const startAt = backfillStartsAt(clock.now());
  if (startAt > clock.now()) o.onEvent?.({ kind: 'waiting', until: startAt });

  const days = new Map<string, DayState>(
    pending.map((d) => [d, { chains: new Map(), failed: null, done: false }]),
  );
  const monthBars = new Map<string, IntradayBar[] | { failed: string }>();
  let outstanding = jobs.length;
  const state: { fatal: string | null } = { fatal: null };
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));

  const settleDay = async (date: string) => {
    const day = days.get(date) as DayState;
    if (day.done) return;
    const month = date.slice(0, 7);
    const bars = o.symbols.map((s) => monthBars.get(`${s}:${month}`));
    const barsFailed = bars.find((b) => b !== undefined && !Array.isArray(b)) as
      { failed: string } | undefined;
    const reason = day.failed ?? barsFailed?.failed ?? null;
    if (reason === null && (day.chains.size < o.symbols.length || bars.includes(undefined))) return;
    day.done = true;
    if (reason !== null) {
      summary.failed.push({ date, reason });
      o.onEvent?.({ kind: 'failed', date, reason });
      return;
    }
    const staged = await openStagedRecording(o.out, date, {
      provider: source.name,
      date,
      intervalMs: 86_400_000,
      createdAt: new Date(clock.now()).toISOString(),
      origin: 'historical',
    });
    try {
      let barCount = 0;
      const contracts: Record<string, number> = {};
      for (const symbol of o.symbols) {
        const chain = day.chains.get(symbol) as ChainSnapshot;
        await staged.writer.write(chain);
        contracts[symbol] = chain.contracts.length;
        const session = sessionFor(date);
        const all = monthBars.get(`${symbol}:${month}`) as IntradayBar[];
        const inSession = all.filter((b) => {
          const start = Date.parse(b.start);
          return session !== null && start >= session.openAt && start < session.closeAt;
        });
        for (const bar of closedBarEvents(symbol, inSession, -Infinity, Date.parse(chain.asOf))) {
          await staged.writer.writeSeries(bar);
          barCount++;
        }
      }
      const { dir } = await staged.finish();
      summary.written.push(date);
      o.onEvent?.({ kind: 'written', date, dir, contracts, bars: barCount });
    } catch (err) {
      await staged.discard();
      throw err;
    }
  };

  const execute = async (task: PullTask): Promise<void> => {
    const symbol = task.symbol as string;
    const date = task.date as string;
    const month = date.slice(0, 7);
    summary.calls++;
    try {
      if (task.what === 'bars-month') {
        monthBars.set(
          `${symbol}:${month}`,
          await source.fetchIntradayMonth(symbol, month, o.signal),
        );
      } else {
        const chain = parseChainSnapshot(
          await source.fetchChain(symbol, { date, signal: o.signal }),
          `${source.name} ${symbol} ${date} chain`,
        );
        days.get(date)?.chains.set(symbol, chain);
      }
    } catch (err) {
      const reason = describeProviderFailure(err);
      if (isFatalProviderError(err) || o.signal?.aborted) state.fatal ??= reason;
      else if (task.what === 'bars-month') monthBars.set(`${symbol}:${month}`, { failed: reason });
      else {
        const day = days.get(date);
        if (day) day.failed ??= `${symbol}: ${reason}`;
      }
    }
    try {
      if (!state.fatal) {
        const affected =
          task.what === 'bars-month' ? pending.filter((d) => d.startsWith(month)) : [date];
        for (const d of affected) await settleDay(d);
      }
    } catch (err) {
      state.fatal ??= `Writing a day failed: ${err instanceof Error ? err.message : String(err)}`;
    }
    if (--outstanding === 0 || state.fatal) finish();
  };

  scheduler.enqueueBackfill(jobs);
  const runner = new QuotaRunner(scheduler, clock, execute);
  const aborted = new Promise<void>((resolve) => {
    if (o.signal?.aborted) resolve();
    o.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  runner.start();
  await Promise.race([finished, aborted]);
  await runner.stop();
  // Calls overlap, so days can finish out of order; the summary lists them by date.
  summary.written.sort();
  summary.failed.sort((a, b) => a.date.localeCompare(b.date));
  if (state.fatal && !o.signal?.aborted) {
    summary.stoppedBy = 'error';
    summary.error = state.fatal;
  } else if (o.signal?.aborted && outstanding > 0) summary.stoppedBy = 'interrupted';
  return summary;
}

/** "16:30" New York as a readable local time for messages. */
export function newYorkClock(ms: number): string {
  return DateTime.fromMillis(ms, { zone: NEW_YORK_ZONE }).toFormat(
    "ccc d LLL yyyy HH:mm 'New York'",
  );
}
