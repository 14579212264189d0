/** A Premium position's legs in words: "Buy 2 SPY 430 puts expiring 2026-03-06". */
import type { SignalLeg } from '../vocabulary/trading.js';
import { plural } from '../narrative/writer/plain-words.js';

export { contractName } from '../signals/contract-name.js';

export function legInWords(symbol: string, l: SignalLeg): string {
  const side = l.side === 'buy' ? 'Buy' : 'Sell';
  const strike = String(Number(l.strike.toFixed(2)));
  return `${side} ${plural(l.quantity, `${symbol} ${strike} ${l.right}`)} expiring ${l.expiry}`;
}
