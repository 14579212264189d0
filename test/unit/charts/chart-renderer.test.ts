import { describe, expect, it } from 'vitest';
import { renderChart, renderChartSvg, svgToPng } from '../../../src/charts/chart-renderer.js';

const bars = {
  title: { text: 'GEX by strike' },
  xAxis: { type: 'category' as const, data: ['540', '545', '550'] },
  yAxis: { type: 'value' as const },
  series: [{ type: 'bar' as const, data: [-1.5, 0.4, 2.25] }],
};

/** Width and height of a PNG from its IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('chart renderer', () => {
  it('renders an ECharts option to SVG with its title, labels and one bar per value', () => {
    const svg = renderChartSvg(bars, { width: 600, height: 300 });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('width="600"');
    expect(svg).toContain('GEX by strike');
    expect(svg).toContain('545');
    // Each bar is a path element of the series' fill colour.
    expect(svg.match(/<path[^>]*fill="#1f6feb"/g)?.length).toBe(3);
  });

  it('rasterises the SVG to a PNG of the requested width and the chart aspect ratio', () => {
    const { svg, png } = renderChart(bars, { width: 800, height: 400 });
    expect(svg.length).toBeGreaterThan(500);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(pngSize(png)).toEqual({ width: 800, height: 400 });
    expect(pngSize(svgToPng(svg, 400))).toEqual({ width: 400, height: 200 });
  });

  it('refuses sizes outside sane bounds instead of allocating a huge image', () => {
    expect(() => renderChartSvg(bars, { width: 10, height: 300 })).toThrow(/width/);
    expect(() => renderChartSvg(bars, { width: 600, height: 1e6 })).toThrow(/height/);
    expect(() => svgToPng('<svg/>', 0)).toThrow(/width/);
  });
});
