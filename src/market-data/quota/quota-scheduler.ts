import { DateTime } from 'luxon';
import { NEW_YORK_ZONE } from '../../vocabulary/units.js';
import { nyInstant, sessionFor, type TradingSession } from '../../common/market-calendar.js';
import type { IndicatorName, MacroSeriesName } from '../market-data-provider.js';
import { LeakyBucket } from './leaky-bucket.js';

/** What a pull fetches, in priority order (chains and Greeks first, backfill last). */
export const PULL_KINDS = ['chain', 'intraday', 'indicator', 'macro', 'backfill'] as const;
export type PullKind = (typeof PULL_KINDS)[number];
export const PULL_PRIORITY: Record<PullKind, number> = {
  chain: 0,
  intraday: 1,
  indicator: 2,
  macro: 3,
  backfill: 4,
};

/** When a stream is pulled: during the regular session, at any time, or after 16:30 ET. */
export type StreamWindow = 'session' | 'always' | 'after-close';

/** A recurring pull on a fixed grid: due at offsetMs + k·intervalMs (epoch-aligned). */
export interface PullStream {
  key: string;
  kind: Exclude<PullKind, 'backfill'>;
  symbol?: string;
  indicator?: IndicatorName;
  macro?: MacroSeriesName;
  intervalMs: number;
  offsetMs: number;
  window: StreamWindow;
}

interface DayWindows {
  start: number;
  end: number;
  session: TradingSession | null;
  backfillFrom: number;
  morning: number;
}

export interface BackfillJob {
  symbol: string;
  /** The trading day to fetch, YYYY-MM-DD (for `bars-month`, any day of the month). */
  date: string;
  /** `chain` (HISTORICAL_OPTIONS, the default) or a month of 1-minute bars. */
  what?: 'chain' | 'bars-month';
}

export interface PullTask {
  key: string;
  kind: PullKind;
  symbol?: string;
  indicator?: IndicatorName;
  macro?: MacroSeriesName;
  /** For backfill: the historical date. */
  date?: string;
  /** For backfill: what to fetch (a chain unless said otherwise). */
  what?: BackfillJob['what'];
  /** The grid slot this pull belongs to. */
  dueAt: number;
}

export interface TickResult {
  /** Pulls to start now; each has already been charged to the bucket. */
  run: PullTask[];
  /** Optional pulls skipped for lack of budget (their slot is gone). */
  dropped: PullTask[];
  /** Chain pulls that did not fit; they stay due and go first next tick. */
  deferred: PullTask[];
}

export interface QuotaPlan {
  callsPerMinute: number;
  /** Calls that may go out back to back (default: a tenth of the limit, at most 10). */
  burst?: number;
}

export interface SchedulerOptions {
  plan: QuotaPlan;
  streams: PullStream[];
  /**
   * Bucket units kept free for chains: an optional pull runs only if this many chain pulls could
   * still follow it at once (chains are staggered, so two is enough). Capped below the burst.
   */
  chainReserve?: number;
  /** New York wall-clock time after which backfill may run (default 16:30). */
  backfillAfter?: string;
}

/**
 * The quota scheduler, pure: given the time (and which streams are busy), it says which pulls to
 * start. One leaky bucket per provider plan; every due pull is considered in priority order;
 * chains that do not fit are deferred (never dropped) and while any chain waits no optional pull
 * runs; optional pulls that do not fit — leaving the chain reserve free — are dropped until their
 * next slot. Backfill runs only after 16:30 New York, at half the plan's rate, from a queue.
 */
export class QuotaScheduler {
  private readonly bucket: LeakyBucket;
  private readonly backfillBucket: LeakyBucket;
  private readonly nextDue = new Map<string, number>();
  private readonly streams: PullStream[];
  private readonly backfillQueue: BackfillJob[] = [];
  private readonly reserve: number;
  private readonly backfillAfter: string;
  private day: DayWindows | null = null;
  readonly counters = { run: 0, dropped: 0, deferred: 0 } as Record<
    'run' | 'dropped' | 'deferred',
    number
  >;

