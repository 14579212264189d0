import { describe, expect, it } from 'vitest';
import { billingCharts } from '../../../src/admin/pages/dashboard/dashboard-charts.js';

/** Each text of a chart's SVG with its vertical position (translate y plus its own y offset). */
function texts(src: string): { text: string; y: number }[] {
  const svg = Buffer.from(src.split(',')[1], 'base64').toString('utf8');
  return [...svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].map((m) => {
    const translate = /translate\([\d.]+[ ,]([\d.]+)\)/.exec(m[1]);
    const own = /\sy="(-?[\d.]+)"/.exec(m[1]);
    return { text: m[2], y: Number(translate?.[1] ?? 0) + Number(own?.[1] ?? 0) };
  });
}

describe('dashboard charts', () => {
  const [mrr, tiers, daily] = billingCharts(
    {
      asOf: '2026-03-02',
      currency: 'usd',
      mrrCents: 1_234_500,
      arrCents: 14_814_000,
      payingSubscriptions: 40,
      trials: 3,
      pastDue: 1,
      subscribersByTier: { premium: 10, basic: 30, free: 100 },
      series: [{ day: '2026-03-01', newSubscriptions: 2, churned: 1, failedPayments: 1 }],
    },
    [
      { day: '2026-03-01', mrrCents: 1_200_000 },
      { day: '2026-03-02', mrrCents: 1_234_500 },
    ],
  );

  it('keeps the legend and the axis names clear of the title', () => {
    for (const [chart, title] of [
      [mrr, 'MRR and ARR ($)'],
      [tiers, 'Subscribers by tier'],
      [daily, 'New, churned and failed payments per day'],
    ] as const) {
      const all = texts(chart.src);
      const head = all.find((t) => t.text === title);
      expect(head, title).toBeDefined();
      const crowding = all.filter((t) => t !== head && Math.abs(t.y - head!.y) < 14);
      expect(crowding, title).toEqual([]);
    }
    // The legend sits under the plot: the lowest "ARR" is the legend's, below the x axis labels.
    const arr = texts(mrr.src).filter((t) => t.text === 'ARR');
    const days = texts(mrr.src).filter((t) => t.text === '03-01');
    expect(arr).toHaveLength(2);
    expect(Math.max(...arr.map((t) => t.y))).toBeGreaterThan(Math.max(...days.map((t) => t.y)));
  });
});
