/** Feeds a symbol's underlying prices into its bar builders and completed bars into VPIN. */
import type { EngineInputs } from '../engine-types.js';
import type { SymbolState } from '../symbol-state.js';

/**
 * Underlying prices: the feed's ticks or bars when given; otherwise the chain's spot as a
 * zero-volume tick, so price-only indicators work on a chain-only feed (VWAP and VPIN stay null).
 */
export function feedUnderlyingPrices(
  s: SymbolState,
  spot: number,
  asOfMs: number,
  inputs: EngineInputs,
): void {
  const builders = [s.bars1m, s.bars5m, s.bars15m];
  if (inputs.ticks?.length || inputs.bars?.length) s.feedPrices = true;
  for (const t of inputs.ticks ?? []) for (const b of builders) b.add(t);
  for (const bar of inputs.bars ?? []) {
    s.bars1m.addBar({
      start: bar.start,
      interval: '1m',
      open: bar.open,
      high: bar.high,
      low: bar.low,
      close: bar.close,
      volume: bar.volume,
      trades: 0,
    });
    for (const b of [s.bars5m, s.bars15m]) {
      // A 1-minute bar as four ticks (open, high, low, close) keeps the OHLC of longer bars right.
      const q = bar.volume / 4;
      for (const price of [bar.open, bar.high, bar.low, bar.close]) {
        b.add({ at: bar.start, price, size: q });
      }
    }
  }
  if (!s.feedPrices && spot > 0)
    for (const b of builders) b.add({ at: asOfMs, price: spot, size: 0 });
}

/** Completed 1-minute bars into VPIN, each once. */
export function feedVpin(s: SymbolState): void {
  for (const bar of s.bars1m.bars(false)) {
    if (bar.start <= s.lastVpinBarStart) continue;
    s.vpin.addBar(bar.close, bar.volume);
    s.lastVpinBarStart = bar.start;
  }
}