  constructor(options: SchedulerOptions) {
    this.bucket = LeakyBucket.forPlan(options.plan.callsPerMinute, options.plan.burst);
    const half = Math.max(0.5, options.plan.callsPerMinute / 2);
    this.backfillBucket = new LeakyBucket(1, half / 60_000);
    this.streams = [...options.streams].sort(
      (a, b) => PULL_PRIORITY[a.kind] - PULL_PRIORITY[b.kind] || a.key.localeCompare(b.key),
    );
    const keys = new Set<string>();
    for (const s of this.streams) {
      if (keys.has(s.key)) throw new Error(`duplicate pull stream ${s.key}`);
      if (!(s.intervalMs > 0)) throw new Error(`stream ${s.key}: interval must be > 0`);
      keys.add(s.key);
    }
    this.reserve = Math.min(options.chainReserve ?? 2, Math.max(0, this.bucket.capacity - 1));
    this.backfillAfter = options.backfillAfter ?? '16:30';
  }

  get limitPerMinute(): number {
    return this.bucket.capacity + this.bucket.drainPerMs * 60_000;
  }

  enqueueBackfill(jobs: BackfillJob[]): void {
    this.backfillQueue.push(...jobs);
  }

  get backfillPending(): number {
    return this.backfillQueue.length;
  }

  /** Decides the pulls for `now`. Streams in `busy` (a pull still in flight) are left for later. */
  tick(now: number, busy: ReadonlySet<string> = new Set()): TickResult {
    const result: TickResult = { run: [], dropped: [], deferred: [] };
    for (const stream of this.streams) {
      const due = this.dueSlot(stream, now);
      if (due === null || busy.has(stream.key)) continue;
      if (!this.isActive(stream.window, due)) {
        this.nextDue.set(stream.key, this.slotAfter(stream, now));
        continue;
      }
      const task: PullTask = {
        key: stream.key,
        kind: stream.kind,
        symbol: stream.symbol,
        indicator: stream.indicator,
        macro: stream.macro,
        dueAt: due,
      };
      if (stream.kind === 'chain') {
        if (this.bucket.canTake(now)) this.start(task, now, result, stream);
        else result.deferred.push(task);
        continue;
      }
      // Optional: never ahead of a waiting chain, and only with the chain reserve left free.
      if (result.deferred.length === 0 && this.bucket.canTake(now, this.reserve)) {
        this.start(task, now, result, stream);
      } else {
        result.dropped.push(task);
        this.nextDue.set(stream.key, this.slotAfter(stream, now));
      }
    }
    this.tickBackfill(now, result);
    this.counters.run += result.run.length;
    this.counters.dropped += result.dropped.length;
    this.counters.deferred += result.deferred.length;
    return result;
  }

  /** The earliest time any stream is due (for the runner's sleep). */
  nextWakeAt(now: number): number {
    let next = Number.POSITIVE_INFINITY;
    for (const s of this.streams)
      next = Math.min(next, this.nextDue.get(s.key) ?? this.slotAtOrAfter(s, now));
    if (this.backfillQueue.length > 0) next = Math.min(next, now + 1_000);
    return next;
  }

  private tickBackfill(now: number, result: TickResult): void {
    if (this.backfillQueue.length === 0 || result.deferred.length > 0) return;
    if (!this.isActive('after-close', now)) return;
    while (
      this.backfillQueue.length > 0 &&
      this.backfillBucket.canTake(now) &&
      this.bucket.canTake(now, this.reserve)
    ) {
      const job = this.backfillQueue.shift() as BackfillJob;
      this.backfillBucket.take(now);
      this.bucket.take(now);
      const what = job.what ?? 'chain';
      result.run.push({
        key:
          what === 'chain'
            ? `backfill:${job.symbol}:${job.date}`
            : `backfill-bars:${job.symbol}:${job.date.slice(0, 7)}`,
        kind: 'backfill',
        symbol: job.symbol,
        date: job.date,
        what,
        dueAt: now,
      });
    }
  }

  private start(task: PullTask, now: number, result: TickResult, stream: PullStream): void {
    this.bucket.take(now);
    result.run.push(task);
    this.nextDue.set(stream.key, this.slotAfter(stream, now));
  }

  /** The stream's pending slot if it is due by `now`, else null. */
  private dueSlot(stream: PullStream, now: number): number | null {
    let due = this.nextDue.get(stream.key);
    if (due === undefined) {
      due = this.slotAtOrAfter(stream, now);
      this.nextDue.set(stream.key, due);
    }
    return due <= now ? due : null;
  }

