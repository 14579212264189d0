/**
 * Chart inputs for the report's lead symbol, from its analytics snapshot: GEX by strike near spot,
 * net dealer GEX per strike × expiry (the Greeks heatmap), and open interest, volume and quoted
 * spread per strike (liquidity). Only strikes within a band around spot, so charts stay readable.
 */
import type { AnalyticsSnapshot, ContractAnalytics } from '../analytics/analytics-snapshot.js';
import { CONTRACT_MULTIPLIER } from '../vocabulary/units.js';
import type { ReportChartData } from './report.js';

const BAND = 0.06;
const MAX_EXPIRIES = 6;
const MAX_STRIKES = 41;

/** The symbol the charts follow: SPY when covered, else the first in order. */
export function leadSymbol(symbols: readonly string[]): string | null {
  if (symbols.includes('SPY')) return 'SPY';
  return [...symbols].sort()[0] ?? null;
}

function nearSpot(strikes: number[], spot: number): number[] {
  const inBand = strikes.filter((k) => Math.abs(k / spot - 1) <= BAND).sort((a, b) => a - b);
  if (inBand.length <= MAX_STRIKES) return inBand;
  // Keep the strikes closest to spot, still in order.
  const keep = new Set(
    [...inBand].sort((a, b) => Math.abs(a - spot) - Math.abs(b - spot)).slice(0, MAX_STRIKES),
  );
  return inBand.filter((k) => keep.has(k));
}

function contractGex(c: ContractAnalytics, spot: number): number {
  if (c.gamma === null) return 0;
  const sign = c.right === 'call' ? 1 : -1;
  return sign * c.gamma * c.openInterest * CONTRACT_MULTIPLIER * spot * spot * 0.01;
}

export function chartDataOf(s: AnalyticsSnapshot): ReportChartData {
  const strikes = nearSpot(
    s.gex.byStrike.map((b) => b.strike),
    s.spot,
  );
  const wanted = new Set(strikes);
  const expiries = [...new Set(s.contracts.map((c) => c.expiry))].sort().slice(0, MAX_EXPIRIES);
  const cells = strikes.map(() => expiries.map(() => 0));
  const liq = new Map(
    strikes.map((k) => [
      k,
      { callOpenInterest: 0, putOpenInterest: 0, volume: 0, spread: null as number | null },
    ]),
  );
  for (const c of s.contracts) {
    if (!wanted.has(c.strike)) continue;
    const i = strikes.indexOf(c.strike);
    const j = expiries.indexOf(c.expiry);
    if (j >= 0) cells[i][j] += contractGex(c, s.spot);
    const l = liq.get(c.strike);
    if (!l) continue;
    if (c.right === 'call') l.callOpenInterest += c.openInterest;
    else l.putOpenInterest += c.openInterest;
    l.volume += c.volume;
    const otm = c.right === 'call' ? c.strike >= s.spot : c.strike < s.spot;
    if (j === 0 && otm && c.ask > c.bid) l.spread = Math.round((c.ask - c.bid) * 100) / 100;
  }
  return {
    symbol: s.symbol,
    spot: s.spot,
    flip: s.gex.flip,
    callWall: s.gex.callWalls[0] ?? null,
    putWall: s.gex.putWalls[0] ?? null,
    gexByStrike: s.gex.byStrike
      .filter((b) => wanted.has(b.strike))
      .sort((a, b) => a.strike - b.strike)
      .map((b) => ({ strike: b.strike, call: b.call, put: b.put, net: b.net })),
    gammaGrid: { strikes, expiries, cells },
    liquidity: strikes.map((k) => {
      const l = liq.get(k)!;
      return {
        strike: k,
        callOpenInterest: l.callOpenInterest,
        putOpenInterest: l.putOpenInterest,
        volume: l.volume,
        spread: l.spread,
      };
    }),
  };
}
