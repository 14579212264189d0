/**
 * The portal's dashboard: the business (MRR and ARR over time, subscribers by tier, trials,
 * churn, failed payments), today's signals and P&L, and the system's health (feed heartbeats,
 * analytics freshness, queue depth, delivery delay p50/p99 per tier). A stage that does not run
 * in this process shows as unavailable instead of failing the page.
 */
import { DateTime } from 'luxon';
import type { BillingService } from '../../../billing/billing-service.js';
import type { Heartbeats } from '../../../common/heartbeats.js';
import type { Clock } from '../../../common/clock.js';
import type { DeliveryQueries } from '../../../distribution/delivery-queries.js';
import type { EngineRepository } from '../../../engine/storage/engine-repository.js';
import { NEW_YORK_ZONE } from '../../../vocabulary/units.js';
import { at, dollars, messageOf, seconds } from '../page-format.js';
import { billingCharts, signalsChart } from './dashboard-charts.js';

export interface DashboardDeps {
  clock: Clock;
  heartbeats: Heartbeats;
  billing: BillingService | null;
  engine: EngineRepository | null;
  deliveries: DeliveryQueries | null;
}

const STALE_MS = 120_000;
const DAYS = 30;

/** A section's data, or why it is unavailable. */
async function section<T>(
  run: () => Promise<T>,
): Promise<{ ok: true; data: T } | { ok: false; error: string }> {
  try {
    return { ok: true, data: await run() };
  } catch (err) {
    return { ok: false, error: messageOf(err) };
  }
}

function need<T>(value: T | null, stage: string): T {
  if (value === null) throw new Error(`${stage} does not run in this process`);
  return value;
}

export async function dashboard(deps: DashboardDeps) {
  const now = deps.clock.now();
  const [business, signals, delivery] = await Promise.all([
    section(async () => {
      const billing = need(deps.billing, 'billing');
      const [figures, history] = await Promise.all([
        billing.figures(DAYS),
        billing.mrrHistory(DAYS),
      ]);
      const churned = figures.series.reduce((n, d) => n + d.churned, 0);
      const failed = figures.series.reduce((n, d) => n + d.failedPayments, 0);
      return {
        figures: [
          { label: 'MRR', value: dollars(figures.mrrCents) },
          { label: 'ARR', value: dollars(figures.arrCents) },
          { label: 'paying', value: String(figures.payingSubscriptions) },
          { label: 'trials', value: String(figures.trials) },
          { label: 'past due', value: String(figures.pastDue) },
          { label: `churned (${DAYS} d)`, value: String(churned) },
          { label: `failed payments (${DAYS} d)`, value: String(failed) },
          ...Object.entries(figures.subscribersByTier).map(([tier, n]) => ({
            label: tier,
            value: String(n),
          })),
        ],
        charts: billingCharts(figures, history),
      };
    }),
    section(async () => {
      const engine = need(deps.engine, 'the engine');
      const dayStart = DateTime.fromMillis(now, { zone: NEW_YORK_ZONE }).startOf('day').toMillis();
      const today = await engine.listSignals({ from: dayStart });
      const closed = today.filter((s) => s.outcome);
      const pnl = closed.reduce((sum, s) => sum + (s.outcome?.pnl ?? 0), 0);
      return {
        figures: [
          { label: 'signals today', value: String(today.length) },
          { label: 'active', value: String(today.filter((s) => s.status === 'active').length) },
          { label: 'closed', value: String(closed.length) },
          { label: 'wins', value: String(closed.filter((s) => s.outcome?.win).length) },
          { label: 'P&L today', value: `${pnl < 0 ? '-' : ''}$${Math.abs(pnl).toFixed(2)}` },
        ],
        chart: signalsChart(today),
        list: today
          .slice(-20)
          .reverse()
          .map((s) => ({
            id: s.id,
            at: at(s.createdAt),
            symbol: s.symbol,
            strategy: s.strategy,
            status: s.status,
            outcome: s.outcome
              ? `${(s.outcome.returnPct * 100).toFixed(0)}% ($${s.outcome.pnl.toFixed(2)})`
              : '—',
          })),
      };
    }),
    section(async () => {
      const store = need(deps.deliveries, 'distribution');
      const [counts, delays] = await Promise.all([store.countByStatus(), store.delayStats()]);
      return {
        figures: [
          { label: 'queued', value: String(counts.scheduled + counts.sending) },
          { label: 'dead letters', value: String(counts.dead) },
          { label: 'blocked', value: String(counts.blocked) },
          { label: 'sent', value: String(counts.sent) },
        ],
        delays: delays.map((d) => ({
          tier: d.tier,
          count: d.count,
          p50: seconds(d.p50Ms),
          p99: seconds(d.p99Ms),
          max: seconds(d.maxMs),
        })),
      };
    }),
  ]);
  const beats = deps.heartbeats.all().map((h) => ({
    feed: h.feed,
    age: seconds(h.ageMs),
    lastBeat: at(h.lastBeatAt),
    stale: h.ageMs > STALE_MS,
  }));
  return {
    asOf: at(now),
    business,
    signals,
    delivery,
    feeds: beats.filter((b) => !b.feed.startsWith('analytics:')),
    analytics: beats.filter((b) => b.feed.startsWith('analytics:')),
  };
}
