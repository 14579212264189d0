import { describe, expect, it } from 'vitest';
import type { Quote } from '../../../src/execution/broker.js';
import { PaperBroker, parseGradeMap } from '../../../src/execution/paper-broker.js';
import { intrinsicValue, settlementInstant } from '../../../src/execution/settlement.js';
import { PositionBook } from '../../../src/execution/positions.js';
import { ny } from '../engine/fixtures.js';

function quote(over: Partial<Quote> = {}): Quote {
  return {
    occSymbol: 'SPY260303C00600000',
    underlying: 'SPY',
    bid: 1.0,
    ask: 1.1,
    strike: 600,
    right: 'call',
    expiry: '2026-03-03',
    settlement: 'PM',
    expiresAt: ny(16, 0),
    liquidity: 'A',
    at: ny(10, 0),
    ...over,
  };
}

const order = (over: Partial<Parameters<PaperBroker['submit']>[0]> = {}) => ({
  clientOrderId: 'SIG-1:0:open',
  signalId: 'SIG-1',
  occSymbol: 'SPY260303C00600000',
  underlying: 'SPY',
  side: 'buy' as const,
  quantity: 2,
  type: 'market' as const,
  tif: 'DAY' as const,
  ...over,
});

describe('paper broker', () => {
  it('buys at the ask and sells at the bid, plus slippage by liquidity grade', () => {
    const b = new PaperBroker({
      slippageByGrade: parseGradeMap('A:0,B:0.01,C:0.05,D:0.1,F:0.2'),
      displayedSizeByGrade: parseGradeMap('A:100,B:100,C:100,D:100,F:100'),
    });
    b.onMarket([quote()], { SPY: 600 }, ny(10, 0));
    const buy = b.submit(order(), ny(10, 0));
    expect(buy.fills[0]).toMatchObject({
      price: 1.1,
      referencePrice: 1.1,
      quantity: 2,
      slippage: 0,
    });
    const sell = b.submit(order({ clientOrderId: 'c', side: 'sell' }), ny(10, 0));
    expect(sell.fills[0].price).toBe(1.0);
    b.onMarket([quote({ occSymbol: 'X', liquidity: 'C', at: ny(10, 1) })], { SPY: 600 }, ny(10, 1));
    const c = b.submit(order({ clientOrderId: 'd', occSymbol: 'X' }), ny(10, 1));
    expect(c.fills[0].price).toBe(1.16); // 1.10 × 1.05 = 1.155 → the half cent goes against the buyer
    expect(c.fills[0].slippage).toBeCloseTo(0.06 / 1.1, 10);
    const s = b.submit(order({ clientOrderId: 'e', occSymbol: 'X', side: 'sell' }), ny(10, 1));
    expect(s.fills[0].price).toBe(0.95);
  });

  it('fills partially beyond the displayed size and the rest at the next quote', () => {
    const b = new PaperBroker();
    b.onMarket([quote({ askSize: 3 })], { SPY: 600 }, ny(10, 0));
    const r = b.submit(order({ quantity: 5 }), ny(10, 0));
    expect(r.fills[0].quantity).toBe(3);
    expect(r.orders[0].status).toBe('partially_filled');
    // a second order at the same quote finds nothing left displayed
    expect(b.submit(order({ clientOrderId: 'x', quantity: 1 }), ny(10, 0)).fills).toEqual([]);
    const next = b.onMarket([quote({ askSize: 10, at: ny(10, 0, 5) })], { SPY: 600 }, ny(10, 0, 5));
    expect(next.fills.map((f) => f.quantity)).toEqual([2, 1]);
    expect(next.orders.every((o) => o.status === 'filled')).toBe(true);
  });

  it('limit orders wait for their price and never fill through it', () => {
    const b = new PaperBroker();
    b.onMarket([quote()], { SPY: 600 }, ny(10, 0));
    const r = b.submit(order({ type: 'limit', limitPrice: 1.05, tif: 'GTC' }), ny(10, 0));
    expect(r.fills).toEqual([]);
    const moved = b.onMarket(
      [quote({ bid: 0.95, ask: 1.05, at: ny(10, 1) })],
      { SPY: 600 },
      ny(10, 1),
    );
    expect(moved.fills[0].price).toBe(1.05); // slippage capped by the limit
    expect(() => b.submit(order({ type: 'limit' }), ny(10, 1))).toThrow(/limit price/);
    expect(() => b.submit(order({ quantity: 0 }), ny(10, 1))).toThrow(/positive integer/);
  });

  it('DAY orders expire at the close, GTC orders carry over', () => {
    const b = new PaperBroker();
    b.onMarket(
      [quote({ expiry: '2026-03-20', expiresAt: ny(16, 0, 0, 20) })],
      { SPY: 600 },
      ny(10, 0),
    );
    b.submit(order({ type: 'limit', limitPrice: 0.5, tif: 'DAY' }), ny(10, 0));
    b.submit(order({ clientOrderId: 'g', type: 'limit', limitPrice: 0.5, tif: 'GTC' }), ny(10, 0));
    const close = b.onMarket([], { SPY: 600 }, ny(16, 0));
    expect(close.orders.map((o) => [o.clientOrderId, o.status])).toEqual([
      ['SIG-1:0:open', 'expired'],
    ]);
    expect(b.openOrders().map((o) => o.clientOrderId)).toEqual(['g']);
  });

  it('cash-settles held contracts at expiry against the settlement print', () => {
    const b = new PaperBroker();
    b.onMarket([quote()], { SPY: 600 }, ny(10, 0));
    b.submit(order(), ny(10, 0));
    b.onMarket([], { SPY: 603.25 }, ny(15, 59, 59));
    const settled = b.onMarket([], { SPY: 610 }, ny(16, 0, 1));
    expect(settled.fills).toHaveLength(1);
    expect(settled.fills[0]).toMatchObject({
      kind: 'settlement',
      side: 'sell',
      quantity: 2,
      price: 3.25,
    });
  });

  it('SPX AM settlement uses the opening print; half days settle at 13:00; holiday-dated expiries at the prior close', () => {
    expect(settlementInstant('2026-03-20', 'AM')).toBe(ny(9, 30, 0, 20));
    expect(settlementInstant('2026-03-20', 'PM')).toBe(ny(16, 0, 0, 20));
    // 2026-11-27, the day after Thanksgiving, closes at 13:00 (EST)
    expect(settlementInstant('2026-11-27', 'PM')).toBe(Date.UTC(2026, 10, 27, 18, 0));
    // 2026-04-03 is Good Friday: the exchange is closed, settle at Thursday's close (EDT)
    expect(settlementInstant('2026-04-03', 'PM')).toBe(Date.UTC(2026, 3, 2, 20, 0));
    const b = new PaperBroker();
    const spx = quote({
      occSymbol: 'SPX260320C05900000',
      underlying: 'SPX',
      root: undefined,
      strike: 5900,
      expiry: '2026-03-20',
      settlement: 'AM',
      expiresAt: ny(9, 30, 0, 20),
      at: ny(15, 0, 0, 19),
    } as Partial<Quote>);
    b.onMarket([spx], { SPX: 5950 }, ny(15, 0, 0, 19));
    b.submit(
      order({ occSymbol: spx.occSymbol, underlying: 'SPX', quantity: 1, tif: 'GTC' }),
      ny(15, 0, 0, 19),
    );
    b.onMarket([], { SPX: 5940 }, ny(16, 0, 0, 19)); // Thursday close: not the settlement print
    expect(b.onMarket([], { SPX: 5930 }, ny(9, 29, 0, 20)).fills).toEqual([]);
    const s = b.onMarket([], { SPX: 5912.5 }, ny(9, 30, 2, 20));
    expect(s.fills[0]).toMatchObject({ kind: 'settlement', price: 12.5 });
    expect(intrinsicValue('put', 100, 90.004)).toBe(10);
  });
});

