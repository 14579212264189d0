import { DateTime } from 'luxon';
import type { AnalyticsSnapshot } from '../analytics/analytics-snapshot.js';
import { basicSnapshot } from '../analytics/api/basic-view.js';
import type { LevelsProvider } from '../subscribers/insight-ports.js';
import { NEW_YORK_ZONE } from '../vocabulary/units.js';

/** What /levels prints of a snapshot (kept per symbol for Basic's delayed view). */
type LevelsOf = Pick<AnalyticsSnapshot, 'symbol' | 'asOf' | 'spot' | 'maxPainBias'> & {
  gex: Pick<AnalyticsSnapshot['gex'], 'total' | 'flip' | 'callWalls' | 'putWalls'>;
};

/** How far back Basic's delayed levels can reach, and how many snapshots a symbol keeps. */
const HISTORY_MS = 2 * 3_600_000;
const HISTORY_MAX = 2_000;

/**
 * /levels SYMBOL: today's dealer-gamma levels from the latest analytics snapshot (Premium), and
 * Basic's view — rounded to the coarse grid, as they stood its delay ago — from the snapshots it
 * was shown (`remember`, fed by the analytics service's snapshot events).
 */
export class AnalyticsLevelsProvider implements LevelsProvider {
  private readonly history = new Map<string, LevelsOf[]>();

  constructor(
    private readonly latest: (symbol: string) => Promise<AnalyticsSnapshot | null>,
    private readonly now: () => number = () => 0,
  ) {}

  async levels(symbol: string): Promise<string | null> {
    const a = await this.latest(symbol.toUpperCase());
    return a ? levelsText(a) : null;
  }

  remember(snapshot: AnalyticsSnapshot): void {
    const b = basicSnapshot(snapshot);
    const list = this.history.get(b.symbol) ?? [];
    list.push({
      symbol: b.symbol,
      asOf: b.asOf,
      spot: b.spot,
      maxPainBias: b.maxPainBias,
      gex: {
        total: b.gex.total,
        flip: b.gex.flip,
        callWalls: b.gex.callWalls,
        putWalls: b.gex.putWalls,
      },
    });
    const oldest = b.asOf - HISTORY_MS;
    while (list.length > HISTORY_MAX || (list[0] && list[0].asOf < oldest)) list.shift();
    this.history.set(b.symbol, list);
  }

  async roundedLevels(symbol: string, delayMs: number): Promise<string | null> {
    const list = this.history.get(symbol.toUpperCase()) ?? [];
    const cutoff = this.now() - delayMs;
    const seen = list.filter((s) => s.asOf <= cutoff).at(-1);
    return seen ? levelsText(seen, true) : null;
  }
}

function levelsText(a: LevelsOf, rounded = false): string {
  const list = (xs: number[]) => (xs.length ? xs.join(', ') : 'none');
  const spot = rounded ? `around ${Math.round(a.spot)}` : a.spot.toFixed(2);
  const flip =
    a.gex.flip === null ? 'none in ±30%' : rounded ? String(a.gex.flip) : a.gex.flip.toFixed(2);
  const lines = [
    `${a.symbol} ${spot} — net GEX ${billions(a.gex.total)} per 1% move`,
    `Gamma flip: ${flip}`,
    `Call walls: ${list(a.gex.callWalls)}`,
    `Put walls: ${list(a.gex.putWalls)}`,
  ];
  if (a.maxPainBias) {
    const away = rounded ? '' : `, spot ${(a.maxPainBias.distancePct * 100).toFixed(2)}% away`;
    lines.push(
      `Max pain ${a.maxPainBias.expiry}: ${a.maxPainBias.strike} (${a.maxPainBias.bias}${away})`,
    );
  }
  lines.push(
    `As of ${DateTime.fromMillis(a.asOf, { zone: NEW_YORK_ZONE }).toFormat('HH:mm:ss')} ET`,
  );
  return lines.join('\n');
}

function billions(v: number): string {
  return `${v < 0 ? '−' : ''}$${(Math.abs(v) / 1e9).toFixed(2)}B`;
}
