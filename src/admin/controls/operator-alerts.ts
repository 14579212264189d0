/**
 * Operator alerts: what the overseer raises (halts, tapers, paper-only, disabled strategies,
 * warnings, the daily summary) planned through the delivery pipeline to the operators' Discord
 * channel and Telegram chat (distribution's operator-alert-delivery.ts: a ledger row per channel,
 * retries, dead letters, the Deliveries page). The overseer raises an alert once per state change;
 * here the same alert is also planned at most once per window, and at most `perMinute` a minute
 * (the rest are counted and named in the next).
 */
import type { Clock } from '../../common/clock.js';
import type { OperatorAlertRequest } from '../../distribution/operator-alert-delivery.js';
import type { AlertRecord } from '../../overseer/alerts.js';
import { operatorAlertWords } from './operator-alert-text.js';

const REPEAT_WINDOW_MS = 10 * 60_000;
const MINUTE = 60_000;

export const OPERATOR_ALERTS = Symbol('OperatorAlerts');

/** Where an alert is planned (DistributionService.planOperatorAlert); null: no channel set up. */
export interface OperatorAlertPlanning {
  readonly operatorAlertsEnabled: boolean;
  planOperatorAlert(alert: OperatorAlertRequest): Promise<unknown>;
}

export class OperatorAlerts {
  private readonly seen = new WeakSet<AlertRecord>();
  private readonly lastSent = new Map<string, number>();
  private window = { start: -Infinity, count: 0 };
  private held = 0;

  constructor(
    private readonly planning: OperatorAlertPlanning | null,
    private readonly clock: Clock,
    private readonly perMinute: number,
    private readonly log: (message: string) => void,
  ) {}

  get enabled(): boolean {
    return this.planning?.operatorAlertsEnabled ?? false;
  }

  /** Marks alerts as already handled (the history an engine has at start-up is not re-sent). */
  prime(alerts: AlertRecord[]): void {
    for (const a of alerts) this.seen.add(a);
  }

  /** Plans the alerts not yet seen (given newest first, as the overseer lists them). Returns how many. */
  async relay(alerts: AlertRecord[]): Promise<number> {
    // The overseer lists newest first: reversed, then a stable sort by time keeps the raise order.
    const fresh = alerts
      .filter((a) => !this.seen.has(a))
      .reverse()
      .sort((x, y) => x.at - y.at);
    let planned = 0;
    for (const a of fresh) {
      this.seen.add(a);
      if (!this.enabled) continue;
      const key = `${a.kind}|${a.action}|${a.symbol ?? ''}|${a.strategy ?? ''}|${a.message}`;
      const now = this.clock.now();
      const last = this.lastSent.get(key);
      if (last !== undefined && now - last < REPEAT_WINDOW_MS) continue;
      if (now - this.window.start >= MINUTE) this.window = { start: now, count: 0 };
      if (this.window.count >= this.perMinute) {
        this.held += 1;
        continue;
      }
      this.window.count += 1;
      this.lastSent.set(key, now);
      const words = operatorAlertWords(a, this.held);
      this.held = 0;
      try {
        await this.planning!.planOperatorAlert({
          key,
          at: a.at,
          level: a.level,
          ...words,
        });
        planned += 1;
      } catch (err) {
        // Not planned (the database refused): the overseer's table still has it.
        this.log(`operator alert not planned: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return planned;
  }
}
