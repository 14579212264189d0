/**
 * The levels table's first eight columns as the report's text part and its emails show them:
 * Premium's exact levels, Basic's rounded ones ("~598"). The last column, the tape's regime, is
 * worded per format by each renderer.
 */
import type { BasicReportView, PremiumReportView } from '../tier-views.js';
import { level, pct } from '../report-words.js';

export const LEVEL_HEADINGS = [
  'Symbol',
  'Spot',
  'Flip',
  'Call wall',
  'Put wall',
  'Max pain',
  'Exp. move',
  'IV rank',
] as const;

export function premiumLevelValues(l: PremiumReportView['levels'][number]): string[] {
  return [
    l.symbol,
    level(l.spot),
    level(l.flip),
    level(l.callWall),
    level(l.putWall),
    level(l.maxPain),
    l.expectedMove ? `±${pct(l.expectedMove.pct)}` : '—',
    l.ivRank === null ? '—' : String(Math.round(l.ivRank)),
  ];
}

const around = (x: number | null): string => (x === null ? '—' : `~${x}`);

export function basicLevelValues(l: BasicReportView['levels'][number]): string[] {
  return [
    l.symbol,
    l.spot.toFixed(2),
    around(l.flipAround),
    around(l.callWallAround),
    around(l.putWallAround),
    around(l.maxPainAround),
    l.expectedMovePct === null ? '—' : `±${l.expectedMovePct}%`,
    l.ivRank ?? '—',
  ];
}
