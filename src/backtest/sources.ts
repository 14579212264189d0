/**
 * Data sources for the engine: simulated sessions (the MarketSimulator, one per trading day) and
 * recorded ones (market-data recordings on disk). Both yield MarketSteps in time order.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tradingDaysBetween } from '../common/market-calendar.js';
import type { ChainSnapshot } from '../market-data/chain-snapshot.js';
import { MarketSimulator } from '../market-data/simulator/index.js';
import type { MarketStep } from '../engine/market-step.js';
import type { MarketEvent } from '../market-data/market-events.js';
import {
  readManifest,
  readMergedSnapshots,
  readSymbolSeries,
  type RecordingManifest,
} from '../market-data/recording/recording.js';

export interface SimulatedSessionsOptions {
  from: string;
  to: string;
  symbols: string[];
  seed: number;
  /** Engine step (chains + analytics + strategies), ms; the simulator moves 5 s at a time. */
  stepMs: number;
  /** Called after each trading day with (done, total). */
  onDay?: (done: number, total: number, date: string) => void;
}

/** Number of engine steps the simulated sessions will yield (for a progress bar). */
export function simulatedStepCount(
  o: Pick<SimulatedSessionsOptions, 'from' | 'to' | 'stepMs'>,
): number {
  let n = 0;
  for (const d of tradingDaysBetween(o.from, o.to)) n += dayStepCount(d, o.stepMs);
  return n;
}

export async function* simulatedSessions(o: SimulatedSessionsOptions): AsyncGenerator<MarketStep> {
  const days = tradingDaysBetween(o.from, o.to);
  if (days.length === 0) throw new Error(`no trading day between ${o.from} and ${o.to}`);
  for (let i = 0; i < days.length; i++) {
    const sim = new MarketSimulator({
      seed: o.seed,
      symbols: o.symbols,
      date: days[i],
      stepMs: 5000,
    });
    yield* simulatorDaySteps(sim, o.symbols, o.stepMs);
    o.onDay?.(i + 1, days.length, days[i]);
  }
}

/** One simulated session as engine steps every `stepMs`, plus the closing step. */
export function* simulatorDaySteps(
  sim: MarketSimulator,
  symbols: readonly string[],
  stepMs: number,
): Generator<MarketStep> {
  let nextAt = sim.now();
  for (;;) {
    const at = sim.now();
    if (at >= nextAt) {
      nextAt = at + stepMs;
      yield { at, chains: symbols.map((s) => sim.chainSnapshot(s)), events: sim.drainEvents() };
    }
    if (!sim.step()) break;
  }
  // The session's closing step, so 0DTE positions settle on the day's last print.
  const close = sim.now();
  if (close < nextAt)
    yield {
      at: close,
      chains: symbols.map((s) => sim.chainSnapshot(s)),
      events: sim.drainEvents(),
    };
}

/** Engine steps of one simulated day of `stepMs` (the grid plus the closing step). */
export function dayStepCount(date: string, stepMs: number): number {
  const sim = new MarketSimulator({ seed: 1, symbols: ['SPY'], date, recordEvents: false });
  const span = (sim.steps - 1) * sim.config.stepMs;
  return Math.floor(span / stepMs) + 1 + (span % stepMs === 0 ? 0 : 1);
}

/** Recording directories under `dir`: itself when it holds manifest.json, else its subdirectories. */
function recordingDirs(dir: string): string[] {
  if (existsSync(join(dir, 'manifest.json'))) return [dir];
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new Error(`${dir} is not a directory`);
  const out = readdirSync(dir)
    .sort()
    .map((n) => join(dir, n))
    .filter((p) => statSync(p).isDirectory() && existsSync(join(p, 'manifest.json')));
  if (out.length === 0)
    throw new Error(`no recordings (manifest.json) in ${dir} or its subdirectories`);
  return out;
}

