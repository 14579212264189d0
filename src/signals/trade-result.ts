/**
 * How a closed trade ended, in the one rule every reader-facing text uses: a return that rounds to
 * 0% (a trade closed at or within a whisker of its entry) is "flat", neither a winner nor a loser.
 * Follow-ups ("closed flat"), digests and reports all classify with this, so a subscriber never
 * reads "closed flat" in one message and "lost (0%)" in the next.
 */
export type TradeResult = 'won' | 'lost' | 'flat';

/** The return in whole percent, as readers see it (−0 reads as 0). */
export function wholePercent(returnPct: number): number {
  const pct = Math.round(returnPct * 100);
  return pct === 0 ? 0 : pct;
}

export function tradeResult(returnPct: number): TradeResult {
  const pct = wholePercent(returnPct);
  return pct > 0 ? 'won' : pct < 0 ? 'lost' : 'flat';
}

/** Counts of a set of closed trades by result. */
export function countResults(returnPcts: readonly number[]): Record<TradeResult, number> {
  const out: Record<TradeResult, number> = { won: 0, lost: 0, flat: 0 };
  for (const r of returnPcts) out[tradeResult(r)]++;
  return out;
}
