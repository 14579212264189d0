/**
 * The equity curve as a standalone SVG, drawn by the charts' renderer (ECharts' server-side SVG):
 * the curve over the run's dates, the starting equity dashed, green when it ends above the start,
 * red below.
 */
import { renderChartSvg } from '../charts/chart-renderer.js';

export function equityCurveSvg(
  points: { at: number; equity: number }[],
  title: string,
  width = 800,
  height = 300,
): string {
  const start = points[0]?.equity ?? 0;
  const end = points.at(-1)?.equity ?? start;
  const color = end >= start ? '#1a7f37' : '#cf222e';
  return `${renderChartSvg(
    {
      title: { text: title, left: 8, top: 4, textStyle: { fontSize: 14 } },
      grid: { left: 80, right: 24, top: 40, bottom: 40 },
      xAxis: {
        type: 'category',
        data: points.map((p) => new Date(p.at).toISOString().slice(0, 10)),
        axisLabel: { hideOverlap: true },
      },
      yAxis: {
        type: 'value',
        scale: true,
        axisLabel: { formatter: (v: number) => Math.round(v).toLocaleString('en-US') },
      },
      series: [
        {
          type: 'line',
          data: points.map((p) => p.equity),
          showSymbol: points.length < 2,
          lineStyle: { color, width: 1.5 },
          itemStyle: { color },
          markLine: {
            silent: true,
            symbol: 'none',
            lineStyle: { color: '#999', type: 'dashed' },
            label: { show: false },
            data: points.length > 0 ? [{ yAxis: start }] : [],
          },
        },
      ],
      ...(points.length === 0
        ? { graphic: { type: 'text', left: 'center', top: 'middle', style: { text: 'no data' } } }
        : {}),
    },
    { width, height },
  )}\n`;
}
