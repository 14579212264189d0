/** Price rounding and strike look-up shared by the simulator's quoting and flow. */

export function round(x: number, scale: number): number {
  return Math.round(x * scale) / scale;
}

/** Rounds to the tick grid, then to the cent. */
export function roundTo(x: number, tick: number): number {
  return round(Math.round(x / tick) * tick, 100);
}

export function roundPrice(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Index of the value in `sorted` nearest to x (the lower one on a tie). */
export function nearestIndex(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) lo = mid;
    else hi = mid;
  }
  return Math.abs(sorted[lo] - x) <= Math.abs(sorted[hi] - x) ? lo : hi;
}
