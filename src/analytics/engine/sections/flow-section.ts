/**
 * The snapshot's options flow from the tape: the day's block trades and net premium (aggressor
 * side from the feed, else from the trade price against the quote's mid), and today's options
 * volume against its 30-day average.
 */
import type { OptionContract } from '../../../market-data/chain-snapshot.js';
import { CONTRACT_MULTIPLIER } from '../../../vocabulary/units.js';
import type { AnalyticsSnapshot } from '../../analytics-snapshot.js';
import type { OptionTrade } from '../engine-types.js';
import type { SymbolState } from '../symbol-state.js';

export interface FlowInputs {
  /** YYYY-MM-DD, New York: the flow counts restart each day. */
  date: string;
  tape: OptionTrade[] | undefined;
  /** The chain's contracts, whose quotes classify trades without a side. */
  quotes: readonly OptionContract[];
  optionsVolume: number;
  blockTradeContracts: number;
}

export function flowSection(s: SymbolState, f: FlowInputs): AnalyticsSnapshot['flow'] {
  const { date, tape } = f;
  if (s.flow && s.flow.date !== date) s.flow = null;
  if (tape && tape.length > 0) {
    s.flow ??= { date, blockTrades: 0, netPremium: 0 };
    for (const t of tape) {
      if (!(t.size > 0) || !(t.price >= 0)) continue;
      if (t.block ?? t.size >= f.blockTradeContracts) s.flow.blockTrades += 1;
      let sign = t.side === 'buy' ? 1 : t.side === 'sell' ? -1 : 0;
      if (t.side && t.side !== 'unknown') {
        s.flow.netPremium += sign * t.price * t.size * CONTRACT_MULTIPLIER;
        continue;
      }
      const q = s.contracts.find(f.quotes, t.occSymbol);
      if (q && q.bid > 0 && q.ask >= q.bid) {
        const mid = (q.bid + q.ask) / 2;
        sign = t.price > mid ? 1 : t.price < mid ? -1 : 0;
      }
      s.flow.netPremium += sign * t.price * t.size * CONTRACT_MULTIPLIER;
    }
  }
  if (!s.flow) return null;
  const vols = s.history
    .filter((d) => d.date < date && d.optionsVolume !== null)
    .slice(-30)
    .map((d) => d.optionsVolume as number);
  return {
    optionsVolume: f.optionsVolume,
    avgOptionsVolume30d: vols.length >= 5 ? vols.reduce((a, b) => a + b, 0) / vols.length : null,
    blockTrades: s.flow.blockTrades,
    netPremium: s.flow.netPremium,
  };
}
