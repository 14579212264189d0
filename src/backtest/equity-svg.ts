/** The equity curve as a small standalone SVG (axes, labels, drawdown shading-free line). */
export function equityCurveSvg(
  points: { at: number; equity: number }[],
  title: string,
  width = 800,
  height = 300,
): string {
  const pad = { l: 70, r: 20, t: 30, b: 40 };
  const w = width - pad.l - pad.r;
  const h = height - pad.t - pad.b;
  const esc = (s: string): string =>
    s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  if (points.length === 0) {
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><text x="20" y="40">${esc(title)}: no data</text></svg>\n`;
  }
  const ys = points.map((p) => p.equity);
  let lo = Math.min(...ys);
  let hi = Math.max(...ys);
  if (hi - lo < 1e-9) {
    lo -= 1;
    hi += 1;
  }
  const x = (i: number): number =>
    pad.l + (points.length === 1 ? w / 2 : (i / (points.length - 1)) * w);
  const y = (v: number): number => pad.t + h - ((v - lo) / (hi - lo)) * h;
  const path = points.map((p, i) => `${x(i).toFixed(1)},${y(p.equity).toFixed(1)}`).join(' ');
  const first = new Date(points[0].at).toISOString().slice(0, 10);
  const last = new Date(points[points.length - 1].at).toISOString().slice(0, 10);
  const start = points[0].equity;
  const ticks = [lo, (lo + hi) / 2, hi]
    .map(
      (v) =>
        `<text x="${pad.l - 6}" y="${y(v) + 4}" text-anchor="end" font-size="11">${Math.round(v).toLocaleString('en-US')}</text><line x1="${pad.l}" x2="${pad.l + w}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/>`,
    )
    .join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${pad.l}" y="18" font-size="14">${esc(title)}</text>`,
    ticks,
    `<line x1="${pad.l}" x2="${pad.l + w}" y1="${y(start)}" y2="${y(start)}" stroke="#999" stroke-dasharray="4 3"/>`,
    `<polyline fill="none" stroke="${ys[ys.length - 1] >= start ? '#1a7f37' : '#cf222e'}" stroke-width="1.5" points="${path}"/>`,
    `<text x="${pad.l}" y="${height - 12}" font-size="11">${first}</text>`,
    `<text x="${pad.l + w}" y="${height - 12}" font-size="11" text-anchor="end">${last}</text>`,
    `</svg>`,
    '',
  ].join('\n');
}
