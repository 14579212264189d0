/**
 * The snapshot's market microstructure: liquidity from the near-the-money quotes (and the book
 * when there is one), order-book imbalance and VPIN of the underlying.
 */
import type { AnalyticsSnapshot, ContractAnalytics } from '../../analytics-snapshot.js';
import { liquidityScore, median } from '../../microstructure/liquidity.js';
import { bookDepth, orderBookImbalance, type OrderBook } from '../../microstructure/order-book.js';
import type { SymbolState } from '../symbol-state.js';
import { feedVpin } from './underlying-feed.js';

export type MicrostructureSection = Pick<
  AnalyticsSnapshot,
  'liquidity' | 'orderBookImbalance' | 'vpin'
>;

export function microstructureSection(
  s: SymbolState,
  contracts: readonly ContractAnalytics[],
  spot: number,
  book: OrderBook | undefined,
): MicrostructureSection {
  feedVpin(s);
  return {
    liquidity: liquidity(contracts, spot, book),
    orderBookImbalance: book ? orderBookImbalance(book, 5) : null,
    vpin: s.vpin.value(),
  };
}

function liquidity(
  contracts: readonly ContractAnalytics[],
  spot: number,
  book: OrderBook | undefined,
): AnalyticsSnapshot['liquidity'] {
  const quoted = contracts.filter((c) => c.bid > 0 && c.ask >= c.bid);
  if (quoted.length === 0) return { grade: 'F', score: 0 };
  let nearestT = Infinity;
  for (const c of quoted) if (c.t < nearestT) nearestT = c.t;
  const front = quoted
    .filter((c) => c.t === nearestT)
    .sort((a, b) => Math.abs(a.strike - spot) - Math.abs(b.strike - spot))
    .slice(0, 20);
  const spread = median(front.map((c) => (c.ask - c.bid) / ((c.ask + c.bid) / 2))) ?? 1;
  const depth = book ? bookDepth(book, 5) / 100 : (median(front.map((c) => c.openInterest)) ?? 0);
  const r = liquidityScore({ relativeSpread: spread, depth });
  return { grade: r.grade, score: r.score };
}
