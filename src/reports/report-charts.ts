/**
 * The report's charts as ECharts options, rendered through the shared server-side renderer (SVG,
 * and PNG for chat and email). Premium gets GEX by strike with flip and walls marked, the Greeks
 * heatmap (net dealer GEX per strike × expiry), P&L attributed by strategy, liquidity by strike and
 * the equity curve. Basic gets the GEX shape by rounded strike bucket with no dollar axis. Free
 * gets no chart.
 */
import { renderChart, type EChartsOption } from '../charts/chart-renderer.js';
import { countAxisLabel, moneyAxisLabel } from './chart-axes.js';
import type { Report, ReportChartData } from './report.js';
import { compactUsd, level, nyClock, strategyWords, usd } from './report-words.js';
import type { BasicReportView, ReportView } from './tier-views.js';

export type ReportChartName =
  | 'gex-by-strike'
  | 'greeks-heatmap'
  | 'pnl-attribution'
  | 'liquidity'
  | 'equity-curve'
  | 'gex-shape';

export interface ReportChart {
  name: ReportChartName;
  title: string;
  svg: string;
  png: Buffer;
}

export const CHART_SIZE = { width: 720, height: 360 } as const;

const GREEN = '#2da44e';
const RED = '#d73a49';

function title(text: string, subtext?: string): EChartsOption['title'] {
  return { text, subtext, left: 16, top: 10, textStyle: { fontSize: 15, fontWeight: 'bold' } };
}

const GRID = { left: 70, right: 24, top: 64, bottom: 44 };

function markLines(c: ReportChartData): { xAxis: string; name: string; color: string }[] {
  const out: { xAxis: string; name: string; color: string }[] = [];
  const nearest = (x: number): string => {
    let best = c.gexByStrike[0]?.strike ?? x;
    for (const b of c.gexByStrike) if (Math.abs(b.strike - x) < Math.abs(best - x)) best = b.strike;
    return String(best);
  };
  if (c.flip !== null)
    out.push({ xAxis: nearest(c.flip), name: `Flip ${level(c.flip)}`, color: '#8250df' });
  if (c.callWall !== null)
    out.push({ xAxis: nearest(c.callWall), name: `Call wall ${level(c.callWall)}`, color: GREEN });
  if (c.putWall !== null)
    out.push({ xAxis: nearest(c.putWall), name: `Put wall ${level(c.putWall)}`, color: RED });
  return out;
}

export function gexByStrikeOption(c: ReportChartData): EChartsOption {
  return {
    title: title(`${c.symbol} dealer gamma by strike`, `spot ${level(c.spot)} · $ per 1% move`),
    grid: GRID,
    xAxis: { type: 'category', data: c.gexByStrike.map((b) => String(b.strike)) },
    yAxis: { type: 'value', axisLabel: moneyAxisLabel(c.gexByStrike.map((b) => b.net)) },
    series: [
      {
        type: 'bar',
        name: 'net GEX',
        data: c.gexByStrike.map((b) => ({
          value: b.net,
          itemStyle: { color: b.net >= 0 ? GREEN : RED },
        })),
        markLine: {
          symbol: 'none',
          label: { position: 'insideEndTop', fontSize: 11 },
          data: markLines(c).map((m) => ({
            xAxis: m.xAxis,
            name: m.name,
            label: { formatter: m.name, color: m.color },
            lineStyle: { color: m.color, type: 'dashed', width: 1.5 },
          })),
        },
      },
    ],
  };
}

export function greeksHeatmapOption(c: ReportChartData): EChartsOption {
  const g = c.gammaGrid;
  const data: [number, number, number][] = [];
  g.cells.forEach((row, i) => row.forEach((v, j) => data.push([j, i, v])));
  // Scale to the 90th percentile of |GEX|, so one wall does not wash out every other cell.
  const sizes = data.map((d) => Math.abs(d[2])).sort((a, b) => a - b);
  const max = Math.max(sizes[Math.floor(sizes.length * 0.9)] ?? 1, 1);
  return {
    title: title(`${c.symbol} dealer gamma: strike × expiry`, '$ per 1% move'),
    grid: { left: 70, right: 96, top: 64, bottom: 44 },
    xAxis: { type: 'category', data: g.expiries.map((e) => e.slice(5)) },
    yAxis: { type: 'category', data: g.strikes.map(String) },
    visualMap: {
      min: -max,
      max,
      calculable: false,
      orient: 'vertical',
      right: 8,
      top: 'middle',
      inRange: { color: [RED, '#ffffff', GREEN] },
      formatter: (v: unknown) => compactUsd(Number(v)),
    },
    series: [{ type: 'heatmap', data }],
  };
}

