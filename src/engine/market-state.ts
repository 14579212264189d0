/**
 * What the engine knows of the market, per symbol: the latest chain with its analytics snapshot
 * (and the broker quotes built from it on first use), recent bars, today's closing-auction prints,
 * each feed's last timestamp, and the return history the correlation rules read.
 */
import type { AnalyticsSnapshot, LiquidityGrade } from '../analytics/analytics-snapshot.js';
import type { Quote } from '../execution/broker.js';
import type { ChainSnapshot, OptionContract } from '../market-data/chain-snapshot.js';
import { ContractLookup } from '../market-data/contract-lookup.js';
import type { MarketEvent } from '../market-data/market-events.js';
import { CorrelationTracker } from '../risk/correlation.js';
import type { ClosingAuctionPrint, UnderlyingBar } from '../strategies/strategy-context.js';

interface SymbolFeed {
  chain: ChainSnapshot;
  /** The quotes asked for so far: a step needs a few contracts' quotes, not the chain's. */
  quotes: Map<string, Quote>;
  snapshot: AnalyticsSnapshot;
}

const MAX_BARS = 400;

export class MarketState {
  readonly correlation = new CorrelationTracker();
  private readonly feeds = new Map<string, SymbolFeed>();
  private readonly times: Record<string, number> = {};
  private readonly bars = new Map<string, UnderlyingBar[]>();
  private readonly auctions = new Map<string, ClosingAuctionPrint[]>();
  private readonly lookups = new Map<string, ContractLookup<OptionContract>>();

  /** Forgets a symbol's feeds: a retired feed is not stale, it has ended. */
  forget(symbol: string): void {
    this.feeds.delete(symbol);
    this.lookups.delete(symbol);
    for (const k of Object.keys(this.times)) if (k.endsWith(`:${symbol}`)) delete this.times[k];
  }

  /** A new New York day: yesterday's auction prints no longer apply. */
  newDay(): void {
    this.auctions.clear();
  }

  /** Bars, imbalance prints and tick times from a step's (look-ahead-checked) events. */
  recordEvents(events: readonly MarketEvent[]): void {
    for (const e of events) {
      if (e.kind === 'bar') {
        const list = this.bars.get(e.symbol) ?? [];
        list.push({
          t: e.start,
          open: e.open,
          high: e.high,
          low: e.low,
          close: e.close,
          volume: e.volume,
        });
        if (list.length > MAX_BARS) list.splice(0, list.length - MAX_BARS);
        this.bars.set(e.symbol, list);
      } else if (e.kind === 'imbalance') {
        const list = this.auctions.get(e.symbol) ?? [];
        list.push({
          at: e.at,
          imbalanceShares: e.side === 'buy' ? e.shares : -e.shares,
          pairedShares: e.pairedShares,
          referencePrice: e.referencePrice,
        });
        this.auctions.set(e.symbol, list);
      } else if (e.kind === 'tick') {
        this.times[`ticks:${e.symbol}`] = Math.max(this.times[`ticks:${e.symbol}`] ?? 0, e.at);
      }
    }
  }

  /** A chain and its analytics become the symbol's current market. */
  update(chain: ChainSnapshot, snapshot: AnalyticsSnapshot): void {
    const asOf = Date.parse(chain.asOf);
    this.feeds.set(chain.underlying, { chain, quotes: new Map(), snapshot });
    this.times[`chain:${chain.underlying}`] = asOf;
    this.times[`analytics:${chain.underlying}`] = snapshot.computedAt;
    this.correlation.record(chain.underlying, asOf, chain.spot);
  }

  snapshot(symbol: string): AnalyticsSnapshot | undefined {
    return this.feeds.get(symbol)?.snapshot;
  }

  /** Every feed's last timestamp, ms (`chain:SPY`, `analytics:SPY`, `ticks:SPY`). */
  feedTimes(): Record<string, number> {
    return { ...this.times };
  }

  /** The feed timestamps of one symbol (what a signal's explanation records). */
  feedTimesOf(symbol: string): Record<string, number> {
    return Object.fromEntries(Object.entries(this.times).filter(([k]) => k.endsWith(`:${symbol}`)));
  }

  /** Age of the symbol's chain and analytics at `now`, ms (null before the first). */
  ages(symbol: string, now: number): { feedAgeMs: number | null; analyticsAgeMs: number | null } {
    const chainAt = this.times[`chain:${symbol}`];
    const anaAt = this.times[`analytics:${symbol}`];
    return {
      feedAgeMs: chainAt === undefined ? null : now - chainAt,
      analyticsAgeMs: anaAt === undefined ? null : now - anaAt,
    };
  }

  spots(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [s, f] of this.feeds) out[s] = f.chain.spot;
    return out;
  }

  quote(occ: string, symbol: string): Quote | undefined {
    const feed = this.feeds.get(symbol);
    if (!feed) return undefined;
    let q = feed.quotes.get(occ);
    if (q) return q;
    let lookup = this.lookups.get(symbol);
    if (!lookup) this.lookups.set(symbol, (lookup = new ContractLookup()));
    const c = lookup.find(feed.chain.contracts, occ);
    if (!c) return undefined;
    q = toQuote(symbol, c, feed.snapshot.liquidity.grade, Date.parse(feed.chain.asOf));
    feed.quotes.set(occ, q);
    return q;
  }

  /** Bars of the symbol known at `now`. */
  recentBars(symbol: string, now: number): UnderlyingBar[] {
    return (this.bars.get(symbol) ?? []).filter((b) => b.t <= now);
  }

  /** Today's closing-auction prints of the symbol known at `now`. */
  closingAuction(symbol: string, now: number): ClosingAuctionPrint[] {
    return (this.auctions.get(symbol) ?? []).filter((a) => a.at <= now);
  }
}

function toQuote(
  underlying: string,
  c: ChainSnapshot['contracts'][number],
  grade: LiquidityGrade,
  at: number,
): Quote {
  return {
    occSymbol: c.occSymbol,
    underlying,
    bid: c.bid,
    ask: c.ask,
    strike: c.strike,
    right: c.right,
    expiry: c.expiry,
    settlement: c.settlement,
    expiresAt: Date.parse(c.expiresAt),
    liquidity: grade,
    at,
  };
}
