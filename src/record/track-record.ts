/**
 * Results of the chained signals from the paper fills, losers included, per strategy and per
 * tier, each tier priced at the moment it actually received the signal: the entry is the ask
 * (the bid for legs sold) of the recorded quotes at that tier's first delivery; the exit is the
 * paper close fills' quote side (bid for sells, ask for buys). The same exit for every tier, so
 * the difference between tiers is the price of waiting — what the Premium head start is worth.
 */
import { tradeResult, type TradeResult } from '../signals/trade-result.js';
import { TIERS, type Tier } from '../vocabulary/tier.js';
import { CONTRACT_MULTIPLIER } from '../vocabulary/units.js';
import type { EntryPayload, TierDelays } from './canonical.js';
import type { LegQuote, PaperFill, TierDeliveryTimes } from './record-ports.js';

export interface ChainedLeg {
  occSymbol: string;
  side: 'buy' | 'sell';
  quantity: number;
}

/** A published entry of the chain, read back as the results need it. */
export interface ChainedSignal {
  signalId: string;
  strategy: string;
  symbol: string;
  publishedAt: number;
  legs: ChainedLeg[];
  entry: number;
  stop: number;
  delays: TierDelays;
}

/** How a tier's entry was priced: the recorded quotes at its delivery, or (no quotes) the paper fill. */
export type EntryBasis = 'quote' | 'fill';

export interface TierTrade {
  signalId: string;
  strategy: string;
  tier: Tier;
  deliveredAt: number;
  /** Delivered per the ledger, or (no sent delivery found) at the policy delay. */
  delivery: 'sent' | 'policy';
  entry: number;
  entryBasis: EntryBasis;
  exit: number;
  exitAt: number;
  r: number;
  pnlPerContract: number;
  win: boolean;
  /** Won, lost or closed flat, by the rule every reader-facing text uses (a return that rounds to 0% is flat). */
  result: TradeResult;
}

export interface TierMissed {
  signalId: string;
  tier: Tier;
  reason: string;
}

export interface TrackRecordInput {
  signals: ChainedSignal[];
  fills: PaperFill[];
  deliveries: Map<string, TierDeliveryTimes>;
  quotesAt: (signal: ChainedSignal, at: number) => Promise<Map<string, LegQuote>>;
}

export interface TrackRecordTrades {
  trades: TierTrade[];
  missed: TierMissed[];
  open: string[];
  unfilled: string[];
}

export function chainedSignal(p: EntryPayload): ChainedSignal {
  const legs = p.legs as unknown as { occSymbol: string; side: 'buy' | 'sell'; quantity: number }[];
  return {
    signalId: p.signalId,
    strategy: String(p.strategy),
    symbol: String(p.symbol),
    publishedAt: p.at,
    legs: legs.map((l) => ({ occSymbol: l.occSymbol, side: l.side, quantity: l.quantity })),
    entry: Number(p.entry),
    stop: Number(p.stop),
    delays: p.tierDelaysMs as unknown as TierDelays,
  };
}

/** Net per-contract value of fills on the quote side they stood on (debit positive for opens). */
function netOfFills(fills: PaperFill[], primaryQty: number, sign: 1 | -1): number {
  const sum = fills.reduce(
    (acc, f) => acc + (f.side === 'buy' ? sign : -sign) * f.referencePrice * f.quantity,
    0,
  );
  return sum / primaryQty;
}

/** Net debit of the legs at the quotes: ask for legs bought, bid for legs sold. */
function netAtQuotes(s: ChainedSignal, quotes: Map<string, LegQuote>): number | null {
  const base = s.legs[0]?.quantity || 1;
  let net = 0;
  for (const leg of s.legs) {
    const q = quotes.get(leg.occSymbol);
    if (!q) return null;
    net += ((leg.side === 'buy' ? q.ask : -q.bid) * leg.quantity) / base;
  }
  return net;
}

export async function tierTrades(input: TrackRecordInput): Promise<TrackRecordTrades> {
  const bySignal = new Map<string, PaperFill[]>();
  for (const f of input.fills) bySignal.set(f.signalId, [...(bySignal.get(f.signalId) ?? []), f]);
  const out: TrackRecordTrades = { trades: [], missed: [], open: [], unfilled: [] };
  for (const s of input.signals) {
    const fills = bySignal.get(s.signalId) ?? [];
    const opens = fills.filter((f) => f.role === 'open');
    const closes = fills.filter((f) => f.role === 'close');
    if (!opens.length) {
      out.unfilled.push(s.signalId);
      continue;
    }
    if (!closes.length) {
      out.open.push(s.signalId);
      continue;
    }
    const primary = s.legs[0]?.occSymbol;
    const primaryQty =
      opens.filter((f) => f.occSymbol === primary).reduce((a, f) => a + f.quantity, 0) || 1;
    const exit = netOfFills(closes, primaryQty, -1);
    const exitAt = Math.max(...closes.map((f) => f.at));
    const fillEntry = netOfFills(opens, primaryQty, 1);
    const risk = Math.max(Math.abs(s.entry - s.stop), 0.01);
    const sent = input.deliveries.get(s.signalId) ?? {};
    for (const tier of TIERS) {
      const deliveredAt = sent[tier] ?? s.publishedAt + s.delays[tier];
      if (deliveredAt >= exitAt) {
        out.missed.push({
          signalId: s.signalId,
          tier,
          reason: 'closed before this tier received it',
        });
        continue;
      }
      const quoted = netAtQuotes(s, await input.quotesAt(s, deliveredAt));
      const entry = quoted ?? fillEntry;
      const pnl = exit - entry;
      // A credit entry is negative: the return is measured on the premium's size either way.
      const result = tradeResult(entry === 0 ? Math.sign(pnl) : pnl / Math.abs(entry));
      out.trades.push({
        signalId: s.signalId,
        strategy: s.strategy,
        tier,
        deliveredAt,
        delivery: sent[tier] !== undefined ? 'sent' : 'policy',
        entry,
        entryBasis: quoted === null ? 'fill' : 'quote',
        exit,
        exitAt,
        r: pnl / risk,
        pnlPerContract: pnl * CONTRACT_MULTIPLIER,
        win: result === 'won',
        result,
      });
    }
  }
  return out;
}
