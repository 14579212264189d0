/**
 * Records a live HTTP provider (AlphaVantage, Massive) into the recording format: each symbol's
 * chain every `intervalMs`, and where the provider has them its 1-minute bars and RSI / MACD /
 * BBANDS points, paced by the quota scheduler (chains first, optional pulls only with budget left)
 * during the NYSE session, until `endAt`. One recording per New York day (or per run within a
 * day), staged under a temporary name and renamed when the segment ends.
 */
import { nyDate, nyTime, sessionFor } from '../../common/market-calendar.js';
import type { Clock } from '../../common/clock.js';
import type { ChainSnapshot } from '../chain-snapshot.js';
import { parseChainSnapshot } from '../chain-snapshot-schema.js';
import {
  hasCapability,
  type IndicatorName,
  type MarketDataProvider,
} from '../market-data-provider.js';
import { closedBarEvents } from '../provider-series.js';
import { QuotaRunner } from '../quota/quota-runner.js';
import { buildPullStreams, QuotaScheduler, type PullTask } from '../quota/quota-scheduler.js';
import { describeProviderFailure, isFatalProviderError } from './provider-failure.js';
import type { RecordingManifest } from './recording.js';
import { openStagedRecording, type StagedRecording } from './staged-recording.js';

export interface LiveRecordOptions {
  provider: MarketDataProvider;
  clock: Clock;
  symbols: string[];
  /** Spacing of each symbol's chains. */
  intervalMs: number;
  /** When to stop (ms); pulls happen only inside the NYSE session before it. */
  endAt: number;
  /** Parent directory: one recording per day or segment, DIR/<date>-<HHmm>. */
  out: string;
  callsPerMinute: number;
  signal?: AbortSignal;
  /** Bars and indicators every this many ms (default 60 s: they are 1-minute series). */
  seriesMs?: number;
  /** A symbol's chain failing this many times in a row stops the run (default 5). */
  maxConsecutiveFailures?: number;
  onSegment?: (segment: RecordedSegment) => void;
  onFailure?: (task: PullTask, message: string) => void;
}

export interface RecordedSegment {
  dir: string;
  date: string;
  snapshots: number;
  seriesItems: number;
  firstAsOf: string | null;
  lastAsOf: string | null;
}

export interface LiveRecordResult {
  segments: RecordedSegment[];
  /** `end`: the planned end; `interrupted`: the signal; `error`: a failure stopped it. */
  stoppedBy: 'end' | 'interrupted' | 'error';
  error?: string;
  pulls: { ok: number; failed: number };
}

const INDICATORS: readonly IndicatorName[] = ['RSI', 'MACD', 'BBANDS'];

/** The day being written: its staged recording and the bars/points written into it. */
interface Segment {
  date: string;
  staged: Promise<StagedRecording>;
  series: number;
}

