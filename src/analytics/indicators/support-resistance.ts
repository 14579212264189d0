/**
 * Support and resistance levels from swing pivots and traded volume.
 *
 * A swing high is a bar whose high is strictly above the highs of the `pivotSpan` bars on each
 * side (a swing low likewise with lows). Pivot prices within `clusterPct` of each other merge into
 * one level (volume-weighted price); each level is scored by touches × (1 + its bars' volume share).
 * The `levels` highest-volume price bins of the volume profile join as levels too. Levels below the
 * last close are support (nearest first), above are resistance (nearest first).
 */
import type { Candle } from './indicators.js';

export interface SupportResistanceOptions {
  pivotSpan?: number;
  clusterPct?: number;
  levels?: number;
  volumeBins?: number;
}

interface Level {
  price: number;
  weight: number;
  volume: number;
  touches: number;
}

export function supportResistance(
  bars: readonly Candle[],
  options: SupportResistanceOptions = {},
): { support: number[]; resistance: number[] } {
  const span = options.pivotSpan ?? 3;
  const clusterPct = options.clusterPct ?? 0.002;
  const maxLevels = options.levels ?? 3;
  const bins = options.volumeBins ?? 24;
  if (bars.length < 2 * span + 1) return { support: [], resistance: [] };
  const last = bars[bars.length - 1].close;
  const totalVolume = bars.reduce((s, b) => s + b.volume, 0) || 1;

  const pivots: { price: number; volume: number }[] = [];
  for (let i = span; i < bars.length - span; i++) {
    let isHigh = true;
    let isLow = true;
    for (let j = i - span; j <= i + span; j++) {
      if (j === i) continue;
      if (bars[j].high >= bars[i].high) isHigh = false;
      if (bars[j].low <= bars[i].low) isLow = false;
    }
    if (isHigh) pivots.push({ price: bars[i].high, volume: bars[i].volume });
    if (isLow) pivots.push({ price: bars[i].low, volume: bars[i].volume });
  }

  // Volume profile: the busiest price bins (by close) count as levels of one touch each.
  let lo = Infinity;
  let hi = -Infinity;
  for (const b of bars) {
    lo = Math.min(lo, b.low);
    hi = Math.max(hi, b.high);
  }
  if (hi > lo) {
    const width = (hi - lo) / bins;
    const vol = new Array<number>(bins).fill(0);
    for (const b of bars) {
      const k = Math.min(bins - 1, Math.floor((b.close - lo) / width));
      vol[k] += b.volume;
    }
    const top = vol
      .map((v, k) => ({ v, k }))
      .filter((x) => x.v > 0)
      .sort((a, b) => b.v - a.v)
      .slice(0, maxLevels);
    for (const t of top) pivots.push({ price: lo + (t.k + 0.5) * width, volume: t.v });
  }

  const levels: Level[] = [];
  for (const p of pivots.sort((a, b) => a.price - b.price)) {
    const near = levels.find((l) => Math.abs(l.price - p.price) <= l.price * clusterPct);
    if (near) {
      const v = near.volume + p.volume;
      near.price = v > 0 ? (near.price * near.volume + p.price * p.volume) / v : near.price;
      near.volume = v;
      near.touches += 1;
    } else {
      levels.push({ price: p.price, volume: p.volume, touches: 1, weight: 0 });
    }
  }
  for (const l of levels) l.weight = l.touches * (1 + l.volume / totalVolume);

  const pick = (side: Level[]): number[] =>
    side
      .sort((a, b) => b.weight - a.weight)
      .slice(0, maxLevels)
      .sort((a, b) => Math.abs(a.price - last) - Math.abs(b.price - last))
      .map((l) => l.price);
  return {
    support: pick(levels.filter((l) => l.price < last)),
    resistance: pick(levels.filter((l) => l.price > last)),
  };
}
