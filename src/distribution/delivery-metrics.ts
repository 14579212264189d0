import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { DeliveryStore } from './delivery-store.js';

function metric<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

/**
 * Delivery metrics. Lateness (sentAt − promisedAt) is observed per send in this process; the
 * p50 / p99 / max per tier and per recent signal are read from the ledger at scrape time, so they
 * cover every worker process.
 */
export class DeliveryMetrics {
  readonly lateness: Histogram<'tier' | 'channel'>;
  readonly outcomes: Counter<'tier' | 'channel' | 'outcome'>;
  readonly leaksBlocked: Counter<'tier' | 'channel'>;
  readonly early: Counter<'tier' | 'channel'>;
  readonly alerts: Counter<'kind'>;

  constructor(registry: Registry, store: DeliveryStore, recentSignals = 20) {
    this.lateness = metric(
      registry,
      'gammadesk_delivery_lateness_seconds',
      () =>
        new Histogram({
          name: 'gammadesk_delivery_lateness_seconds',
          help: 'sentAt − promisedAt of each delivery (engine clock), seconds.',
          labelNames: ['tier', 'channel'],
          buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
          registers: [registry],
        }),
    );
    this.outcomes = metric(
      registry,
      'gammadesk_deliveries_total',
      () =>
        new Counter({
          name: 'gammadesk_deliveries_total',
          help: 'Delivery attempts by outcome (sent, retry, dead, blocked).',
          labelNames: ['tier', 'channel', 'outcome'],
          registers: [registry],
        }),
    );
    this.leaksBlocked = metric(
      registry,
      'gammadesk_delivery_leaks_blocked_total',
      () =>
        new Counter({
          name: 'gammadesk_delivery_leaks_blocked_total',
          help: 'Lower-tier messages blocked by the leak scanner.',
          labelNames: ['tier', 'channel'],
          registers: [registry],
        }),
    );
    this.early = metric(
      registry,
      'gammadesk_delivery_early_holds_total',
      () =>
        new Counter({
          name: 'gammadesk_delivery_early_holds_total',
          help: 'Jobs that fired before promisedAt and were re-delayed (never sent early).',
          labelNames: ['tier', 'channel'],
          registers: [registry],
        }),
    );
    this.alerts = metric(
      registry,
      'gammadesk_distribution_alerts_total',
      () =>
        new Counter({
          name: 'gammadesk_distribution_alerts_total',
          help: 'Operator alerts raised by distribution (plan_failed, dead_letter).',
          labelNames: ['kind'],
          registers: [registry],
        }),
    );
    metric(
      registry,
      'gammadesk_delivery_delay_ms',
      () =>
        new Gauge({
          name: 'gammadesk_delivery_delay_ms',
          help: 'Ledger statistics of sentAt − promisedAt per tier (stat = p50, p99, max), ms.',
          labelNames: ['tier', 'stat'],
          registers: [registry],
          async collect() {
            this.reset();
            for (const s of await store.delayStats()) {
              this.set({ tier: s.tier, stat: 'p50' }, s.p50Ms);
              this.set({ tier: s.tier, stat: 'p99' }, s.p99Ms);
              this.set({ tier: s.tier, stat: 'max' }, s.maxMs);
            }
          },
        }),
    );
    metric(
      registry,
      'gammadesk_delivery_signal_delay_ms',
      () =>
        new Gauge({
          name: 'gammadesk_delivery_signal_delay_ms',
          help: `sentAt − promisedAt per signal and tier for the ${recentSignals} latest signals, ms.`,
          labelNames: ['signal_id', 'tier', 'stat'],
          registers: [registry],
          async collect() {
            this.reset();
            const stats = await store.delayStats({ perSignal: true });
            const latest = [...new Set(stats.map((s) => s.signalId ?? ''))]
              .sort()
              .slice(-recentSignals);
            for (const s of stats) {
              if (!s.signalId || !latest.includes(s.signalId)) continue;
              const labels = { signal_id: s.signalId, tier: s.tier };
              this.set({ ...labels, stat: 'p50' }, s.p50Ms);
              this.set({ ...labels, stat: 'p99' }, s.p99Ms);
              this.set({ ...labels, stat: 'max' }, s.maxMs);
            }
          },
        }),
    );
  }
}