/** The recordings under `dir` for the New York dates asked for, oldest first. */
async function recordingsBetween(
  dir: string,
  from: string,
  to: string,
): Promise<{ dir: string; manifest: RecordingManifest }[]> {
  const sessions: { dir: string; manifest: RecordingManifest }[] = [];
  for (const d of recordingDirs(dir)) {
    const manifest = await readManifest(d);
    if (manifest.date >= from && manifest.date <= to) sessions.push({ dir: d, manifest });
  }
  sessions.sort(
    (a, b) => a.manifest.date.localeCompare(b.manifest.date) || a.dir.localeCompare(b.dir),
  );
  if (sessions.length === 0) throw new Error(`no recording in ${dir} between ${from} and ${to}`);
  return sessions;
}

const ORIGIN_WORDS: Record<string, string> = {
  live: 'recorded live',
  historical: 'historical closing chains and 1-minute bars',
  simulated: 'simulated',
};

/**
 * What recorded sessions are, for the report's data line: provider days (live or historical) or
 * simulated sessions, with their dates and where they were read from.
 */
export async function describeRecordedSource(
  dir: string,
  o: { from: string; to: string },
): Promise<string> {
  const sessions = await recordingsBetween(dir, o.from, o.to);
  const groups = new Map<string, Set<string>>();
  for (const { manifest: m } of sessions) {
    const origin = m.origin ?? (m.provider === 'simulator' ? 'simulated' : undefined);
    const label =
      origin === 'simulated'
        ? 'simulated'
        : origin
          ? `${m.provider}, ${ORIGIN_WORDS[origin]}`
          : m.provider;
    if (!groups.has(label)) groups.set(label, new Set());
    groups.get(label)?.add(m.date);
  }
  const simulatedOnly = [...groups.keys()].every((k) => k === 'simulated');
  const parts = [...groups].map(([label, dates]) => `${label}: ${[...dates].join(', ')}`);
  return `${simulatedOnly ? 'recorded simulated sessions' : 'recorded provider days'} (${parts.join('; ')}) from ${dir}`;
}

/**
 * Recorded sessions (market-data's recording format: manifest.json + SYMBOL.jsonl.gz, validated
 * line by line) for the New York dates and symbols asked for, chains with the same asOf grouped
 * into one step, in time order. A recording's 1-minute bars (its series files) come with the
 * first step at or after each bar's end, as the live feed hands them on.
 */
export async function* recordedSessions(
  dir: string,
  o: {
    from: string;
    to: string;
    symbols: string[];
    onDay?: (done: number, total: number, date: string) => void;
  },
): AsyncGenerator<MarketStep> {
  const sessions = await recordingsBetween(dir, o.from, o.to);
  for (let i = 0; i < sessions.length; i++) {
    const { dir: d, manifest } = sessions[i];
    const symbols = o.symbols.filter((s) => manifest.symbols[s]).sort();
    if (symbols.length === 0) {
      throw new Error(
        `recording ${d} has none of ${o.symbols.join(',')} (it has ${Object.keys(manifest.symbols).join(',')})`,
      );
    }
    const bars: MarketEvent[] = [];
    for (const symbol of symbols) {
      for await (const item of readSymbolSeries(d, manifest, symbol))
        if (item.kind === 'bar') bars.push(item);
    }
    bars.sort((a, b) => barEnd(a) - barEnd(b));
    let nextBar = 0;
    const step = (at: number, chains: ChainSnapshot[]): MarketStep => {
      const first = nextBar;
      while (nextBar < bars.length && barEnd(bars[nextBar]) <= at) nextBar++;
      return nextBar > first ? { at, chains, events: bars.slice(first, nextBar) } : { at, chains };
    };
    let pending: ChainSnapshot[] = [];
    let pendingAt = -1;
    for await (const chain of readMergedSnapshots(d, manifest, symbols)) {
      const at = Date.parse(chain.asOf);
      if (at !== pendingAt && pending.length > 0) {
        yield step(pendingAt, pending);
        pending = [];
      }
      pendingAt = at;
      pending.push(chain);
    }
    if (pending.length > 0) yield step(pendingAt, pending);
    o.onDay?.(i + 1, sessions.length, manifest.date);
  }
}

function barEnd(e: MarketEvent): number {
  return e.kind === 'bar' ? e.end : 0;
}
