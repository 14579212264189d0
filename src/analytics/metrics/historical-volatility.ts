/**
 * Historical (realised) volatility estimators over daily (or any fixed-period) OHLC bars,
 * annualised by √periodsPerYear (252 trading days by default). Pure functions, no framework.
 *
 * Formulas (n = number of periods used):
 * - Close-to-close: r_i = ln(C_i / C_{i−1}); σ² = Σ (r_i − r̄)² / (n − 1).
 * - Parkinson (1980): σ² = (1 / (4 n ln 2)) Σ ln(H_i / L_i)².
 * - Yang–Zhang (2000): o_i = ln(O_i / C_{i−1}), c_i = ln(C_i / O_i),
 *   σ_o² = var(o), σ_c² = var(c) (both with n − 1),
 *   σ_rs² = (1/n) Σ [ln(H_i/C_i)·ln(H_i/O_i) + ln(L_i/C_i)·ln(L_i/O_i)] (Rogers–Satchell),
 *   k = 0.34 / (1.34 + (n + 1)/(n − 1)), σ² = σ_o² + k σ_c² + (1 − k) σ_rs².
 * Each returns null when there are too few valid periods (close-to-close and Yang–Zhang need at
 * least 2 returns; Parkinson at least 1 bar) or a price is not positive.
 */
export interface OhlcBar {
  open: number;
  high: number;
  low: number;
  close: number;
}

export const TRADING_DAYS_PER_YEAR = 252;

function positive(...xs: number[]): boolean {
  for (const x of xs) if (!(x > 0) || !Number.isFinite(x)) return false;
  return true;
}

function sampleVariance(xs: number[]): number {
  const n = xs.length;
  let mean = 0;
  for (const x of xs) mean += x;
  mean /= n;
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  return ss / (n - 1);
}

/** Annualised close-to-close volatility from closes (oldest first). */
export function closeToCloseVol(
  closes: readonly number[],
  periodsPerYear = TRADING_DAYS_PER_YEAR,
): number | null {
  if (closes.length < 3 || !positive(...closes)) return null;
  const returns: number[] = [];
  for (let i = 1; i < closes.length; i++) returns.push(Math.log(closes[i] / closes[i - 1]));
  return Math.sqrt(sampleVariance(returns) * periodsPerYear);
}

/** Annualised Parkinson high-low volatility (oldest first). */
export function parkinsonVol(
  bars: readonly OhlcBar[],
  periodsPerYear = TRADING_DAYS_PER_YEAR,
): number | null {
  if (bars.length < 1) return null;
  let sum = 0;
  for (const b of bars) {
    if (!positive(b.high, b.low) || b.high < b.low) return null;
    const hl = Math.log(b.high / b.low);
    sum += hl * hl;
  }
  return Math.sqrt((sum / (4 * bars.length * Math.LN2)) * periodsPerYear);
}

/**
 * Annualised Yang–Zhang volatility. The first bar supplies only the previous close, so n =
 * bars.length − 1 periods are used.
 */
export function yangZhangVol(
  bars: readonly OhlcBar[],
  periodsPerYear = TRADING_DAYS_PER_YEAR,
): number | null {
  const n = bars.length - 1;
  if (n < 2) return null;
  const overnight: number[] = [];
  const openToClose: number[] = [];
  let rs = 0;
  for (let i = 1; i < bars.length; i++) {
    const b = bars[i];
    const prevClose = bars[i - 1].close;
    if (!positive(b.open, b.high, b.low, b.close, prevClose)) return null;
    overnight.push(Math.log(b.open / prevClose));
    openToClose.push(Math.log(b.close / b.open));
    rs +=
      Math.log(b.high / b.close) * Math.log(b.high / b.open) +
      Math.log(b.low / b.close) * Math.log(b.low / b.open);
  }
  const k = 0.34 / (1.34 + (n + 1) / (n - 1));
  const variance = sampleVariance(overnight) + k * sampleVariance(openToClose) + (1 - k) * (rs / n);
  return Math.sqrt(Math.max(0, variance) * periodsPerYear);
}
