/**
 * Durable intake: what the signal bus hands to distribution is written to the publication log
 * first, then planned; a plan that fails is logged, alerted and replayed (soon after with back-off,
 * and by every reconciler pass) until it is committed — a signal is late then, never lost.
 */
import type { SignalBus } from '../signals/signal.js';
import type { DistributionAlerts } from './alerts.js';
import type { DistributionEngineDeps, DistributionLogger } from './distribution-deps.js';
import type { DeliveryPlanner } from './planner.js';
import {
  publicationKey,
  type Publication,
  type PublicationStore,
  type StoredPublication,
} from './publication-store.js';

type PlanOutcome = 'planned' | 'waiting' | 'failed';

export class SignalIntake {
  /** Publications not even recorded (the database refused the write); replayed from memory. */
  private readonly unrecorded: Publication[] = [];
  private retryTimer: NodeJS.Timeout | null = null;
  private replaying: Promise<{ planned: number; waiting: number }> | null = null;
  private stopped = false;

  constructor(
    private readonly deps: Pick<DistributionEngineDeps, 'clock' | 'settings'>,
    private readonly planner: DeliveryPlanner,
    private readonly publications: PublicationStore,
    private readonly alerts: DistributionAlerts,
    private readonly log: DistributionLogger,
  ) {}

  /** Records and plans one publication; never throws (failures are alerted and replayed). */
  async receive(publication: Publication): Promise<void> {
    let id: string;
    try {
      id = await this.publications.record(publication, this.deps.clock.now());
    } catch (err) {
      this.unrecorded.push(publication);
      await this.alerts.raise('plan_failed', {
        ...describe(publication),
        stage: 'record',
        ...why(err),
      });
      this.scheduleRetry(1);
      return;
    }
    await this.plan({ id, publication, attempts: 0 });
  }

  /** Plans every publication still waiting for its plan, oldest first. */
  replay(): Promise<{ planned: number; waiting: number }> {
    this.replaying ??= this.replayAll().finally(() => {
      this.replaying = null;
    });
    return this.replaying;
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private async replayAll(): Promise<{ planned: number; waiting: number }> {
    for (const p of this.unrecorded.splice(0)) {
      try {
        await this.publications.record(p, this.deps.clock.now());
      } catch (err) {
        this.unrecorded.push(p);
        this.log.warn({ ...describe(p), ...why(err) }, 'publication still not recorded');
      }
    }
    let planned = 0;
    let waiting = this.unrecorded.length;
    // A follow-up waits for its signal: once a signal fails in this pass, its updates are skipped.
    const failedSignals = new Set<string>();
    for (const stored of await this.publications.unplanned()) {
      const { signalId } = publicationKey(stored.publication);
      if (failedSignals.has(signalId)) {
        waiting++;
        continue;
      }
      const outcome = await this.plan(stored);
      if (outcome === 'planned') planned++;
      else {
        waiting++;
        failedSignals.add(signalId);
      }
    }
    if (planned > 0) this.log.warn({ planned }, 'replayed publications whose plan had failed');
    return { planned, waiting };
  }

  private async plan(stored: StoredPublication): Promise<PlanOutcome> {
    const p = stored.publication;
    try {
      if (p.kind === 'signal') {
        await this.planner.planSignal(p.signal);
      } else if ((await this.planner.planUpdate(p.update)) === null) {
        if (await this.publications.signalWaiting(p.update.signalId)) return 'waiting';
        await this.publications.markPlanned(stored.id, this.deps.clock.now(), 'signal not planned');
        return 'planned';
      }
      await this.publications.markPlanned(stored.id, this.deps.clock.now());
      return 'planned';
    } catch (err) {
      const message = why(err).err;
      const attempts = await this.publications
        .markFailed(stored.id, message)
        .catch(() => stored.attempts + 1);
      await this.alerts.raise('plan_failed', {
        ...describe(p),
        stage: 'plan',
        attempt: attempts,
        err: message,
      });
      this.scheduleRetry(attempts);
      return 'failed';
    }
  }

  /** A replay soon (exponential back-off, at most the reconciler's interval). */
  private scheduleRetry(attempts: number): void {
    if (this.retryTimer || this.stopped) return;
    const { backoffBaseMs, reconcileIntervalMs } = this.deps.settings;
    const wait = Math.min(reconcileIntervalMs, backoffBaseMs * 2 ** Math.max(0, attempts - 1));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.replay().catch((err: unknown) =>
        this.log.error(why(err), 'replaying publications failed'),
      );
    }, wait);
    this.retryTimer.unref();
  }
}

/** Distribution's subscription to the signal bus: every publication goes through the intake. */
export function subscribeToSignals(
  bus: SignalBus,
  intake: { receive(p: Publication): Promise<void> },
): void {
  bus.onPublished((signal) => intake.receive({ kind: 'signal', signal }));
  bus.onUpdate((update) => intake.receive({ kind: 'update', update }));
}

function describe(p: Publication): Record<string, unknown> {
  const key = publicationKey(p);
  return { signalId: key.signalId, kind: key.kind };
}

function why(err: unknown): { err: string } {
  return { err: err instanceof Error ? err.message : String(err) };
}
