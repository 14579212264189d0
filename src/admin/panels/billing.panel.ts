import type { BillingService } from '../../billing/billing-service.js';
import type { AdminPanel } from '../portal/admin-panel.js';

const dollars = (cents: number) =>
  `$${(cents / 100).toLocaleString('en-US', { maximumFractionDigits: 2 })}`;

/** MRR, ARR, subscribers by tier, trials, churn and failed payments over 30 days (our records). */
export function billingPanel(billing: () => BillingService): AdminPanel {
  return {
    id: 'billing',
    title: 'Billing',
    description:
      'Computed from our own records of Stripe subscriptions, invoices and tier changes.',
    figures: async () => {
      const f = await billing().figures(30);
      return {
        MRR: dollars(f.mrrCents),
        ARR: dollars(f.arrCents),
        paying: f.payingSubscriptions,
        trials: f.trials,
        'past due': f.pastDue,
        premium: f.subscribersByTier.premium,
        basic: f.subscribersByTier.basic,
        free: f.subscribersByTier.free,
      };
    },
    table: async () => {
      const f = await billing().figures(30);
      return {
        columns: ['day (UTC)', 'new subscriptions', 'churned', 'failed payments'],
        rows: [...f.series]
          .reverse()
          .map((d) => [d.day, d.newSubscriptions, d.churned, d.failedPayments]),
      };
    },
  };
}
