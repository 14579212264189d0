/** The track record's two charts, rendered server-side to SVG by the shared chart renderer. */
import { chartImageTag } from '../../charts/chart-image.js';
import type { TrackRecordSummary } from '../track-record-summary.js';

const TIER_LABEL = { premium: 'Premium', basic: 'Basic', free: 'Free' } as const;

export function delayLabel(ms: number): string {
  if (ms === 0) return 'at once';
  return ms % 60_000 === 0 ? `+${ms / 60_000} min` : `+${ms / 1000} s`;
}

/** Cumulative R by strategy at Premium timing, one step line per strategy. */
export function cumulativeRChart(s: TrackRecordSummary): string {
  // Every line starts from 0 R at the first close, so strategies are read against one origin.
  const origin = s.cumulativeR.map((c) => c.points[0]?.at ?? '').sort()[0];
  return chartImageTag(
    {
      grid: { left: 56, right: 24, top: 48, bottom: 40 },
      legend: { top: 8, type: 'scroll' },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'time', axisLabel: { hideOverlap: true } },
      yAxis: {
        type: 'value',
        name: 'R',
        nameGap: 12,
        splitLine: { lineStyle: { color: '#eaeef2' } },
      },
      series: s.cumulativeR.map((c) => ({
        name: c.strategy.replace(/_/g, ' '),
        type: 'line',
        step: 'end',
        symbolSize: 6,
        data: [[origin, 0], ...c.points.map((p) => [p.at, p.r])],
      })),
    },
    'Cumulative R by strategy at Premium timing',
    { width: 680, height: 340 },
  );
}

/** Win rate by tier delay, with each tier's average R on the bar. */
export function winRateByDelayChart(s: TrackRecordSummary): string {
  return chartImageTag(
    {
      grid: { left: 48, right: 16, top: 36, bottom: 40 },
      xAxis: {
        type: 'category',
        axisLabel: { fontSize: 13, interval: 0 },
        data: s.tiers.map((t) => `${TIER_LABEL[t.tier]}\n${delayLabel(t.delayMs)}`),
      },
      yAxis: {
        type: 'value',
        min: 0,
        max: 100,
        axisLabel: { formatter: '{value}%', fontSize: 12 },
        splitLine: { lineStyle: { color: '#eaeef2' } },
      },
      series: [
        {
          type: 'bar',
          barWidth: '45%',
          data: s.tiers.map((t, i) => ({
            value: t.winRate === null ? 0 : Math.round(t.winRate * 1000) / 10,
            itemStyle: { color: ['#1f6feb', '#0a7ea4', '#57606a'][i], borderRadius: [4, 4, 0, 0] },
          })),
          label: {
            show: true,
            position: 'top',
            fontSize: 13,
            formatter: (p: { dataIndex: number }) => {
              const t = s.tiers[p.dataIndex];
              return t.winRate === null
                ? 'no trades'
                : `${(t.winRate * 100).toFixed(0)}% · ${t.avgR?.toFixed(2)} R`;
            },
          },
        },
      ],
    },
    'Win rate and average R by tier delay',
    { width: 460, height: 340 },
  );
}
