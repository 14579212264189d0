/**
 * The Broker port: what the engine asks of any broker (the paper broker now, live brokers later).
 * Prices are per-share option premiums in dollars; quantities are contracts.
 */
import type { LiquidityGrade } from '../analytics/analytics-snapshot.js';
import type { Settlement } from '../market-data/chain-snapshot.js';

export type OrderSide = 'buy' | 'sell';
export type OrderType = 'market' | 'limit';
export type TimeInForce = 'DAY' | 'GTC';
export type OrderStatus = 'open' | 'partially_filled' | 'filled' | 'cancelled' | 'expired';

export interface OrderRequest {
  /** Caller's id, unique: `${signalId}:${leg}:${open|close}`. */
  clientOrderId: string;
  signalId: string;
  occSymbol: string;
  underlying: string;
  side: OrderSide;
  quantity: number;
  type: OrderType;
  /** Required for limit orders. */
  limitPrice?: number;
  tif: TimeInForce;
}

export interface Order extends OrderRequest {
  id: string;
  status: OrderStatus;
  filledQuantity: number;
  avgFillPrice: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface Fill {
  id: string;
  orderId: string;
  clientOrderId: string;
  signalId: string;
  occSymbol: string;
  side: OrderSide;
  quantity: number;
  price: number;
  /** Reference price (ask for buys, bid for sells) and the slippage against it, as a fraction. */
  referencePrice: number;
  slippage: number;
  at: number;
  /** 'trade' for an execution, 'settlement' for cash settlement at expiry. */
  kind: 'trade' | 'settlement';
}

/** One contract's quote as the broker sees it. Sizes absent → the grade's displayed size. */
export interface Quote {
  occSymbol: string;
  underlying: string;
  bid: number;
  ask: number;
  bidSize?: number;
  askSize?: number;
  strike: number;
  right: 'call' | 'put';
  expiry: string;
  settlement: Settlement;
  /** Settlement instant, ms (16:00 ET, 13:00 on half days, 09:30 for AM-settled SPX). */
  expiresAt: number;
  liquidity: LiquidityGrade;
  at: number;
}

export interface BrokerUpdate {
  fills: Fill[];
  /** Orders that changed status (filled, expired, cancelled). */
  orders: Order[];
}

export interface Broker {
  readonly name: string;
  submit(request: OrderRequest, now: number): BrokerUpdate;
  cancel(orderId: string, now: number): Order | null;
  /** New quotes (and the underlying's spot): work resting orders, settle expired contracts. */
  onMarket(quotes: Quote[], spots: Record<string, number>, now: number): BrokerUpdate;
  openOrders(): Order[];
}