export async function recordLive(o: LiveRecordOptions): Promise<LiveRecordResult> {
  const { provider, clock } = o;
  const withBars = hasCapability(provider, 'fetchIntradayBars');
  const withIndicators = hasCapability(provider, 'fetchIndicator');
  const seriesMs = o.seriesMs ?? 60_000;
  const streams = buildPullStreams({
    fastChainSymbols: o.symbols,
    universe: o.symbols,
    fastChainMs: o.intervalMs,
    chainMs: o.intervalMs,
    intradayMs: seriesMs,
    indicatorMs: seriesMs,
    macroMs: 86_400_000,
    indicators: withIndicators ? INDICATORS : [],
    macroSeries: [],
    chainsOnly: !withBars,
  });
  const scheduler = new QuotaScheduler({
    plan: { callsPerMinute: o.callsPerMinute },
    streams,
  });
  const segments: RecordedSegment[] = [];
  const startedAt = clock.now();
  const pulls = { ok: 0, failed: 0 };
  const failuresInARow = new Map<string, number>();
  const lastBarStart = new Map<string, number>();
  const lastIndicatorAt = new Map<string, string>();
  // Held in an object: closures below change them.
  const state: { current: Segment | null; fatal: string | null } = { current: null, fatal: null };
  let stopFatal: () => void = () => undefined;
  const fatalStop = new Promise<void>((resolve) => (stopFatal = resolve));

  /** The day's staged recording, finishing the previous day's when the date moves on. */
  const segmentFor = async (at: number) => {
    const date = nyDate(at);
    const open = state.current;
    if (open?.date === date) return { seg: open, staged: await open.staged };
    const previous = open;
    const staged = (async () => {
      if (previous) await finishSegment(previous);
      // Named by when this day's recording began: the start, or the open on a later day.
      const began = Math.max(startedAt, sessionFor(date)?.openAt ?? at);
      return openStagedRecording(o.out, `${date}-${nyTime(began).slice(0, 5).replace(':', '')}`, {
        provider: provider.name,
        date,
        intervalMs: o.intervalMs,
        createdAt: new Date(clock.now()).toISOString(),
        origin: 'live',
      });
    })();
    const seg: Segment = { date, staged, series: 0 };
    state.current = seg;
    return { seg, staged: await staged };
  };

  const finishSegment = async (seg: Segment) => {
    const staged = await seg.staged;
    if (staged.writer.snapshotCount === 0) {
      await staged.discard();
      return;
    }
    const { dir, manifest } = await staged.finish();
    const segment = summarize(dir, manifest, seg.series);
    segments.push(segment);
    o.onSegment?.(segment);
  };

  const execute = async (task: PullTask): Promise<void> => {
    const symbol = task.symbol as string;
    try {
      if (task.kind === 'chain') {
        const chain = parseChainSnapshot(
          await provider.fetchChain(symbol, { signal: o.signal }),
          `${provider.name} ${symbol} chain`,
        );
        await writeChain(chain);
      } else if (task.kind === 'intraday' && hasCapability(provider, 'fetchIntradayBars')) {
        const now = clock.now();
        const bars = closedBarEvents(
          symbol,
          await provider.fetchIntradayBars(symbol, { signal: o.signal }),
          lastBarStart.get(symbol) ?? -Infinity,
          now,
        );
        const { seg, staged } = await segmentFor(now);
        const session = sessionFor(seg.date);
        for (const bar of bars) {
          // AlphaVantage includes pre- and post-market minutes: keep the day's session bars.
          if (!session || bar.start < session.openAt || bar.start >= session.closeAt) continue;
          await staged.writer.writeSeries(bar);
          seg.series++;
          lastBarStart.set(symbol, bar.start);
        }
      } else if (task.kind === 'indicator' && task.indicator && withIndicators) {
        const series = await provider.fetchIndicator!(symbol, task.indicator);
        const key = `${symbol}:${task.indicator}`;
        const now = clock.now();
        const { seg, staged } = await segmentFor(now);
        for (const p of series.points) {
          if (p.at <= (lastIndicatorAt.get(key) ?? '') || Date.parse(p.at) > now) continue;
          if (nyDate(Date.parse(p.at)) !== seg.date) continue;
          await staged.writer.writeSeries({
            kind: 'indicator',
            symbol,
            indicator: task.indicator,
            at: p.at,
            values: p.values,
          });
          seg.series++;
          lastIndicatorAt.set(key, p.at);
        }
      }
      pulls.ok++;
      if (task.kind === 'chain') failuresInARow.set(symbol, 0);
    } catch (err) {
      pulls.failed++;
      if (o.signal?.aborted) return;
      const message = describeProviderFailure(err);
      o.onFailure?.(task, message);
      const inARow = task.kind === 'chain' ? (failuresInARow.get(symbol) ?? 0) + 1 : 0;
      failuresInARow.set(symbol, inARow);
      if (isFatalProviderError(err) || inARow >= (o.maxConsecutiveFailures ?? 5)) {
        state.fatal ??=
          inARow > 1 ? `${symbol}'s chain failed ${inARow} times in a row. ${message}` : message;
        stopFatal();
      }
    }
  };

  const writeChain = async (chain: ChainSnapshot) => {
    const { staged } = await segmentFor(Date.parse(chain.asOf));
    await staged.writer.write(chain);
  };

  const runner = new QuotaRunner(scheduler, clock, execute);
  const aborted = new Promise<void>((resolve) => {
    if (o.signal?.aborted) resolve();
    o.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  runner.start();
  await Promise.race([clock.sleep(Math.max(0, o.endAt - clock.now())), fatalStop, aborted]);
  await runner.stop();
  if (state.current) await finishSegment(state.current);
  const fatal = state.fatal;
  return {
    segments,
    stoppedBy: fatal ? 'error' : o.signal?.aborted ? 'interrupted' : 'end',
    ...(fatal ? { error: fatal } : {}),
    pulls,
  };
}

function summarize(dir: string, manifest: RecordingManifest, series: number): RecordedSegment {
  const entries = Object.values(manifest.symbols);
  const firsts = entries.map((e) => e.firstAsOf).filter((x): x is string => x !== null);
  const lasts = entries.map((e) => e.lastAsOf).filter((x): x is string => x !== null);
  return {
    dir,
    date: manifest.date,
    snapshots: entries.reduce((n, e) => n + e.count, 0),
    seriesItems: series,
    firstAsOf: firsts.sort()[0] ?? null,
    lastAsOf: lasts.sort().at(-1) ?? null,
  };
}
