/**
 * The paper broker: fills buys at the ask and sells at the bid, worsened by a slippage fraction per
 * liquidity grade, never more contracts at one quote than its displayed size (the rest waits for the
 * next quote), limit and market orders, DAY (expire at the session close) and GTC, and cash
 * settlement of held contracts at expiry. Deterministic: same quotes, same fills.
 */
import type { LiquidityGrade } from '../analytics/analytics-snapshot.js';
import { nyDate, sessionFor } from '../common/market-calendar.js';
import type { Broker, BrokerUpdate, Fill, Order, OrderRequest, Quote } from './broker.js';
import { intrinsicValue, settlementInstant, SpotHistory } from './settlement.js';

export interface PaperBrokerConfig {
  slippageByGrade: Record<LiquidityGrade, number>;
  displayedSizeByGrade: Record<LiquidityGrade, number>;
}

export const DEFAULT_PAPER_CONFIG: PaperBrokerConfig = {
  slippageByGrade: { A: 0.002, B: 0.005, C: 0.01, D: 0.02, F: 0.04 },
  displayedSizeByGrade: { A: 200, B: 50, C: 20, D: 10, F: 5 },
};

export function parseGradeMap(text: string): Record<LiquidityGrade, number> {
  const out: Partial<Record<LiquidityGrade, number>> = {};
  for (const part of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [g, v] = part.split(':');
    const n = Number(v);
    if (!['A', 'B', 'C', 'D', 'F'].includes(g) || !Number.isFinite(n) || n < 0) {
      throw new Error(`bad grade entry "${part}" (want A:0.01,...)`);
    }
    out[g as LiquidityGrade] = n;
  }
  for (const g of ['A', 'B', 'C', 'D', 'F'] as const) {
    if (out[g] === undefined) throw new Error(`grade ${g} missing in "${text}"`);
  }
  return out as Record<LiquidityGrade, number>;
}

interface Holding {
  signalId: string;
  occSymbol: string;
  underlying: string;
  /** Signed contracts: + long, − short. */
  quantity: number;
}

/** Nearest cent; an exact half cent goes against the trader (up for buys, down for sells). */
const cents = (x: number, dir: 'up' | 'down'): number =>
  dir === 'up' ? Math.round(x * 100 + 1e-9) / 100 : Math.round(x * 100 - 1e-9) / 100;

export class PaperBroker implements Broker {
  readonly name = 'paper';
  private readonly quotes = new Map<string, Quote>();
  private readonly orders = new Map<string, Order>();
  private readonly holdings = new Map<string, Holding>();
  /** Displayed size already taken at the current quote, per occSymbol+side. */
  private readonly consumed = new Map<string, { at: number; qty: number }>();
  readonly spots = new SpotHistory();
  private orderSeq = 0;
  private fillSeq = 0;

  constructor(private readonly config: PaperBrokerConfig = DEFAULT_PAPER_CONFIG) {}

  submit(request: OrderRequest, now: number): BrokerUpdate {
    if (!(request.quantity > 0) || !Number.isInteger(request.quantity)) {
      throw new Error(`order ${request.clientOrderId}: quantity must be a positive integer`);
    }
    if (
      request.type === 'limit' &&
      !(request.limitPrice !== undefined && request.limitPrice >= 0)
    ) {
      throw new Error(`order ${request.clientOrderId}: a limit order needs a limit price ≥ 0`);
    }
    this.orderSeq += 1;
    const order: Order = {
      ...request,
      id: `PO-${this.orderSeq}`,
      status: 'open',
      filledQuantity: 0,
      avgFillPrice: null,
      createdAt: now,
      updatedAt: now,
    };
    this.orders.set(order.id, order);
    const fills = this.work(order, now);
    return { fills, orders: [{ ...order }] };
  }

  cancel(orderId: string, now: number): Order | null {
    const o = this.orders.get(orderId);
    if (!o || !isLive(o)) return null;
    o.status = 'cancelled';
    o.updatedAt = now;
    return { ...o };
  }

  openOrders(): Order[] {
    return [...this.orders.values()].filter(isLive).map((o) => ({ ...o }));
  }

  quote(occSymbol: string): Quote | undefined {
    return this.quotes.get(occSymbol);
  }

