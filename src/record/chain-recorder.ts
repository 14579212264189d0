/**
 * Writes every published signal and follow-up into the chain, without ever blocking or failing a
 * publish: the bus handler only queues the entry and returns. One drain loop appends the queue
 * in order; a failed append is logged, alerted and retried with backoff. The queue is in memory:
 * the entries of signals the engine stored but a dying process had not appended are rebuilt
 * from the engine's table at the next start (chain-backfill.ts: publishes, closes and the stop
 * moves the engine stores with each signal), and `record verify` fails while any are missing.
 * While a signal's tier windows are open, it also records its legs' quotes from each chain
 * snapshot, so results can be priced at each tier's delivery time.
 */
import type { Clock } from '../common/clock.js';
import type { ChainSnapshot } from '../market-data/chain-snapshot.js';
import type { PublishedSignal, SignalBus, SignalUpdate } from '../signals/signal.js';
import {
  publishedPayload,
  updatePayload,
  type EntryPayload,
  type TierDelays,
} from './canonical.js';
import type { ChainStore } from './chain-store.js';
import type { QuoteTape } from './record-ports.js';

export interface RecorderLog {
  warn(detail: Record<string, unknown>, msg: string): void;
  error(detail: Record<string, unknown>, msg: string): void;
}

export interface ChainRecorderDeps {
  store: ChainStore;
  quotes: QuoteTape;
  clock: Clock;
  delays: TierDelays;
  log: RecorderLog;
  /** Operator alert on a failed append (after logging). */
  alert?: (message: string, detail: Record<string, unknown>) => void;
  retryBaseMs?: number;
  retryMaxMs?: number;
}

/** Quotes are kept from publish until the slowest tier's delivery plus this margin. */
const QUOTE_WINDOW_MARGIN_MS = 120_000;

export class ChainRecorder {
  private readonly queue: EntryPayload[] = [];
  private draining: Promise<void> | null = null;
  private readonly watched = new Map<string, number>();
  private stopped = false;
  failures = 0;

  constructor(private readonly deps: ChainRecorderDeps) {}

  /** Registers the bus handlers (the app does this once at bootstrap). */
  attach(bus: SignalBus): void {
    bus.onPublished((s) => this.onPublished(s));
    bus.onUpdate((u) => this.onUpdate(u));
  }

  onPublished(signal: PublishedSignal): void {
    const until =
      signal.publishedAt + Math.max(...Object.values(this.deps.delays)) + QUOTE_WINDOW_MARGIN_MS;
    for (const leg of signal.legs) this.watched.set(leg.occSymbol, until);
    this.enqueue(publishedPayload(signal, this.deps.delays));
  }

  onUpdate(update: SignalUpdate): void {
    this.enqueue(updatePayload(update));
  }

  /** Records the watched legs' quotes of one chain snapshot; never throws. */
  async onSnapshot(snapshot: ChainSnapshot): Promise<void> {
    if (!this.watched.size) return;
    const at = Date.parse(snapshot.asOf);
    for (const [occ, until] of this.watched) if (until < at) this.watched.delete(occ);
    const quotes = snapshot.contracts
      .filter((c) => this.watched.has(c.occSymbol) && c.ask > 0)
      .map((c) => ({ occSymbol: c.occSymbol, at, bid: c.bid, ask: c.ask }));
    try {
      await this.deps.quotes.record(quotes);
    } catch (err) {
      this.deps.log.warn({ err: String(err) }, 'record: leg quotes not recorded');
    }
  }

  /** Resolves when every queued entry is in the chain (tests, the demo's end of day, shutdown). */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Waits up to `graceMs` for the queue to drain, then stops retrying (logging what is left). */
  async stop(graceMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.flush(),
      new Promise((resolve) => (timer = setTimeout(resolve, graceMs).unref())),
    ]);
    clearTimeout(timer);
    this.stopped = true;
    if (this.queue.length)
      this.deps.log.error(
        { pending: this.queue.length, first: this.queue[0].signalId },
        'record: stopping with entries not chained',
      );
  }

  get pending(): number {
    return this.queue.length;
  }

  private enqueue(payload: EntryPayload): void {
    this.queue.push(payload);
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
    });
  }

  private async drain(): Promise<void> {
    let attempt = 0;
    while (this.queue.length && !this.stopped) {
      const next = this.queue[0];
      try {
        await this.deps.store.append(next, this.deps.clock.now());
        this.queue.shift();
        attempt = 0;
      } catch (err) {
        attempt++;
        this.failures++;
        const detail = { signalId: next.signalId, kind: next.kind, attempt, err: String(err) };
        this.deps.log.error(detail, 'record: chain append failed; retrying');
        this.deps.alert?.('track-record chain append failed', detail);
        const base = this.deps.retryBaseMs ?? 500;
        const wait = Math.min(this.deps.retryMaxMs ?? 30_000, base * 2 ** (attempt - 1));
        // unref: a retry wait never keeps a stopping process alive.
        await new Promise((resolve) => setTimeout(resolve, wait).unref());
      }
    }
  }
}
