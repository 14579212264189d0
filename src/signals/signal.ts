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
  /** When the idea is wrong, in words (premium only; messages fall back to the stop). */
  invalidation?: string;
  /** Engine clock, ms since epoch. */
  publishedAt: number;
  /** Quote time of the data the signal stands on, ms since epoch. */
  dataAsOf: number;
}

/**
 * `narrative`: the model's narrative of the signal, arrived after the signal went out with the
 * template text (distribution sends it to Premium as a follow-up).
 */
export type SignalUpdateKind = 'stop_moved' | 'closed' | 'narrative';

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
  /** A `narrative` update's text (checked against the signal's facts). */
  narrative?: string;
}

/** The port distribution (and others) subscribe to; execution publishes to it. */
export interface SignalBus {
  publish(signal: PublishedSignal): Promise<void>;
  update(update: SignalUpdate): Promise<void>;
  onPublished(handler: (signal: PublishedSignal) => Promise<void> | void): void;
  onUpdate(handler: (update: SignalUpdate) => Promise<void> | void): void;
}

export const SIGNAL_BUS = Symbol('SignalBus');

/** Which delivery of the bus a failing handler was running. */
export interface BusErrorContext {
  topic: 'published' | 'update';
  signalId: string;
}

export type BusErrorHandler = (err: unknown, context: BusErrorContext) => void;

/** The part of a (pino) logger the bus needs; signals may not import observability. */
export interface BusErrorLog {
  error(detail: Record<string, unknown>, msg: string): void;
}

/** Logs a failing handler as one structured error line: ids and the message, no signal contents. */
export function logBusErrors(log: BusErrorLog): BusErrorHandler {
  return (err, context) =>
    log.error(
      { ...context, err: err instanceof Error ? err.message : String(err) },
      'signal bus handler failed',
    );
}

/** Without a logger: a JSON line on stderr in pino's shape (level 50 = error). */
const stderrLog: BusErrorLog = {
  error: (detail, msg) =>
    void process.stderr.write(
      `${JSON.stringify({ level: 50, service: 'gammadesk', ...detail, msg })}\n`,
    ),
};

/**
 * In-process bus: handlers run in order of registration; a failing handler does not stop the
 * others, and its error goes to the error handler (logged by default, never swallowed).
 */
export class InProcessSignalBus implements SignalBus {
  private readonly published: ((s: PublishedSignal) => Promise<void> | void)[] = [];
  private readonly updates: ((u: SignalUpdate) => Promise<void> | void)[] = [];
  constructor(private readonly onError: BusErrorHandler = logBusErrors(stderrLog)) {}
  async publish(signal: PublishedSignal): Promise<void> {
    const context: BusErrorContext = { topic: 'published', signalId: signal.id };
    for (const h of this.published) await this.safely(() => h(signal), context);
  }
  async update(update: SignalUpdate): Promise<void> {
    const context: BusErrorContext = { topic: 'update', signalId: update.signalId };
    for (const h of this.updates) await this.safely(() => h(update), context);
  }
  onPublished(handler: (signal: PublishedSignal) => Promise<void> | void): void {
    this.published.push(handler);
  }
  onUpdate(handler: (update: SignalUpdate) => Promise<void> | void): void {
    this.updates.push(handler);
  }
  private async safely(fn: () => Promise<void> | void, context: BusErrorContext): Promise<void> {
    try {
      await fn();
    } catch (err) {
      try {
        this.onError(err, context);
      } catch {
        // A failing error handler must not turn one handler's failure into the publisher's.
      }
    }
  }
}
