/** The delivery timeline chart of a signal: per tier and channel, promised against sent (s after publication). */
import { chartImage, type ChartImage } from '../../../charts/chart-image.js';
import type { TimelineRow } from './signal-page.js';

export function timelineChart(rows: TimelineRow[]): ChartImage | null {
  const first = rows.filter((r) => r.kind === 'signal');
  if (first.length === 0) return null;
  const labels = first.map((r) => `${r.tier} · ${r.channel}`);
  const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  return chartImage(
    {
      title: {
        text: 'Delivery: promised vs sent (seconds after publication)',
        textStyle: { fontSize: 13 },
        left: 'left',
      },
      legend: { bottom: 0 },
      grid: { left: 130, right: 30, top: 40, bottom: 50 },
      xAxis: { type: 'value', name: 's' },
      yAxis: { type: 'category', data: labels, inverse: true },
      series: [
        { name: 'promised', type: 'bar', data: first.map((r) => round(r.promisedS)) },
        { name: 'first sent', type: 'bar', data: first.map((r) => round(r.firstSentS)) },
        { name: 'last sent', type: 'bar', data: first.map((r) => round(r.lastSentS)) },
      ],
    },
    'Delivery timeline: promised and sent seconds after publication, per tier and channel',
    { width: 720, height: Math.max(180, 80 + first.length * 46) },
  );
}
