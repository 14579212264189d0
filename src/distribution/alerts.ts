/**
 * Operator alerts of distribution: a row in `distribution_alert` (read by the operator API), a
 * count in `gammadesk_distribution_alerts_total{kind}` and an error log line — so an alert is seen
 * even when the database is what failed. Details carry ids and error messages, never addresses.
 */
import type { Clock } from '../common/clock.js';
import type { DeliveryMetrics } from './delivery-metrics.js';
import type { DeliveryStore } from './delivery-store.js';
import type { DistributionLogger } from './distribution-deps.js';

export type DistributionAlertKind = 'plan_failed' | 'dead_letter';

export class DistributionAlerts {
  constructor(
    private readonly deps: {
      clock: Clock;
      store: DeliveryStore;
      metrics?: DeliveryMetrics | null;
    },
    private readonly log: DistributionLogger,
  ) {}

  async raise(
    kind: DistributionAlertKind,
    detail: Record<string, unknown>,
    deliveryId: string | null = null,
  ): Promise<void> {
    this.deps.metrics?.alerts.inc({ kind });
    this.log.error({ alert: kind, deliveryId, ...detail }, `distribution alert: ${kind}`);
    try {
      await this.deps.store.recordAlert(deliveryId, kind, detail, this.deps.clock.now());
    } catch (err) {
      this.log.error(
        { alert: kind, err: err instanceof Error ? err.message : String(err) },
        'recording a distribution alert failed',
      );
    }
  }
}
