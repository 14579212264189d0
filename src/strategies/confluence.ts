/**
 * Confluence score 0–100: how many of the desk's positioning reads point the same way.
 *
 * The issue names four inputs (max pain bias, GEX bias, Greeks regime, IV percentile) and three
 * weights (40/30/30). Three of the inputs have a direction and one does not, so:
 * - max pain bias 40%, GEX bias 30%, Greeks regime 30% make a directional value d in [−1, 1];
 * - the IV percentile carries no direction; it scales conviction: up to the 80th percentile it
 *   leaves d alone, above it d shrinks linearly to 0.6·d at the 100th (very rich options mean the
 *   market already prices big moves either way, so a lean is less reliable).
 * score = 50 + 50 · d · ivFactor. ≥ 80 STRONG_BULLISH, ≥ 60 BULLISH, ≤ 20 STRONG_BEARISH,
 * ≤ 40 BEARISH, else WAIT.
 *
 * Components (each in [−1, 1], + = bullish):
 * - max pain: price below max pain is pulled up (bullish), above pulled down; |distance| / 1%
 *   saturates, 0 inside analytics' neutral band.
 * - GEX: price above the gamma flip (dealers damp moves, drift up) bullish, below bearish;
 *   |distance| / 1% saturates. Without a flip: the sign of net GEX, |net| / $2B.
 * - Greeks regime: the regime label weighted by its confidence, signed by the 15-minute (else
 *   5-minute) return: trending follows it, mean-reverting fades it at half weight, calm and
 *   volatile read 0.
 */
import { z } from 'zod';
import type { AnalyticsSnapshot } from '../analytics/analytics-snapshot.js';
import { clamp } from './shared/candidate-builder.js';

export type ConfluenceSignal = 'STRONG_BULLISH' | 'BULLISH' | 'WAIT' | 'BEARISH' | 'STRONG_BEARISH';

export const confluenceKnobs = z
  .object({
    weights: z
      .object({
        maxPain: z.number().min(0).default(0.4),
        gex: z.number().min(0).default(0.3),
        greeksRegime: z.number().min(0).default(0.3),
      })
      .default({ maxPain: 0.4, gex: 0.3, greeksRegime: 0.3 }),
    maxPainFullScalePct: z.number().positive().default(0.01),
    gexFlipFullScalePct: z.number().positive().default(0.01),
    gexNetFullScale: z.number().positive().default(2e9),
    ivDampFromPercentile: z.number().min(0).max(100).default(80),
    ivFactorAt100: z.number().min(0).max(1).default(0.6),
    strongAbove: z.number().min(50).max(100).default(80),
    plainAbove: z.number().min(50).max(100).default(60),
  })
  .strict();

export type ConfluenceKnobs = z.infer<typeof confluenceKnobs>;
export const DEFAULT_CONFLUENCE_KNOBS: ConfluenceKnobs = confluenceKnobs.parse({});

export interface ConfluenceResult {
  score: number;
  signal: ConfluenceSignal;
  components: { maxPain: number; gex: number; greeksRegime: number; ivFactor: number };
  reasons: string[];
}

export function maxPainComponent(s: AnalyticsSnapshot, k: ConfluenceKnobs): number {
  const b = s.maxPainBias;
  if (!b || b.bias === 'neutral') return 0;
  return clamp(-b.distancePct / k.maxPainFullScalePct, -1, 1);
}

export function gexComponent(s: AnalyticsSnapshot, k: ConfluenceKnobs): number {
  const { flip, total } = s.gex;
  if (flip !== null && s.spot > 0)
    return clamp((s.spot - flip) / s.spot / k.gexFlipFullScalePct, -1, 1);
  return clamp(total / k.gexNetFullScale, -1, 1);
}

export function greeksRegimeComponent(s: AnalyticsSnapshot): number {
  const r = s.momentum.return15m ?? s.momentum.return5m;
  if (r === null || r === 0) return 0;
  const dir = Math.sign(r);
  const c = clamp(s.regime.confidence, 0, 1);
  if (s.regime.label === 'trending') return dir * c;
  if (s.regime.label === 'mean_reverting') return -dir * c * 0.5;
  return 0;
}

export function ivFactor(s: AnalyticsSnapshot, k: ConfluenceKnobs): number {
  const p = s.ivPercentile;
  if (p === null || p <= k.ivDampFromPercentile) return 1;
  const span = 100 - k.ivDampFromPercentile;
  const t = span > 0 ? clamp((p - k.ivDampFromPercentile) / span, 0, 1) : 1;
  return 1 - t * (1 - k.ivFactorAt100);
}

export function confluenceSignal(
  score: number,
  k: ConfluenceKnobs = DEFAULT_CONFLUENCE_KNOBS,
): ConfluenceSignal {
  if (score >= k.strongAbove) return 'STRONG_BULLISH';
  if (score >= k.plainAbove) return 'BULLISH';
  if (score <= 100 - k.strongAbove) return 'STRONG_BEARISH';
  if (score <= 100 - k.plainAbove) return 'BEARISH';
  return 'WAIT';
}

export function confluenceScore(
  snapshot: AnalyticsSnapshot,
  knobs: ConfluenceKnobs = DEFAULT_CONFLUENCE_KNOBS,
): ConfluenceResult {
  const w = knobs.weights;
  const wsum = w.maxPain + w.gex + w.greeksRegime;
  const mp = maxPainComponent(snapshot, knobs);
  const gx = gexComponent(snapshot, knobs);
  const gr = greeksRegimeComponent(snapshot);
  const iv = ivFactor(snapshot, knobs);
  const d = wsum > 0 ? (w.maxPain * mp + w.gex * gx + w.greeksRegime * gr) / wsum : 0;
  const score = Math.round(clamp(50 + 50 * d * iv, 0, 100) * 10) / 10;
  const lean = (x: number) => (x > 0 ? 'bullish' : x < 0 ? 'bearish' : 'neutral');
  const reasons = [
    `max pain ${lean(mp)} (${mp.toFixed(2)} × ${w.maxPain})${snapshot.maxPainBias ? `: spot ${(snapshot.maxPainBias.distancePct * 100).toFixed(2)}% from ${snapshot.maxPainBias.strike}` : ''}`,
    `GEX ${lean(gx)} (${gx.toFixed(2)} × ${w.gex})${snapshot.gex.flip !== null ? `: flip ${snapshot.gex.flip.toFixed(2)}` : ''}`,
    `Greeks regime ${lean(gr)} (${gr.toFixed(2)} × ${w.greeksRegime}): ${snapshot.regime.label}`,
    `IV percentile ${snapshot.ivPercentile ?? 'n/a'} → conviction × ${iv.toFixed(2)}`,
  ];
  return {
    score,
    signal: confluenceSignal(score, knobs),
    components: { maxPain: mp, gex: gx, greeksRegime: gr, ivFactor: iv },
    reasons,
  };
}
