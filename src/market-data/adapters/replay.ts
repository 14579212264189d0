import { ScaledClock, type Clock } from '../../common/clock.js';
import type { ChainSnapshot } from '../chain-snapshot.js';
import { ProviderError } from '../http/provider-error.js';
import type { ChainRequestOptions, MarketDataProvider } from '../market-data-provider.js';
import {
  readManifest,
  readMergedSnapshots,
  readSymbolSnapshots,
  type RecordingManifest,
} from '../recording/recording.js';
import { snapshotChecksum } from '../snapshot-id.js';
import { createHash } from 'node:crypto';

export interface ReplayPlayOptions {
  /** Clock speed: 1 = as recorded, 60 = a minute per second, Infinity = as fast as possible. */
  speed: number;
  /** Only these symbols (default: all recorded). */
  symbols?: string[];
  /** Stop early (Ctrl-C). */
  signal?: AbortSignal;
  /** The clock to pace by; default a ScaledClock starting at the first recorded as-of. */
  clock?: Clock;
}

export interface ReplaySummary {
  snapshots: number;
  bySymbol: Record<string, number>;
  /** Symbols whose replayed digest differs from the manifest's. */
  digestMismatches: string[];
  firstAsOf: string | null;
  lastAsOf: string | null;
}

/**
 * Plays a recorded session (see recording.ts) by its recorded clock. Two ways in:
 * - `play()` pushes every snapshot, in as-of order, to a handler at the chosen speed, and checks
 *   each symbol's digest against the manifest (identical snapshots, identical checksums);
 * - as a MarketDataProvider, `fetchChain(symbol)` answers the newest recorded snapshot at or
 *   before the injected clock's now, so the normal ingest loop can run on a recording (the app's
 *   clock then being a ScaledClock started at the recording's first as-of).
 */
export class ReplayProvider implements MarketDataProvider {
  readonly name = 'replay';
  private readonly cursors = new Map<
    string,
    {
      it: AsyncGenerator<ChainSnapshot>;
      current: ChainSnapshot | null;
      next: ChainSnapshot | null;
      done: boolean;
    }
  >();

  private constructor(
    readonly dir: string,
    readonly manifest: RecordingManifest,
    private readonly clock: Clock | null,
  ) {}

  static async open(dir: string, clock: Clock | null = null): Promise<ReplayProvider> {
    return new ReplayProvider(dir, await readManifest(dir), clock);
  }

  /** The first recorded as-of (ms), where a replay clock should start. */
  get startMs(): number | null {
    const firsts = Object.values(this.manifest.symbols)
      .map((s) => s.firstAsOf)
      .filter((x): x is string => x !== null)
      .sort();
    return firsts.length ? Date.parse(firsts[0]) : null;
  }

  async play(
    onSnapshot: (s: ChainSnapshot) => void | Promise<void>,
    opts: ReplayPlayOptions,
  ): Promise<ReplaySummary> {
    if (!(opts.speed > 0)) throw new Error(`replay speed must be > 0, got ${opts.speed}`);
    const symbols = opts.symbols ?? Object.keys(this.manifest.symbols).sort();
    for (const s of symbols)
      if (!this.manifest.symbols[s]) throw new Error(`the recording has no ${s}`);
    const start = this.startMs;
    const clock =
      opts.clock ??
      (Number.isFinite(opts.speed) && start !== null ? new ScaledClock(start, opts.speed) : null);
    const digests = new Map(symbols.map((s) => [s, createHash('sha256')]));
    const summary: ReplaySummary = {
      snapshots: 0,
      bySymbol: {},
      digestMismatches: [],
      firstAsOf: null,
      lastAsOf: null,
    };
    for await (const snap of readMergedSnapshots(this.dir, this.manifest, symbols)) {
      if (opts.signal?.aborted) break;
      if (clock) {
        const wait = Date.parse(snap.asOf) - clock.now();
        if (wait > 0) await clock.sleep(wait);
      }
      digests.get(snap.underlying)?.update(snapshotChecksum(snap));
      summary.snapshots++;
      summary.bySymbol[snap.underlying] = (summary.bySymbol[snap.underlying] ?? 0) + 1;
      summary.firstAsOf ??= snap.asOf;
      summary.lastAsOf = snap.asOf;
      await onSnapshot(snap);
    }
    if (!opts.signal?.aborted) {
      for (const s of symbols) {
        if (digests.get(s)?.digest('hex') !== this.manifest.symbols[s].digest)
          summary.digestMismatches.push(s);
      }
    }
    return summary;
  }

  async fetchChain(symbol: string, _opts: ChainRequestOptions = {}): Promise<ChainSnapshot> {
    const upper = symbol.toUpperCase();
    if (!this.manifest.symbols[upper]) {
      throw new ProviderError(this.name, 'not_found', `the recording has no ${upper}`);
    }
    if (!this.clock)
      throw new ProviderError(this.name, 'unsupported', 'replay as a provider needs a clock');
    const now = this.clock.now();
    let cursor = this.cursors.get(upper);
    if (!cursor) {
      const it = readSymbolSnapshots(this.dir, this.manifest, upper);
      const first = await it.next();
      cursor = {
        it,
        current: null,
        next: first.done ? null : first.value,
        done: Boolean(first.done),
      };
      this.cursors.set(upper, cursor);
    }
    while (cursor.next && Date.parse(cursor.next.asOf) <= now) {
      cursor.current = cursor.next;
      const n = await cursor.it.next();
      cursor.next = n.done ? null : n.value;
    }
    if (!cursor.current) {
      throw new ProviderError(
        this.name,
        'not_found',
        `no ${upper} snapshot recorded at or before ${new Date(now).toISOString()}`,
      );
    }
    return cursor.current;
  }

  async close(): Promise<void> {
    for (const c of this.cursors.values()) await c.it.return(undefined);
    this.cursors.clear();
  }
}
