/** The simulator's undrained events, oldest first, bounded (the oldest are dropped and counted). */
import type { MarketEvent } from '../market-events.js';

/** Compact the array once this many dropped events sit at its head. */
const COMPACT_AFTER = 65_536;

export class EventBuffer {
  private events: MarketEvent[] = [];
  private head = 0;
  private droppedCount = 0;

  constructor(private readonly maxBuffered: number) {}

  /** Events dropped because nobody drained them. */
  get dropped(): number {
    return this.droppedCount;
  }

  push(event: MarketEvent): void {
    this.events.push(event);
    if (this.events.length - this.head > this.maxBuffered) {
      this.head++;
      this.droppedCount++;
      if (this.head > COMPACT_AFTER) {
        this.events = this.events.slice(this.head);
        this.head = 0;
      }
    }
  }

  /** Everything buffered since the last drain, oldest first. */
  drain(): MarketEvent[] {
    const out = this.head === 0 ? this.events : this.events.slice(this.head);
    this.events = [];
    this.head = 0;
    return out;
  }
}

/** What a step's event generators write to: the step, its instant, and the buffer. */
export interface StepOutput {
  index: number;
  at: number;
  /** False when the simulator keeps no events (the generators still draw the same numbers). */
  record: boolean;
  events: EventBuffer;
}
