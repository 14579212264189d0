/**
 * A published signal: what execution hands to distribution (and narrative, reports).
 * Distribution never renders this directly for a lower tier: it first builds that tier's
 * own view type, which does not carry the fields the tier may not see.
 */
import type { Direction, SignalLeg, StrategyName } from '../vocabulary/trading.js';

export interface PublishedSignal {
  /** SIG-YYYYMMDD-NNN. */
  id: string;
  strategy: StrategyName;
  symbol: string;
  direction: Direction;
  legs: SignalLeg[];
  /** Per-contract premium in dollars (net for multi-leg; positive = debit). */
  entry: number;
  stop: number;
  target: number;
  /** Contracts for the primary leg. */
  size: number;
  confidence: number;
  triggeredBy: string[];
  riskFactors: string[];
  /** Premium narrative; lower tiers get their own text. */
  narrative: string;
  /** Key levels (gamma flip, walls, max pain) — premium-only numbers. */
  levels: Record<string, number>;
  /** Optional chart (SVG) reference; premium only. */
  chartUrl?: string;
  /** Engine clock, ms since epoch. */
  publishedAt: number;
  /** Quote time of the data the signal stands on, ms since epoch. */
  dataAsOf: number;
}

export type SignalUpdateKind = 'stop_moved' | 'closed';

export interface SignalUpdate {
  signalId: string;
  kind: SignalUpdateKind;
  /** Engine clock, ms since epoch. */
  at: number;
  newStop?: number;
  exitPrice?: number;
  /** Realised return on premium, e.g. 0.5 = +50%. */
  returnPct?: number;
  reason: string;
}

/** The port distribution (and others) subscribe to; execution publishes to it. */
export interface SignalBus {
  publish(signal: PublishedSignal): Promise<void>;
  update(update: SignalUpdate): Promise<void>;
  onPublished(handler: (signal: PublishedSignal) => Promise<void> | void): void;
  onUpdate(handler: (update: SignalUpdate) => Promise<void> | void): void;
}

export const SIGNAL_BUS = Symbol('SignalBus');

/** In-process bus: handlers run in order of registration; a failing handler does not stop others. */
export class InProcessSignalBus implements SignalBus {
  private readonly published: ((s: PublishedSignal) => Promise<void> | void)[] = [];
  private readonly updates: ((u: SignalUpdate) => Promise<void> | void)[] = [];
  constructor(private readonly onError: (err: unknown) => void = () => undefined) {}
  async publish(signal: PublishedSignal): Promise<void> {
    for (const h of this.published) await this.safely(() => h(signal));
  }
  async update(update: SignalUpdate): Promise<void> {
    for (const h of this.updates) await this.safely(() => h(update));
  }
  onPublished(handler: (signal: PublishedSignal) => Promise<void> | void): void {
    this.published.push(handler);
  }
  onUpdate(handler: (update: SignalUpdate) => Promise<void> | void): void {
    this.updates.push(handler);
  }
  private async safely(fn: () => Promise<void> | void): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.onError(err);
    }
  }
}
