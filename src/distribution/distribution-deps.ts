/** What the parts of the delivery pipeline (planner, worker, reconciler) are built from. */
import type { Clock } from '../common/clock.js';
import type { DelayQueue } from '../queue/delay-queue.js';
import type { RecipientDirectory } from '../subscribers/recipient-directory.js';
import type { DeliveryMetrics } from './delivery-metrics.js';
import type { DeliveryStore } from './delivery-store.js';
import type { TemplateRenderer } from './renderer.js';
import type { SenderRegistry } from './senders.js';
import type { SignalNarratives } from './signal-narratives.js';
import type { DigestSummaries } from './digest.js';
import type { TierPolicy } from './tier-policy.js';

export interface DeliveryJobData {
  jobKey: string;
}

export interface DistributionSettings {
  batchSize: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  concurrency: number;
  reconcileIntervalMs: number;
  /** Wall ms; converted to engine ms with the clock's speed. */
  sendingLeaseMs: number;
  /** Rows of one job sent at once (default 10); the platform limiters pace them further. */
  rowConcurrency?: number;
  /** Rows a lane claims at a time (default 1: a row is `sending` only while its send runs). */
  claimChunk?: number;
  /** Wall ms shutdown waits for sends in flight before releasing their rows (default 5 s). */
  drainMs?: number;
}

/** Lanes of a job (rows sent at once) unless the settings say otherwise. */
export const DEFAULT_LANES = 10;

/** Rows a job claims first: a chunk for each of its lanes. */
export function firstClaims(settings: DistributionSettings): number {
  return (settings.rowConcurrency ?? DEFAULT_LANES) * Math.max(1, settings.claimChunk ?? 1);
}

export interface DistributionLogger {
  info(detail: Record<string, unknown>, msg: string): void;
  warn(detail: Record<string, unknown>, msg: string): void;
  error(detail: Record<string, unknown>, msg: string): void;
}

export const silentLogger: DistributionLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export interface DistributionEngineDeps {
  clock: Clock;
  store: DeliveryStore;
  policy: TierPolicy;
  directory: RecipientDirectory | null;
  senders: SenderRegistry;
  queue: DelayQueue<DeliveryJobData>;
  renderer: TemplateRenderer;
  /** Each tier's narrative of a signal (default: the template writer). */
  narratives?: SignalNarratives | null;
  /** The close report's summary for digests (absent: the digest lists signals and outcomes). */
  digestSummaries?: DigestSummaries | null;
  metrics?: DeliveryMetrics | null;
  settings: DistributionSettings;
  logger?: DistributionLogger;
  random?: () => number;
}

/** Wall ms → engine ms (the engine clock may run faster: a replay at N×). */
export function wallToEngineMs(clock: Clock, wallMs: number): number {
  const speed = (clock as { speed?: unknown }).speed;
  const factor = typeof speed === 'number' && speed > 0 ? speed : 1;
  return wallMs * factor;
}

/** The sending lease (wall ms in the settings) on the engine clock. */
export function leaseEngineMs(clock: Clock, sendingLeaseMs: number): number {
  return wallToEngineMs(clock, sendingLeaseMs);
}

/**
 * Wall ms ahead of its promise a job is queued to run: the queue's own lateness and the job's
 * reads (its rows, the tier order) fall before the promise, and the worker waits out the rest
 * (never early: see worker.ts).
 */
export const PRE_FIRE_WALL_MS = 50;

/** The queue delay (engine ms) of a job promised at `promisedAt`. */
export function queueDelayMs(clock: Clock, promisedAt: number, now = clock.now()): number {
  return Math.max(0, promisedAt - now - wallToEngineMs(clock, PRE_FIRE_WALL_MS));
}