  onMarket(quotes: Quote[], spots: Record<string, number>, now: number): BrokerUpdate {
    for (const q of quotes) this.quotes.set(q.occSymbol, q);
    for (const [u, s] of Object.entries(spots)) this.spots.record(u, now, s);
    const fills: Fill[] = [];
    const changed: Order[] = [];
    for (const o of this.orders.values()) {
      if (!isLive(o)) continue;
      if (o.tif === 'DAY') {
        const session = sessionFor(nyDate(o.createdAt));
        if (session && now >= session.closeAt) {
          o.status = 'expired';
          o.updatedAt = now;
          changed.push({ ...o });
          continue;
        }
      }
      const before = o.status;
      fills.push(...this.work(o, now));
      if (o.status !== before) changed.push({ ...o });
    }
    fills.push(...this.settleExpired(now, changed));
    return { fills, orders: changed };
  }

  private work(o: Order, now: number): Fill[] {
    const q = this.quotes.get(o.occSymbol);
    if (!q || !isLive(o)) return [];
    if (now >= settlementInstant(q.expiry, q.settlement)) return [];
    const buy = o.side === 'buy';
    const ref = buy ? q.ask : q.bid;
    if (!(ref > 0)) return [];
    if (o.type === 'limit' && (buy ? ref > o.limitPrice! : ref < o.limitPrice!)) return [];
    const slip = this.config.slippageByGrade[q.liquidity];
    let price = buy ? cents(ref * (1 + slip), 'up') : cents(ref * (1 - slip), 'down');
    // A limit caps the slippage: never fill through the limit.
    if (o.type === 'limit')
      price = buy ? Math.min(price, o.limitPrice!) : Math.max(price, o.limitPrice!);
    const displayed =
      (buy ? q.askSize : q.bidSize) ?? this.config.displayedSizeByGrade[q.liquidity];
    const key = `${o.occSymbol}:${o.side}`;
    const used = this.consumed.get(key);
    const taken = used && used.at === q.at ? used.qty : 0;
    const available = Math.max(0, Math.floor(displayed) - taken);
    const qty = Math.min(available, o.quantity - o.filledQuantity);
    if (qty <= 0) return [];
    this.consumed.set(key, { at: q.at, qty: taken + qty });
    const prevFilled = o.filledQuantity;
    o.filledQuantity += qty;
    o.avgFillPrice = ((o.avgFillPrice ?? 0) * prevFilled + price * qty) / o.filledQuantity;
    o.status = o.filledQuantity === o.quantity ? 'filled' : 'partially_filled';
    o.updatedAt = now;
    this.hold(o.signalId, o.occSymbol, o.underlying, buy ? qty : -qty);
    this.fillSeq += 1;
    return [
      {
        id: `PF-${this.fillSeq}`,
        orderId: o.id,
        clientOrderId: o.clientOrderId,
        signalId: o.signalId,
        occSymbol: o.occSymbol,
        side: o.side,
        quantity: qty,
        price,
        referencePrice: ref,
        slippage: Math.abs(price - ref) / ref,
        at: now,
        kind: 'trade',
      },
    ];
  }

  private hold(signalId: string, occSymbol: string, underlying: string, delta: number): void {
    const key = `${signalId}:${occSymbol}`;
    const h = this.holdings.get(key) ?? { signalId, occSymbol, underlying, quantity: 0 };
    h.quantity += delta;
    if (h.quantity === 0) this.holdings.delete(key);
    else this.holdings.set(key, h);
  }

  private settleExpired(now: number, changed: Order[]): Fill[] {
    const fills: Fill[] = [];
    for (const [key, h] of [...this.holdings.entries()]) {
      const q = this.quotes.get(h.occSymbol);
      if (!q) continue;
      const instant = settlementInstant(q.expiry, q.settlement);
      if (now < instant) continue;
      const spot = this.spots.settlementSpot(h.underlying, instant, q.settlement);
      if (spot === null) continue;
      for (const o of this.orders.values()) {
        if (isLive(o) && o.occSymbol === h.occSymbol && o.signalId === h.signalId) {
          o.status = 'expired';
          o.updatedAt = now;
          changed.push({ ...o });
        }
      }
      const price = intrinsicValue(q.right, q.strike, spot);
      this.holdings.delete(key);
      this.fillSeq += 1;
      fills.push({
        id: `PF-${this.fillSeq}`,
        orderId: `SETTLE-${h.occSymbol}`,
        clientOrderId: `${h.signalId}:${h.occSymbol}:settle`,
        signalId: h.signalId,
        occSymbol: h.occSymbol,
        side: h.quantity > 0 ? 'sell' : 'buy',
        quantity: Math.abs(h.quantity),
        price,
        referencePrice: price,
        slippage: 0,
        at: now,
        kind: 'settlement',
      });
    }
    return fills;
  }
}

function isLive(o: Order): boolean {
  return o.status === 'open' || o.status === 'partially_filled';
}
