import { nyInstant, sessionFor } from '../../common/market-calendar.js';
import type { Clock } from '../../common/clock.js';
import type { MarketDataProvider } from '../market-data-provider.js';
import { RecordingWriter, type RecordingManifest } from './recording.js';

/** A clock the recorder can move: FakeClock fits. */
export interface SettableClock extends Clock {
  set(ms: number): void;
}

export interface RecordSessionOptions {
  /** A provider driven by `clock` (simulator, replay); live HTTP providers are not. */
  provider: MarketDataProvider;
  clock: SettableClock;
  symbols: string[];
  /** The trading day, YYYY-MM-DD. */
  date: string;
  /** Spacing of snapshots (5 s is the simulator's step). */
  intervalMs: number;
  /** New York wall-clock window inside the session, HH:mm (default: the whole session). */
  from?: string;
  to?: string;
  out: string;
  createdAt: string;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * Records a session: moves the clock from the open (or `from`) to the close (or `to`) in
 * `intervalMs` steps and writes every symbol's chain at each step into a recording directory.
 */
export async function recordSession(o: RecordSessionOptions): Promise<RecordingManifest> {
  const session = sessionFor(o.date);
  if (!session) throw new Error(`${o.date} is not a NYSE trading day`);
  const start = o.from ? nyInstant(o.date, o.from) : session.openAt;
  const end = o.to ? nyInstant(o.date, o.to) : session.closeAt;
  if (start < session.openAt || end > session.closeAt || start >= end) {
    throw new Error(
      `the window must lie inside the session (${new Date(session.openAt).toISOString()} – ${new Date(session.closeAt).toISOString()})`,
    );
  }
  if (!(o.intervalMs >= 1000)) throw new Error('the interval must be at least 1 second');
  const steps = Math.ceil((end - start) / o.intervalMs);
  const writer = await RecordingWriter.create(o.out, {
    provider: o.provider.name,
    date: o.date,
    intervalMs: o.intervalMs,
    createdAt: o.createdAt,
  });
  const total = steps * o.symbols.length;
  let done = 0;
  for (let i = 0; i < steps; i++) {
    if (o.signal?.aborted) break;
    o.clock.set(start + i * o.intervalMs);
    for (const symbol of o.symbols) {
      await writer.write(await o.provider.fetchChain(symbol));
      done++;
    }
    o.onProgress?.(done, total);
  }
  return writer.close();
}
