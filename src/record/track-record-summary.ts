/** The track record's figures from its per-tier trades: what the page and the JSON show. */
import { TIERS, type Tier } from '../vocabulary/tier.js';
import type { TierDelays } from './canonical.js';
import type { ChainHead } from './chain-store.js';
import type { TierTrade, TrackRecordTrades } from './track-record.js';

export interface ResultLine {
  trades: number;
  wins: number;
  losses: number;
  /** Closed at the entry (a return that rounds to 0%): neither a win nor a loss. */
  flat: number;
  winRate: number | null;
  totalR: number;
  avgR: number | null;
  pnlPerContract: number;
}

export interface TierLine extends ResultLine {
  tier: Tier;
  delayMs: number;
  /** Average entry paid above Premium's on the same trades, dollars per contract. */
  entryCostVsPremium: number | null;
  missed: number;
  pricedFromQuotes: number;
  pricedFromFills: number;
  deliveredPerLedger: number;
}

export interface TrackRecordSummary {
  generatedAt: string;
  chain: { entries: number; head: string; headAt: string | null };
  signals: { published: number; closed: number; open: number; unfilled: number };
  tiers: TierLine[];
  strategies: (ResultLine & { strategy: string; tier: Tier })[];
  /** What receiving a signal first was worth against each later tier, over the same trades. */
  headStart: {
    versus: Tier;
    trades: number;
    rPerTrade: number | null;
    dollarsPerContract: number | null;
  }[];
  /** Cumulative R by strategy at Premium timing, in close order (the chart). */
  cumulativeR: { strategy: string; points: { at: string; r: number; signalId: string }[] }[];
  trades: (Omit<TierTrade, 'deliveredAt' | 'exitAt'> & { deliveredAt: string; exitAt: string })[];
  method: string[];
}

const round = (n: number, d = 3): number => Math.round(n * 10 ** d) / 10 ** d;

function line(trades: TierTrade[]): ResultLine {
  const wins = trades.filter((t) => t.result === 'won').length;
  const losses = trades.filter((t) => t.result === 'lost').length;
  const totalR = trades.reduce((a, t) => a + t.r, 0);
  return {
    trades: trades.length,
    wins,
    losses,
    flat: trades.length - wins - losses,
    winRate: trades.length ? round(wins / trades.length) : null,
    totalR: round(totalR),
    avgR: trades.length ? round(totalR / trades.length) : null,
    pnlPerContract: round(
      trades.reduce((a, t) => a + t.pnlPerContract, 0),
      2,
    ),
  };
}

const iso = (ms: number): string => new Date(ms).toISOString();

export const METHOD = [
  'Every published signal and every follow-up is hashed into an append-only chain at publish time; results are computed from the chained signals only, losers included.',
  "Each tier is priced at the moment it actually received the signal (the first successful delivery in the ledger; the tier's policy delay when no delivery was sent).",
  'Entries are taken at the ask (the bid for legs sold) of the option quotes recorded at that moment; when no quote was recorded the paper entry fill (at the ask) is used and the count is shown.',
  'Exits are the paper close fills at the bid (the ask for legs bought back): the same exit for every tier.',
  "R = profit per contract / the signal's published risk (entry − stop). A tier that received a signal after it closed could not trade it: counted as missed, not as a result.",
];

export function summarise(
  signalCount: number,
  result: TrackRecordTrades,
  delays: TierDelays,
  head: ChainHead,
  now: number,
): TrackRecordSummary {
  const { trades } = result;
  const premium = new Map(trades.filter((t) => t.tier === 'premium').map((t) => [t.signalId, t]));
  const tiers = TIERS.map((tier): TierLine => {
    const own = trades.filter((t) => t.tier === tier);
    const diffs = own.flatMap((t) => {
      const p = premium.get(t.signalId);
      return p ? [(t.entry - p.entry) * 100] : [];
    });
    return {
      tier,
      delayMs: delays[tier],
      ...line(own),
      entryCostVsPremium: diffs.length
        ? round(diffs.reduce((a, b) => a + b, 0) / diffs.length, 2)
        : null,
      missed: result.missed.filter((m) => m.tier === tier).length,
      pricedFromQuotes: own.filter((t) => t.entryBasis === 'quote').length,
      pricedFromFills: own.filter((t) => t.entryBasis === 'fill').length,
      deliveredPerLedger: own.filter((t) => t.delivery === 'sent').length,
    };
  });
  const strategies = [...new Set(trades.map((t) => t.strategy))].sort().flatMap((strategy) =>
    TIERS.map((tier) => ({
      strategy,
      tier,
      ...line(trades.filter((t) => t.strategy === strategy && t.tier === tier)),
    })),
  );
  const headStart = (['basic', 'free'] as const).map((versus) => {
    const later = trades.filter((t) => t.tier === versus && premium.has(t.signalId));
    const missedLater = result.missed.filter((m) => m.tier === versus && premium.has(m.signalId));
    // A trade the later tier missed is worth the whole Premium result.
    const rDiff =
      later.reduce((a, t) => a + premium.get(t.signalId)!.r - t.r, 0) +
      missedLater.reduce((a, m) => a + premium.get(m.signalId)!.r, 0);
    const dollars =
      later.reduce((a, t) => a + premium.get(t.signalId)!.pnlPerContract - t.pnlPerContract, 0) +
      missedLater.reduce((a, m) => a + premium.get(m.signalId)!.pnlPerContract, 0);
    const n = later.length + missedLater.length;
    return {
      versus,
      trades: n,
      rPerTrade: n ? round(rDiff / n) : null,
      dollarsPerContract: n ? round(dollars / n, 2) : null,
    };
  });
  const premiumTrades = [...premium.values()].sort((a, b) => a.exitAt - b.exitAt);
  const cumulativeR = [...new Set(premiumTrades.map((t) => t.strategy))].sort().map((strategy) => {
    let r = 0;
    return {
      strategy,
      points: premiumTrades
        .filter((t) => t.strategy === strategy)
        .map((t) => ({ at: iso(t.exitAt), r: round((r += t.r)), signalId: t.signalId })),
    };
  });
  return {
    generatedAt: iso(now),
    chain: { entries: head.seq, head: head.hash, headAt: head.at === null ? null : iso(head.at) },
    signals: {
      published: signalCount,
      closed: premium.size + result.missed.filter((m) => m.tier === 'premium').length,
      open: result.open.length,
      unfilled: result.unfilled.length,
    },
    tiers,
    strategies,
    headStart,
    cumulativeR,
    trades: trades.map((t) => ({
      ...t,
      entry: round(t.entry, 4),
      exit: round(t.exit, 4),
      r: round(t.r),
      pnlPerContract: round(t.pnlPerContract, 2),
      deliveredAt: iso(t.deliveredAt),
      exitAt: iso(t.exitAt),
    })),
    method: METHOD,
  };
}
