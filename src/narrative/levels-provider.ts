import type { AnalyticsSnapshot } from '../analytics/analytics-snapshot.js';
import type { LevelsProvider } from '../subscribers/insight-ports.js';

/** /levels SYMBOL (Premium): today's dealer-gamma levels from the latest analytics snapshot. */
export class AnalyticsLevelsProvider implements LevelsProvider {
  constructor(private readonly latest: (symbol: string) => Promise<AnalyticsSnapshot | null>) {}

  async levels(symbol: string): Promise<string | null> {
    const a = await this.latest(symbol.toUpperCase());
    if (!a) return null;
    const list = (xs: number[]) => (xs.length ? xs.join(', ') : 'none');
    const lines = [
      `${a.symbol} ${a.spot.toFixed(2)} — net GEX ${billions(a.gex.total)} per 1% move`,
      `Gamma flip: ${a.gex.flip === null ? 'none in ±30%' : a.gex.flip.toFixed(2)}`,
      `Call walls: ${list(a.gex.callWalls)}`,
      `Put walls: ${list(a.gex.putWalls)}`,
    ];
    if (a.maxPainBias) {
      lines.push(
        `Max pain ${a.maxPainBias.expiry}: ${a.maxPainBias.strike} (${a.maxPainBias.bias}, spot ${(a.maxPainBias.distancePct * 100).toFixed(2)}% away)`,
      );
    }
    lines.push(`As of ${new Date(a.asOf).toISOString()}`);
    return lines.join('\n');
  }
}

function billions(v: number): string {
  return `${v < 0 ? '−' : ''}$${(Math.abs(v) / 1e9).toFixed(2)}B`;
}
