/**
 * Machine-readable levels beside every report, so nobody retypes them.
 *
 * JSON, schema `gammadesk.levels/v1`: `{ schema, reportId, type, date, generatedAt, symbols: {
 * SYMBOL: { asOf, spot, gammaFlip, callWall, putWall, maxPain, maxPainExpiry, expectedMove,
 * ivRank, atmIv, regime, netGex, tradingView } } }` — times ISO-8601 UTC, prices in dollars,
 * `expectedMove.pct` and `atmIv` as decimals, a level the data cannot support is null. A new field
 * may be added within v1; a renamed or removed one makes v2.
 *
 * TradingView: per symbol one comma-separated `price,label` list
 * (`545.86,Gamma flip,550,Call wall,540,Put wall,545,Max pain`), the form the common
 * "paste levels" indicators import: pairs in order, prices with a dot for decimals, labels
 * without commas. The text file puts each list on its own line after `SYMBOL: `.
 */
import { isoOf } from './iso.js';
import type { Report, SymbolLevels } from './report.js';

export const LEVELS_SCHEMA = 'gammadesk.levels/v1';

export interface SymbolLevelsV1 {
  asOf: string;
  spot: number;
  gammaFlip: number | null;
  callWall: number | null;
  putWall: number | null;
  maxPain: number | null;
  maxPainExpiry: string | null;
  expectedMove: { expiry: string; dollars: number; pct: number } | null;
  ivRank: number | null;
  atmIv: number | null;
  regime: { label: string; confidence: number };
  netGex: number;
  tradingView: string;
}

export interface LevelsDocumentV1 {
  schema: typeof LEVELS_SCHEMA;
  reportId: string;
  type: Report['type'];
  date: string;
  generatedAt: string;
  symbols: Record<string, SymbolLevelsV1>;
}

const tvPrice = (x: number): string => String(Math.round(x * 100) / 100);

/** `545.86,Gamma flip,550,Call wall,540,Put wall,545,Max pain` (missing levels left out). */
export function tradingViewLevels(l: SymbolLevels): string {
  const pairs: [number | null, string][] = [
    [l.flip, 'Gamma flip'],
    [l.callWall, 'Call wall'],
    [l.putWall, 'Put wall'],
    [l.maxPain, 'Max pain'],
  ];
  if (l.expectedMove) {
    pairs.push([l.spot + l.expectedMove.dollars, 'Expected move high']);
    pairs.push([l.spot - l.expectedMove.dollars, 'Expected move low']);
  }
  return pairs
    .filter((p): p is [number, string] => p[0] !== null && Number.isFinite(p[0]))
    .map(([price, label]) => `${tvPrice(price)},${label}`)
    .join(',');
}

export function levelsDocument(r: Report): LevelsDocumentV1 {
  const symbols: Record<string, SymbolLevelsV1> = {};
  for (const l of r.levels) {
    symbols[l.symbol] = {
      asOf: isoOf(l.asOf),
      spot: l.spot,
      gammaFlip: l.flip,
      callWall: l.callWall,
      putWall: l.putWall,
      maxPain: l.maxPain,
      maxPainExpiry: l.maxPainExpiry,
      expectedMove: l.expectedMove,
      ivRank: l.ivRank,
      atmIv: l.atmIv,
      regime: l.regime,
      netGex: l.netGex,
      tradingView: tradingViewLevels(l),
    };
  }
  return {
    schema: LEVELS_SCHEMA,
    reportId: r.id,
    type: r.type,
    date: r.date,
    generatedAt: isoOf(r.generatedAt),
    symbols,
  };
}

/** One line per symbol: `SPY: 545.86,Gamma flip,550,Call wall,…`. */
export function tradingViewText(r: Report): string {
  return r.levels.map((l) => `${l.symbol}: ${tradingViewLevels(l)}`).join('\n') + '\n';
}
