/**
 * Market regime from four inputs, each with its own confidence in [0, 1]:
 * - volPercentile: where current volatility sits in its history, 0–1;
 * - maSlope: moving-average slope in ATRs per bar (SMA20 change over the last 5 bars / 5 / ATR14);
 * - liquidity: liquidity score 0–100 (see microstructure/liquidity.ts);
 * - gammaSign: net GEX / gross GEX in [−1, 1] (dealers long gamma damp moves; short gamma amplify).
 *
 * Rules, first match wins:
 * 1. volatile — vol percentile ≥ 0.8, or liquidity < 35 (grade F), or short gamma (≤ −0.1) with
 *    vol percentile ≥ 0.6;
 * 2. trending — |slope| ≥ 0.15 ATR per bar;
 * 3. calm — vol percentile ≤ 0.3 and gamma not short (> −0.1);
 * 4. mean_reverting — otherwise (range-bound, typically long gamma).
 * The regime's confidence is the weakest input's confidence; a missing input has confidence 0
 * and its neutral value (0.5, 0, 50, 0).
 */
import type { RegimeLabel } from '../analytics-snapshot.js';

export interface RegimeSignal {
  value: number;
  confidence: number;
}

export interface RegimeInputs {
  volPercentile: RegimeSignal | null;
  maSlope: RegimeSignal | null;
  liquidity: RegimeSignal | null;
  gammaSign: RegimeSignal | null;
}

export const REGIME_THRESHOLDS = {
  volatilePct: 0.8,
  shortGammaVolatilePct: 0.6,
  shortGamma: -0.1,
  illiquidScore: 35,
  trendSlope: 0.15,
  calmPct: 0.3,
};

export function classifyRegime(
  inputs: RegimeInputs,
  t = REGIME_THRESHOLDS,
): { label: RegimeLabel; confidence: number; inputs: Record<string, number> } {
  const vol = inputs.volPercentile?.value ?? 0.5;
  const slope = inputs.maSlope?.value ?? 0;
  const liq = inputs.liquidity?.value ?? 50;
  const gamma = inputs.gammaSign?.value ?? 0;
  const conf = (s: RegimeSignal | null): number =>
    s && Number.isFinite(s.confidence) ? Math.min(1, Math.max(0, s.confidence)) : 0;

  let label: RegimeLabel;
  if (
    vol >= t.volatilePct ||
    liq < t.illiquidScore ||
    (gamma <= t.shortGamma && vol >= t.shortGammaVolatilePct)
  ) {
    label = 'volatile';
  } else if (Math.abs(slope) >= t.trendSlope) {
    label = 'trending';
  } else if (vol <= t.calmPct && gamma > t.shortGamma) {
    label = 'calm';
  } else {
    label = 'mean_reverting';
  }
  const confidences = {
    volPercentile: conf(inputs.volPercentile),
    maSlope: conf(inputs.maSlope),
    liquidity: conf(inputs.liquidity),
    gammaSign: conf(inputs.gammaSign),
  };
  return {
    label,
    confidence: Math.min(...Object.values(confidences)),
    inputs: {
      volPercentile: vol,
      maSlope: slope,
      liquidity: liq,
      gammaSign: gamma,
      volPercentileConfidence: confidences.volPercentile,
      maSlopeConfidence: confidences.maSlope,
      liquidityConfidence: confidences.liquidity,
      gammaSignConfidence: confidences.gammaSign,
    },
  };
}

/**
 * MA slope input from closes: (SMA20 now − SMA20 `lookback` bars ago) / lookback / ATR14.
 * Confidence grows with the data behind it: full at 2 × 20 + lookback bars.
 */
export function maSlopeSignal(
  closes: readonly number[],
  atr14: number | null,
  period = 20,
  lookback = 5,
): RegimeSignal | null {
  if (closes.length < period + lookback || atr14 === null || !(atr14 > 0)) return null;
  const avg = (from: number): number => {
    let s = 0;
    for (let i = from; i < from + period; i++) s += closes[i];
    return s / period;
  };
  const n = closes.length;
  const now = avg(n - period);
  const before = avg(n - period - lookback);
  return {
    value: (now - before) / lookback / atr14,
    confidence: Math.min(1, n / (2 * period + lookback)),
  };
}

/** Gamma sign input: net / gross GEX, with confidence growing with |net| / gross (5 % → full). */
export function gammaSignSignal(net: number, gross: number): RegimeSignal | null {
  if (!(gross > 0)) return null;
  const ratio = net / gross;
  return { value: ratio, confidence: Math.min(1, Math.abs(ratio) / 0.05) };
}
