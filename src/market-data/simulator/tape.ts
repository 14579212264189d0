/** The underlying's tape: prints on the way to the step's price, and one-minute bars. */
import type { StepOutput } from './event-buffer.js';
import { roundPrice } from './rounding.js';
import type { SymbolState } from './symbol-state.js';

/**
 * Underlying prints: the step's volume (`meanShares` times lognormal noise) split over 1–4 ticks
 * on the way to the new price. Cash indices print their level with no size.
 */
export function emitUnderlyingTape(st: SymbolState, meanShares: number, out: StepOutput): void {
  const p = st.profile;
  const { at, record } = out;
  if (!p.index && p.dailyShares > 0) {
    const flow = st.flow;
    const shares = Math.round(meanShares * Math.exp(0.3 * flow.normal() - 0.045));
    const nTicks = 1 + flow.int(4);
    const prev = st.bar.close;
    let left = shares;
    for (let k = 1; k <= nTicks; k++) {
      const size = k === nTicks ? left : Math.round(left * flow.next() * 0.6);
      left -= size;
      const price = k === nTicks ? st.spot : roundPrice(prev + ((st.spot - prev) * k) / nTicks);
      if (record && size > 0) out.events.push({ kind: 'tick', symbol: p.symbol, at, price, size });
      barUpdate(st, price, size);
    }
  } else {
    if (record) out.events.push({ kind: 'tick', symbol: p.symbol, at, price: st.spot, size: 0 });
    barUpdate(st, st.spot, 0);
  }
}

/** Emits the symbol's one-minute bar ending at `end` and starts the next at the last price. */
export function closeBar(st: SymbolState, end: number, out: StepOutput): void {
  const b = st.bar;
  if (out.record) {
    out.events.push({
      kind: 'bar',
      symbol: st.profile.symbol,
      start: b.start,
      end,
      open: b.open,
      high: b.high,
      low: b.low,
      close: b.close,
      volume: b.volume,
    });
  }
  st.bar = { start: end, open: b.close, high: b.close, low: b.close, close: b.close, volume: 0 };
}

function barUpdate(st: SymbolState, price: number, size: number): void {
  const b = st.bar;
  if (price > b.high) b.high = price;
  if (price < b.low) b.low = price;
  b.close = price;
  b.volume += size;
}
