/**
 * A server-rendered chart for a web page: the SVG as a data: URI for an <img>, so the page's CSP
 * (no inline styles) holds whatever the SVG carries inside (ECharts writes style attributes).
 */
import { renderChartSvg, type EChartsOption } from './chart-renderer.js';

export interface ChartImage {
  src: string;
  alt: string;
  width: number;
  height: number;
}

export function chartImage(
  option: EChartsOption,
  alt: string,
  size = { width: 640, height: 280 },
): ChartImage {
  const svg = renderChartSvg(option, size);
  return {
    src: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
    alt,
    ...size,
  };
}

const escAttr = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The chart as an <img> tag (for pages written as strings rather than templates). */
export function chartImageTag(
  option: EChartsOption,
  alt: string,
  size = { width: 640, height: 280 },
): string {
  const img = chartImage(option, alt, size);
  return `<img src="${img.src}" alt="${escAttr(img.alt)}" width="${img.width}" height="${img.height}">`;
}