export function pnlAttributionOption(r: Report): EChartsOption {
  const rows = r.attribution;
  return {
    title: title('P&L by strategy', 'realised + open, today'),
    grid: { ...GRID, left: 200 },
    xAxis: {
      type: 'value',
      axisLabel: moneyAxisLabel(
        rows.flatMap((a) => [a.realizedPnl, a.unrealizedPnl, a.realizedPnl + a.unrealizedPnl]),
      ),
    },
    yAxis: { type: 'category', data: rows.map((a) => strategyWords(a.strategy)) },
    series: [
      {
        type: 'bar',
        name: 'realised',
        stack: 'pnl',
        data: rows.map((a) => a.realizedPnl),
        itemStyle: { color: '#1f6feb' },
      },
      {
        type: 'bar',
        name: 'open',
        stack: 'pnl',
        data: rows.map((a) => a.unrealizedPnl),
        itemStyle: { color: '#8ab4f8' },
      },
    ],
    legend: { top: 12, right: 16 },
  };
}

export function liquidityOption(c: ReportChartData): EChartsOption {
  return {
    title: title(`${c.symbol} liquidity by strike`, 'open interest: calls up, puts down'),
    grid: { ...GRID, right: 64, top: 72 },
    legend: { top: 40, right: 16 },
    xAxis: { type: 'category', data: c.liquidity.map((l) => String(l.strike)) },
    yAxis: [
      {
        type: 'value',
        axisLabel: countAxisLabel(
          c.liquidity.flatMap((l) => [l.callOpenInterest, -l.putOpenInterest]),
        ),
      },
      {
        // Spreads are quoted in whole cents: ticks a cent or more apart, labelled to the cent,
        // never print the same label twice.
        type: 'value',
        minInterval: 0.01,
        axisLabel: { formatter: (v: number) => `$${v.toFixed(2)}` },
        splitLine: { show: false },
      },
    ],
    series: [
      {
        type: 'bar',
        name: 'call OI',
        stack: 'oi',
        data: c.liquidity.map((l) => l.callOpenInterest),
        itemStyle: { color: GREEN },
      },
      {
        type: 'bar',
        name: 'put OI',
        stack: 'oi',
        data: c.liquidity.map((l) => -l.putOpenInterest),
        itemStyle: { color: RED },
      },
      {
        type: 'line',
        name: 'bid-ask spread (nearest expiry)',
        yAxisIndex: 1,
        showSymbol: false,
        connectNulls: true,
        data: c.liquidity.map((l) => l.spread),
        itemStyle: { color: '#bf8700' },
      },
    ],
  };
}

export function equityCurveOption(r: Report): EChartsOption {
  const pts = r.equityCurve;
  return {
    title: title('Equity', `start ${compactUsd(r.risk.startEquity)}`),
    grid: GRID,
    xAxis: { type: 'category', data: pts.map((p) => nyClock(p.at)), boundaryGap: false },
    yAxis: {
      type: 'value',
      scale: true,
      // Whole dollars: a flat day's curve must not get ticks a fraction of a cent apart.
      minInterval: 1,
      axisLabel: { formatter: (v: number) => usd(v).replace(/\.00$/, '') },
    },
    series: [
      {
        type: 'line',
        showSymbol: false,
        data: pts.map((p) => Math.round(p.equity * 100) / 100),
        areaStyle: { opacity: 0.08 },
        lineStyle: { width: 2 },
      },
    ],
  };
}

/** Basic: the shape of dealer gamma by rounded strike, no dollar axis and no exact level. */
export function gexShapeOption(shape: NonNullable<BasicReportView['gexShape']>): EChartsOption {
  return {
    title: title(`${shape.symbol} dealer gamma, by strike zone`, 'relative size'),
    grid: { ...GRID, left: 40 },
    xAxis: { type: 'category', data: shape.buckets.map((b) => `~${b.around}`) },
    yAxis: { type: 'value', axisLabel: { show: false }, splitLine: { show: false } },
    series: [
      {
        type: 'bar',
        data: shape.buckets.map((b) => ({
          value: b.relative,
          itemStyle: { color: b.relative >= 0 ? GREEN : RED },
        })),
      },
    ],
  };
}

/** The chart options a tier's view gets, by name. */
export function chartOptionsFor(
  view: ReportView,
): { name: ReportChartName; option: EChartsOption }[] {
  if (view.tier === 'free') return [];
  if (view.tier === 'basic')
    return view.gexShape ? [{ name: 'gex-shape', option: gexShapeOption(view.gexShape) }] : [];
  const out: { name: ReportChartName; option: EChartsOption }[] = [];
  const c = view.chartData;
  if (c) {
    out.push({ name: 'gex-by-strike', option: gexByStrikeOption(c) });
    out.push({ name: 'greeks-heatmap', option: greeksHeatmapOption(c) });
  }
  out.push({ name: 'pnl-attribution', option: pnlAttributionOption(view) });
  if (c) out.push({ name: 'liquidity', option: liquidityOption(c) });
  out.push({ name: 'equity-curve', option: equityCurveOption(view) });
  return out;
}

export function renderReportCharts(view: ReportView): ReportChart[] {
  return chartOptionsFor(view).map(({ name, option }) => {
    const t = (option.title as { text?: string } | undefined)?.text ?? name;
    return { name, title: t, ...renderChart(option, CHART_SIZE) };
  });
}
