/**
 * The levels document a tier may have: Premium the exact `gammadesk.levels/v1`; Basic the same
 * schema with its report's coarse levels (flip, walls and max pain to the nearest listed strike,
 * the expected move to half a percent, no ATM IV, IV rank and net GEX rounded); Free none.
 */
import { roundStrike } from '../signals/tier-headlines.js';
import type { Tier } from '../vocabulary/tier.js';
import { levelsDocument, type LevelsDocumentV1 } from './levels-export.js';
import type { Report, SymbolLevels } from './report.js';

const around = (x: number | null): number | null => (x === null ? null : roundStrike(x));
const sig2 = (x: number): number => (x === 0 ? 0 : Number(x.toPrecision(2)));

function basicLevels(l: SymbolLevels): SymbolLevels {
  const pct = l.expectedMove ? Math.round(l.expectedMove.pct * 200) / 200 : null;
  return {
    ...l,
    flip: around(l.flip),
    callWall: around(l.callWall),
    putWall: around(l.putWall),
    maxPain: around(l.maxPain),
    expectedMove:
      l.expectedMove && pct !== null
        ? {
            expiry: l.expectedMove.expiry,
            pct,
            dollars: Math.round(l.spot * pct * 2) / 2,
          }
        : null,
    ivRank: l.ivRank === null ? null : Math.round(l.ivRank / 5) * 5,
    atmIv: null,
    regime: { label: l.regime.label, confidence: Math.round(l.regime.confidence * 10) / 10 },
    netGex: sig2(l.netGex),
  };
}

export function levelsForTier(tier: Tier, report: Report): LevelsDocumentV1 | null {
  if (tier === 'premium') return levelsDocument(report);
  if (tier === 'basic')
    return levelsDocument({ ...report, levels: report.levels.map(basicLevels) });
  return null;
}

/** One line per symbol of a levels document's TradingView strings. */
export function tradingViewOf(doc: LevelsDocumentV1 | null): string {
  if (!doc) return '';
  return Object.entries(doc.symbols)
    .map(([symbol, l]) => `${symbol}: ${l.tradingView}`)
    .join('\n');
}
