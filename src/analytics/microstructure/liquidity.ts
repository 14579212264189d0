/**
 * Liquidity score 0–100 and grade A–F from the quoted spread and the depth behind it.
 *
 * spread score: 100 at a relative spread (ask − bid)/mid ≤ 1 %, 0 at ≥ 30 %, linear in log(spread)
 *   between (option spreads span two orders of magnitude, so equal ratios count equally).
 * depth score: 100 at ≥ 5,000 contracts (or shares/100 for a stock book), 0 at ≤ 10, linear in
 *   log(depth) between.
 * score = 0.6 × spread score + 0.4 × depth score (cost of crossing first, capacity second).
 *
 * | grade | score    | meaning                                   |
 * |-------|----------|-------------------------------------------|
 * | A     | ≥ 80     | tight and deep: size trades at the quote   |
 * | B     | 65 – 80  | good: small slippage                       |
 * | C     | 50 – 65  | fair: work orders, use limits              |
 * | D     | 35 – 50  | poor: expect to pay through the spread     |
 * | F     | < 35     | untradeable for signals                    |
 */
import type { LiquidityGrade } from '../analytics-snapshot.js';

export interface LiquidityTable {
  bestSpread: number;
  worstSpread: number;
  bestDepth: number;
  worstDepth: number;
  spreadWeight: number;
  /** Lower score bounds of A, B, C, D (below D is F). */
  gradeBounds: { A: number; B: number; C: number; D: number };
}

export const DEFAULT_LIQUIDITY_TABLE: LiquidityTable = {
  bestSpread: 0.01,
  worstSpread: 0.3,
  bestDepth: 5_000,
  worstDepth: 10,
  spreadWeight: 0.6,
  gradeBounds: { A: 80, B: 65, C: 50, D: 35 },
};

function logScale(value: number, best: number, worst: number): number {
  // best and worst may be in either order (small spread is good; large depth is good).
  const lv = Math.log(value);
  const lb = Math.log(best);
  const lw = Math.log(worst);
  const s = ((lv - lw) / (lb - lw)) * 100;
  return Math.min(100, Math.max(0, s));
}

export function gradeFromScore(score: number, table = DEFAULT_LIQUIDITY_TABLE): LiquidityGrade {
  const g = table.gradeBounds;
  if (score >= g.A) return 'A';
  if (score >= g.B) return 'B';
  if (score >= g.C) return 'C';
  if (score >= g.D) return 'D';
  return 'F';
}

export function liquidityScore(
  input: { relativeSpread: number; depth: number },
  table = DEFAULT_LIQUIDITY_TABLE,
): { score: number; grade: LiquidityGrade; spreadScore: number; depthScore: number } {
  const spreadScore =
    input.relativeSpread > 0 && Number.isFinite(input.relativeSpread)
      ? logScale(input.relativeSpread, table.bestSpread, table.worstSpread)
      : input.relativeSpread === 0
        ? 100
        : 0;
  const depthScore =
    input.depth > 0 && Number.isFinite(input.depth)
      ? logScale(input.depth, table.bestDepth, table.worstDepth)
      : 0;
  const score = table.spreadWeight * spreadScore + (1 - table.spreadWeight) * depthScore;
  return { score, grade: gradeFromScore(score, table), spreadScore, depthScore };
}

/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