describe('positions and P&L', () => {
  it('tracks realised/unrealised P&L and day/week/month totals', () => {
    const book = new PositionBook(10_000);
    book.open(
      {
        signalId: 'S1',
        strategy: 'scalp',
        setup: 's',
        symbol: 'SPY',
        direction: 'bullish',
        legs: [
          {
            occSymbol: 'A',
            right: 'call',
            strike: 1,
            expiry: '2026-03-03',
            side: 'buy',
            quantity: 1,
          },
        ],
        targetUnits: 2,
        greeksPerUnit: { delta: 0.5, gamma: 0, theta: 0, vega: 0 },
        riskPerContract: 50,
        timeStopAt: null,
      },
      ny(10, 0),
    );
    const fill = (side: 'buy' | 'sell', qty: number, price: number, at: number) =>
      book.applyFill({
        id: 'f',
        orderId: 'o',
        clientOrderId: 'c',
        signalId: 'S1',
        occSymbol: 'A',
        side,
        quantity: qty,
        price,
        referencePrice: price,
        slippage: 0,
        at,
        kind: 'trade',
      });
    fill('buy', 2, 1.0, ny(10, 0));
    const p = book.get('S1')!;
    expect(p.status).toBe('open');
    expect(p.entryNet).toBe(1);
    p.markNet = 1.5;
    expect(book.unrealized(p)).toBe(100);
    expect(book.buyingPower()).toBe(9_800);
    fill('sell', 1, 1.5, ny(11, 0));
    expect(book.get('S1')!.realizedPnl).toBe(50);
    fill('sell', 1, 2.0, ny(12, 0));
    expect(book.get('S1')!.status).toBe('closed');
    const next = book.pnl(ny(10, 0, 0, 4)); // next day, same week and month
    expect(next).toEqual({ realized: 150, unrealized: 0, day: 0, week: 150, month: 150 });
    expect(book.equity()).toBe(10_150);
    expect(book.startOfDayEquity(ny(10, 0, 0, 4))).toBe(10_150);
  });
});
