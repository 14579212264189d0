/**
 * A server-rendered chart (the reports' renderer) for a portal page: the SVG as a data: URI
 * for an <img>, so the page's CSP (no inline styles) holds whatever the SVG carries inside.
 */
import { renderChartSvg, type EChartsOption } from '../../charts/chart-renderer.js';

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