  private slotAtOrAfter(s: PullStream, t: number): number {
    return Math.ceil((t - s.offsetMs) / s.intervalMs) * s.intervalMs + s.offsetMs;
  }

  private slotAfter(s: PullStream, t: number): number {
    return Math.floor((t - s.offsetMs) / s.intervalMs + 1) * s.intervalMs + s.offsetMs;
  }

  private isActive(window: StreamWindow, at: number): boolean {
    if (window === 'always') return true;
    const day = this.dayOf(at);
    if (window === 'session')
      return day.session !== null && at >= day.session.openAt && at < day.session.closeAt;
    // after-close: from 16:30 New York until 09:00 the next morning, and all day on days off.
    if (!day.session) return true;
    return at >= day.backfillFrom || at < day.morning;
  }

  /** The New York day holding `at`, cached: the calendar is asked once per day, not per tick. */
  private dayOf(at: number): DayWindows {
    const cached = this.day;
    if (cached && at >= cached.start && at < cached.end) return cached;
    const start = DateTime.fromMillis(at, { zone: NEW_YORK_ZONE }).startOf('day');
    const date = start.toISODate() as string;
    const day: DayWindows = {
      start: start.toMillis(),
      end: start.plus({ days: 1 }).toMillis(),
      session: sessionFor(date),
      backfillFrom: nyInstant(date, this.backfillAfter),
      morning: nyInstant(date, '09:00'),
    };
    this.day = day;
    return day;
  }
}

export interface StreamPlanOptions {
  fastChainSymbols: string[];
  universe: string[];
  fastChainMs: number;
  chainMs: number;
  intradayMs: number;
  indicatorMs: number;
  macroMs: number;
  indicators?: readonly IndicatorName[];
  macroSeries?: readonly MacroSeriesName[];
  /** Only chain streams (a provider without bars, indicators or macro). */
  chainsOnly?: boolean;
}

/**
 * The plan's cadences: 0DTE chains every 5 s for SPX/SPY/QQQ/IWM staggered 1 s apart, the rest
 * of the universe's chains more slowly, intraday bars every 15 s, indicators every 60 s, macro
 * every 5 minutes. Optional streams are staggered too so they do not all land on one second.
 */
export function buildPullStreams(o: StreamPlanOptions): PullStream[] {
  const streams: PullStream[] = [];
  o.fastChainSymbols.forEach((symbol, i) =>
    streams.push({
      key: `chain:${symbol}`,
      kind: 'chain',
      symbol,
      intervalMs: o.fastChainMs,
      offsetMs: (i * 1_000) % o.fastChainMs,
      window: 'session',
    }),
  );
  const slow = o.universe.filter((s) => !o.fastChainSymbols.includes(s));
  slow.forEach((symbol, i) =>
    streams.push({
      key: `chain:${symbol}`,
      kind: 'chain',
      symbol,
      intervalMs: o.chainMs,
      offsetMs: (i * 1_000 + 500) % o.chainMs,
      window: 'session',
    }),
  );
  if (o.chainsOnly) return streams;
  o.universe.forEach((symbol, i) =>
    streams.push({
      key: `intraday:${symbol}`,
      kind: 'intraday',
      symbol,
      intervalMs: o.intradayMs,
      offsetMs: (i * 1_000 + 250) % o.intradayMs,
      window: 'session',
    }),
  );
  const indicators = o.indicators ?? (['RSI', 'MACD', 'BBANDS'] as const);
  let n = 0;
  for (const symbol of o.universe) {
    for (const indicator of indicators) {
      streams.push({
        key: `indicator:${symbol}:${indicator}`,
        kind: 'indicator',
        symbol,
        indicator,
        intervalMs: o.indicatorMs,
        offsetMs: (n++ * 1_000 + 750) % o.indicatorMs,
        window: 'session',
      });
    }
  }
  (o.macroSeries ?? (['REAL_GDP', 'CPI', 'FEDERAL_FUNDS_RATE'] as const)).forEach((macro, i) =>
    streams.push({
      key: `macro:${macro}`,
      kind: 'macro',
      macro,
      intervalMs: o.macroMs,
      offsetMs: (i * 1_000 + 100) % o.macroMs,
      window: 'always',
    }),
  );
  return streams;
}
