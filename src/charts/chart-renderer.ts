/**
 * Server-side charts: an ECharts option rendered to SVG without a browser (ECharts' SSR SVG
 * renderer), and the SVG rasterised to PNG (resvg) for channels that need an image (Telegram
 * photos, Discord attachments, email inline images). One renderer for reports, the track record,
 * the admin dashboard and the backtest report, so every chart looks the same.
 */
import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import type { EChartsOption } from 'echarts';

export type { EChartsOption } from 'echarts';

export interface ChartSize {
  width: number;
  height: number;
}

/** GammaDesk's chart palette and type: readable on white, in email and in chat previews. */
export const CHART_THEME: EChartsOption = {
  color: ['#1f6feb', '#d73a49', '#2da44e', '#bf8700', '#8250df', '#57606a', '#0a7ea4', '#cf222e'],
  textStyle: { fontFamily: 'DejaVu Sans, Helvetica, Arial, sans-serif', color: '#1f2328' },
  backgroundColor: '#ffffff',
};

const MAX_SIDE = 4000;

/** The chart face's files when installed (Debian's fonts-dejavu): loading two files beats scanning every system font on each render. */
const DEJAVU = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map(
  (f) => `/usr/share/fonts/truetype/dejavu/${f}`,
);
const FONT_OPTIONS = DEJAVU.every((f) => existsSync(f))
  ? { loadSystemFonts: false, fontFiles: DEJAVU, defaultFontFamily: 'DejaVu Sans' }
  : { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' };

function checkSize({ width, height }: ChartSize): void {
  for (const [name, v] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(v) || v < 50 || v > MAX_SIDE)
      throw new RangeError(`chart ${name} must be an integer in 50..${MAX_SIDE}, got ${v}`);
  }
}

/** Renders an ECharts option to a standalone SVG document (no animation, theme applied). */
export function renderChartSvg(option: EChartsOption, size: ChartSize): string {
  checkSize(size);
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: size.width,
    height: size.height,
  });
  try {
    chart.setOption({ ...CHART_THEME, animation: false, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** Rasterises an SVG to PNG at the given pixel width (height follows the aspect ratio). */
export function svgToPng(svg: string, width: number): Buffer {
  if (!Number.isInteger(width) || width < 50 || width > MAX_SIDE)
    throw new RangeError(`PNG width must be an integer in 50..${MAX_SIDE}, got ${width}`);
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    font: FONT_OPTIONS,
    background: '#ffffff',
  });
  return resvg.render().asPng();
}

/** Both forms of one chart. */
export function renderChart(option: EChartsOption, size: ChartSize): { svg: string; png: Buffer } {
  const svg = renderChartSvg(option, size);
  return { svg, png: svgToPng(svg, size.width) };
}
