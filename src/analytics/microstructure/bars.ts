/**
 * OHLCV bars from trade ticks, bucketed on New York wall-clock boundaries (a 5-minute bar starts
 * at :00, :05, … New York time; a 15-minute bar at :00, :15, :30, :45). The zone offset is read at
 * each tick, so the buckets stay right across DST changes.
 */
import { newYorkOffsetMs } from '../../common/new-york-time.js';

export type BarInterval = '1m' | '5m' | '15m';
export const BAR_INTERVALS: readonly BarInterval[] = ['1m', '5m', '15m'];
export const INTERVAL_MS: Record<BarInterval, number> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
};

export interface Tick {
  /** Trade time, ms since the epoch. */
  at: number;
  price: number;
  size: number;
}

export interface Bar {
  /** Bucket start, ms since the epoch (New York boundary). */
  start: number;
  interval: BarInterval;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  trades: number;
}

/** Start (ms) of the New York bucket containing `at`. */
export function bucketStart(at: number, interval: BarInterval): number {
  const offsetMs = newYorkOffsetMs(at);
  const local = at + offsetMs;
  const size = INTERVAL_MS[interval];
  return local - (((local % size) + size) % size) - offsetMs;
}

/**
 * Incremental bar builder for one interval. Ticks must arrive in time order; a tick older than
 * the open bar is rejected (returns false) rather than rewriting history. Keeps at most
 * `maxBars` completed bars.
 */
export class BarBuilder {
  private readonly done: Bar[] = [];
  private current: Bar | null = null;

  constructor(
    readonly interval: BarInterval,
    private readonly maxBars = 2_000,
  ) {}

  add(tick: Tick): boolean {
    if (!(tick.price > 0) || !(tick.size >= 0) || !Number.isFinite(tick.at)) return false;
    const start = bucketStart(tick.at, this.interval);
    const cur = this.current;
    if (cur && start < cur.start) return false;
    if (cur && start === cur.start) {
      cur.high = Math.max(cur.high, tick.price);
      cur.low = Math.min(cur.low, tick.price);
      cur.close = tick.price;
      cur.volume += tick.size;
      cur.trades += 1;
      return true;
    }
    if (cur) this.push(cur);
    this.current = {
      start,
      interval: this.interval,
      open: tick.price,
      high: tick.price,
      low: tick.price,
      close: tick.price,
      volume: tick.size,
      trades: 1,
    };
    return true;
  }

  /** Adds an already-aggregated bar (e.g. from a feed) of this interval. */
  addBar(bar: Bar): boolean {
    const cur = this.current;
    if (cur && bar.start <= cur.start) return false;
    if (cur) this.push(cur);
    this.current = { ...bar, interval: this.interval };
    return true;
  }

  /** Completed bars plus the open one, oldest first. */
  bars(includeOpen = true): Bar[] {
    return includeOpen && this.current ? [...this.done, { ...this.current }] : [...this.done];
  }

  private push(bar: Bar): void {
    this.done.push(bar);
    if (this.done.length > this.maxBars) this.done.splice(0, this.done.length - this.maxBars);
  }
}

/** Bars of one interval from time-ordered ticks. */
export function barsFromTicks(ticks: readonly Tick[], interval: BarInterval): Bar[] {
  const b = new BarBuilder(interval, Number.MAX_SAFE_INTEGER);
  for (const t of ticks) b.add(t);
  return b.bars();
}
