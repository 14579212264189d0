import { describe, expect, it } from 'vitest';
import {
  confluenceKnobs,
  confluenceScore,
  confluenceSignal,
} from '../../../src/strategies/confluence.js';
import { snapshot } from './fixtures.js';

const bull = () =>
  snapshot({
    spot: 500,
    // Spot 1% below max pain: pulled up, full bullish.
    maxPainBias: { expiry: '2026-03-03', strike: 505, distancePct: -0.01, bias: 'bullish' },
    // 1% above the flip: full bullish.
    gex: { flip: 495, total: 1e9 },
    regime: { label: 'trending', confidence: 1 },
    momentum: { return15m: 0.004 },
    ivPercentile: 50,
  });

describe('confluence score', () => {
  it('is 100 / STRONG_BULLISH when every directional input agrees at full scale', () => {
    const r = confluenceScore(bull());
    expect(r.score).toBe(100);
    expect(r.signal).toBe('STRONG_BULLISH');
    expect(r.components).toEqual({ maxPain: 1, gex: 1, greeksRegime: 1, ivFactor: 1 });
    expect(r.reasons).toHaveLength(4);
  });

  it('weights max pain 40, GEX 30, Greeks regime 30', () => {
    const onlyMaxPain = snapshot({
      maxPainBias: { expiry: '2026-03-03', strike: 505, distancePct: -0.01, bias: 'bullish' },
    });
    expect(confluenceScore(onlyMaxPain).score).toBe(70); // 50 + 50·0.4
    const onlyGex = snapshot({ spot: 500, gex: { flip: 505 } });
    expect(confluenceScore(onlyGex).score).toBe(35); // 50 − 50·0.3
    const onlyRegime = snapshot({
      regime: { label: 'trending', confidence: 0.5 },
      momentum: { return15m: -0.01 },
    });
    expect(confluenceScore(onlyRegime).score).toBe(42.5); // 50 − 50·0.3·0.5
  });

  it('fades the move in a mean-reverting regime at half weight and ignores calm/volatile', () => {
    const mr = snapshot({
      regime: { label: 'mean_reverting', confidence: 1 },
      momentum: { return15m: 0.01 },
    });
    expect(confluenceScore(mr).components.greeksRegime).toBe(-0.5);
    const vol = snapshot({
      regime: { label: 'volatile', confidence: 1 },
      momentum: { return15m: 0.01 },
    });
    expect(confluenceScore(vol).components.greeksRegime).toBe(0);
  });

  it('damps conviction above the 80th IV percentile, to 0.6 at the 100th', () => {
    const rich = bull();
    rich.ivPercentile = 100;
    expect(confluenceScore(rich).score).toBe(80);
    rich.ivPercentile = 90;
    expect(confluenceScore(rich).components.ivFactor).toBeCloseTo(0.8, 10);
    rich.ivPercentile = 80;
    expect(confluenceScore(rich).components.ivFactor).toBe(1);
  });

  it('reads WAIT on a neutral snapshot and uses net GEX when there is no flip', () => {
    expect(confluenceScore(snapshot()).signal).toBe('WAIT');
    expect(confluenceScore(snapshot()).score).toBe(50);
    const neg = snapshot({ gex: { flip: null, total: -2e9 } });
    expect(confluenceScore(neg).components.gex).toBe(-1);
  });

  it('maps scores to signals at the band edges', () => {
    expect(confluenceSignal(80)).toBe('STRONG_BULLISH');
    expect(confluenceSignal(79.9)).toBe('BULLISH');
    expect(confluenceSignal(60)).toBe('BULLISH');
    expect(confluenceSignal(59.9)).toBe('WAIT');
    expect(confluenceSignal(40.1)).toBe('WAIT');
    expect(confluenceSignal(40)).toBe('BEARISH');
    expect(confluenceSignal(20)).toBe('STRONG_BEARISH');
    expect(confluenceSignal(0)).toBe('STRONG_BEARISH');
  });

  it('accepts other weights through its knobs', () => {
    const k = confluenceKnobs.parse({ weights: { maxPain: 1, gex: 0, greeksRegime: 0 } });
    const onlyMaxPain = snapshot({
      maxPainBias: { expiry: '2026-03-03', strike: 505, distancePct: -0.01, bias: 'bullish' },
    });
    expect(confluenceScore(onlyMaxPain, k).score).toBe(100);
    expect(() => confluenceKnobs.parse({ strongAbove: 120 })).toThrow();
  });
});
