import { describe, expect, it } from 'vitest';
import { publishedPayload } from '../../../src/record/canonical.js';
import { chainedSignal, tierTrades } from '../../../src/record/track-record.js';
import { summarise } from '../../../src/record/track-record-summary.js';
import type { LegQuote } from '../../../src/record/record-ports.js';
import {
  DAY_DELAYS,
  DAY_DELIVERIES,
  DAY_FILLS,
  DAY_QUOTES,
  DAY_SIGNALS,
  EXPECTED_R,
} from '../../support/record-day.js';

/** The last quote at or before `at`, at most two minutes old, as the quote table answers. */
async function quotesAt(occ: string[], at: number): Promise<Map<string, LegQuote>> {
  const out = new Map<string, LegQuote>();
  for (const q of DAY_QUOTES)
    if (occ.includes(q.occSymbol) && q.at <= at && q.at >= at - 120_000) out.set(q.occSymbol, q);
  return out;
}

async function dayTrades() {
  return tierTrades({
    signals: DAY_SIGNALS.map((s) => chainedSignal(publishedPayload(s, DAY_DELAYS))),
    fills: DAY_FILLS,
    deliveries: DAY_DELIVERIES,
    quotesAt: (s, at) =>
      quotesAt(
        s.legs.map((l) => l.occSymbol),
        at,
      ),
  });
}

describe('results per tier at each tier’s delivery time', () => {
  it('prices each tier at the ask recorded when it received the signal, exits at the bid', async () => {
    const result = await dayTrades();
    for (const [id, byTier] of Object.entries(EXPECTED_R))
      for (const [tier, r] of Object.entries(byTier)) {
        const t = result.trades.find((x) => x.signalId === id && x.tier === tier);
        expect(t?.r, `${id} ${tier}`).toBeCloseTo(r, 6);
      }
    const basic1 = result.trades.find(
      (t) => t.signalId === 'SIG-20260302-001' && t.tier === 'basic',
    )!;
    expect(basic1).toMatchObject({ entry: 2.1, exit: 2.8, entryBasis: 'quote', delivery: 'sent' });
  });

  it('keeps losers, says where no quote or no delivery existed, and counts missed, open and unfilled', async () => {
    const result = await dayTrades();
    const loserFree = result.trades.find(
      (t) => t.signalId === 'SIG-20260302-002' && t.tier === 'free',
    )!;
    expect(loserFree).toMatchObject({ entryBasis: 'fill', delivery: 'policy', win: false });
    expect(result.missed).toEqual([
      { signalId: 'SIG-20260302-003', tier: 'free', reason: 'closed before this tier received it' },
    ]);
    expect(result.open).toEqual(['SIG-20260302-004']);
    expect(result.unfilled).toEqual(['SIG-20260302-005']);
  });

  it('counts a trade closed at its entry as flat, neither a win nor a loss', async () => {
    // Signal 4 closes at its own fill price: Premium, priced from its fill, is exactly flat.
    const flatClose = { ...DAY_FILLS.find((f) => f.signalId === 'SIG-20260302-004')! };
    const trades = await tierTrades({
      signals: DAY_SIGNALS.map((s) => chainedSignal(publishedPayload(s, DAY_DELAYS))),
      fills: [
        ...DAY_FILLS,
        { ...flatClose, role: 'close', side: 'sell', at: flatClose.at + 600_000 },
      ],
      deliveries: DAY_DELIVERIES,
      quotesAt: async () => new Map(),
    });
    const flat = trades.trades.find(
      (t) => t.signalId === 'SIG-20260302-004' && t.tier === 'premium',
    )!;
    expect(flat).toMatchObject({ result: 'flat', win: false, r: 0 });
    const premium = summarise(5, trades, DAY_DELAYS, { seq: 9, hash: 'h'.repeat(64), at: 0 }, 0)
      .tiers[0]!;
    expect(premium).toMatchObject({ trades: 4, wins: 2, losses: 1, flat: 1 });
  });

  it('summarises per tier and strategy, and what the Premium head start was worth', async () => {
    const s = summarise(
      5,
      await dayTrades(),
      DAY_DELAYS,
      { seq: 9, hash: 'h'.repeat(64), at: 0 },
      0,
    );
    const [premium, basic, free] = s.tiers;
    expect(premium).toMatchObject({ tier: 'premium', trades: 3, wins: 2, losses: 1 });
    expect(premium.totalR).toBeCloseTo(0.8 / 0.6 - 0.9 + 0.2 / 0.3, 3);
    // Basic paid +$10, −$10 (the put fell), +$5 per contract more than Premium.
    expect(basic).toMatchObject({ trades: 3, wins: 2, missed: 0, entryCostVsPremium: 1.67 });
    expect(free).toMatchObject({ trades: 2, wins: 1, missed: 1, pricedFromFills: 1 });
    const vsBasic = s.headStart.find((h) => h.versus === 'basic')!;
    expect(vsBasic.rPerTrade).toBeCloseTo((0.1 / 0.6 - 0.1 + 0.05 / 0.3) / 3, 3);
    // Free missed the scalp entirely: the whole Premium result counts for it.
    const vsFree = s.headStart.find((h) => h.versus === 'free')!;
    expect(vsFree.trades).toBe(3);
    expect(vsFree.rPerTrade).toBeCloseTo((0.3 / 0.6 + 0 + 0.2 / 0.3) / 3, 3);
    expect(s.signals).toEqual({ published: 5, closed: 3, open: 1, unfilled: 1 });
    expect(s.strategies.find((l) => l.strategy === 'swing' && l.tier === 'premium')).toMatchObject({
      trades: 1,
      losses: 1,
    });
    expect(s.cumulativeR.map((c) => c.strategy)).toEqual(['gamma_scalp_0dte', 'swing']);
    expect(s.cumulativeR[0].points.at(-1)!.r).toBeCloseTo(0.8 / 0.6 + 0.2 / 0.3, 3);
  });
});
