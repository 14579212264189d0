/** The dashboard's charts (server-rendered SVG, the reports' renderer). */
import type { BillingFigures } from '../../../billing/figures.js';
import type { SignalRecord } from '../../../engine/storage/lifecycle.js';
import { chartImage, type ChartImage } from '../../../charts/chart-image.js';
import { clockTime } from '../page-format.js';

const SMALL = { width: 560, height: 260 };
const short = (day: string) => day.slice(5);

export function billingCharts(
  figures: BillingFigures,
  history: { day: string; mrrCents: number }[],
): ChartImage[] {
  const days = figures.series.map((d) => short(d.day));
  return [
    chartImage(
      {
        title: { text: 'MRR and ARR ($)', textStyle: { fontSize: 13 }, left: 'left' },
        // Legend under the plot: at the top it sat on the title and the axis names.
        legend: { bottom: 4, left: 'center' },
        grid: { left: 70, right: 70, top: 66, bottom: 56 },
        xAxis: { type: 'category', data: history.map((h) => short(h.day)) },
        yAxis: [
          { type: 'value', name: 'MRR' },
          { type: 'value', name: 'ARR' },
        ],
        series: [
          { name: 'MRR', type: 'line', data: history.map((h) => h.mrrCents / 100) },
          {
            name: 'ARR',
            type: 'line',
            yAxisIndex: 1,
            lineStyle: { type: 'dashed' },
            data: history.map((h) => (h.mrrCents * 12) / 100),
          },
        ],
      },
      'MRR and ARR over the last 30 days',
      SMALL,
    ),
    chartImage(
      {
        title: { text: 'Subscribers by tier', textStyle: { fontSize: 13 }, left: 'left' },
        // Room above the tallest bar for its value label, under the title.
        grid: { left: 60, right: 20, top: 56, bottom: 30 },
        xAxis: { type: 'category', data: ['premium', 'basic', 'free', 'trials'] },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          {
            type: 'bar',
            label: { show: true, position: 'top' },
            data: [
              figures.subscribersByTier.premium,
              figures.subscribersByTier.basic,
              figures.subscribersByTier.free,
              figures.trials,
            ],
          },
        ],
      },
      'Subscribers by tier, and trials',
      SMALL,
    ),
    chartImage(
      {
        title: {
          text: 'New, churned and failed payments per day',
          textStyle: { fontSize: 13 },
          left: 'left',
        },
        legend: { bottom: 4, left: 'center' },
        grid: { left: 50, right: 20, top: 44, bottom: 56 },
        xAxis: { type: 'category', data: days },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: 'new', type: 'bar', data: figures.series.map((d) => d.newSubscriptions) },
          { name: 'churned', type: 'bar', data: figures.series.map((d) => d.churned) },
          { name: 'failed', type: 'bar', data: figures.series.map((d) => d.failedPayments) },
        ],
      },
      'New subscriptions, churn and failed payments per day',
      SMALL,
    ),
  ];
}

/** Today's cumulative P&L of closed signals, by close time. */
export function signalsChart(today: SignalRecord[]): ChartImage | null {
  const closed = today.filter((s) => s.outcome).sort((a, b) => a.updatedAt - b.updatedAt);
  if (closed.length === 0) return null;
  let sum = 0;
  const points = closed.map((s) => {
    sum += s.outcome!.pnl;
    return [clockTime(s.updatedAt), Math.round(sum * 100) / 100];
  });
  return chartImage(
    {
      title: { text: "Today's P&L, cumulative ($)", textStyle: { fontSize: 13 }, left: 'left' },
      grid: { left: 60, right: 20, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: points.map((p) => p[0]) },
      yAxis: { type: 'value' },
      series: [{ type: 'line', step: 'end', data: points.map((p) => p[1]) }],
    },
    "Today's cumulative P&L of closed signals",
    SMALL,
  );
}
