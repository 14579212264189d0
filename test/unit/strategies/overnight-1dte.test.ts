import { describe, expect, it } from 'vitest';
import { createStrategy } from '../../../src/strategies/strategy.js';
import { overnight1dte } from '../../../src/strategies/rules/overnight-1dte.js';
import { at, context, snapshot } from './fixtures.js';

const strategy = createStrategy(overnight1dte);
const s0 = strategy.initialState();

function setup(o: { gap?: number; label?: 'trending' | 'calm'; vwap?: number; now?: number } = {}) {
  return snapshot({
    now: o.now ?? at('15:40'),
    spot: 500,
    regime: { label: o.label ?? 'trending', confidence: 0.7 },
    indicators: { vwap: o.vwap ?? 498 },
    momentum: { return15m: 0.001 },
    volForecast: { impliedMinusRealised: o.gap ?? -0.04, ewma: 0.24 },
  });
}
const ctx = (o: Parameters<typeof context>[0] = {}) => context({ now: at('15:40'), ...o });

describe('1DTE overnight', () => {
  it('buys the next-day call in the last 30 minutes of a trending up day with cheap implied vol', () => {
    const { candidates } = strategy.evaluate(setup(), ctx(), s0);
    expect(candidates).toHaveLength(1);
    const c = candidates[0];
    expect(c.direction).toBe('bullish');
    expect(c.legs[0]).toMatchObject({ right: 'call', expiry: '2026-03-04', side: 'buy' });
    expect(c.timeStopAt).toBe(at('10:00', '2026-03-04'));
    expect(c.riskFactors.join(' ')).toContain('gap');
  });

  it('buys puts below VWAP', () => {
    const { candidates } = strategy.evaluate(
      snapshot({ ...setup(), indicators: { vwap: 502 }, momentum: { return15m: -0.001 } }),
      ctx(),
      s0,
    );
    expect(candidates[0]?.legs[0].right).toBe('put');
  });

  it('does not fire before the last 30 minutes, in a calm regime, or when implied vol is not cheap', () => {
    expect(
      strategy.evaluate(setup({ now: at('15:20') }), ctx({ now: at('15:20') }), s0).candidates,
    ).toEqual([]);
    expect(strategy.evaluate(setup({ label: 'calm' }), ctx(), s0).candidates).toEqual([]);
    expect(strategy.evaluate(setup({ gap: -0.019 }), ctx(), s0).candidates).toEqual([]);
    expect(strategy.evaluate(setup({ gap: 0.05 }), ctx(), s0).candidates).toEqual([]);
    expect(strategy.evaluate(setup({ vwap: 499.5 }), ctx(), s0).candidates).toEqual([]);
  });

  it('fires at the window edge and the gap threshold', () => {
    expect(
      strategy.evaluate(setup({ now: at('15:30') }), ctx({ now: at('15:30') }), s0).candidates,
    ).toHaveLength(1);
    expect(strategy.evaluate(setup({ gap: -0.02 }), ctx(), s0).candidates).toHaveLength(1);
  });

  it('keeps one position a symbol and margin use within 35% of equity', () => {
    const pos = {
      symbol: 'SPY',
      strategy: 'overnight_1dte' as const,
      contracts: 2,
      greeks: { delta: 0, gamma: 0, theta: 0, vega: 0 },
    };
    expect(strategy.evaluate(setup(), ctx({ openPositions: [pos] }), s0).candidates).toEqual([]);
    const other = { ...pos, symbol: 'QQQ', strategy: 'swing' as const, capitalUsed: 35_000 };
    expect(strategy.evaluate(setup(), ctx({ openPositions: [other] }), s0).candidates).toEqual([]);
    const some = { ...other, capitalUsed: 34_500 };
    const c = strategy.evaluate(setup(), ctx({ openPositions: [some] }), s0).candidates[0];
    expect(c.maxContracts * c.entry * 100).toBeLessThanOrEqual(500);
  });
});

describe('1DTE overnight without an analytics vol forecast', () => {
  const bars = (stepPct: number) =>
    Array.from({ length: 60 }, (_, i) => {
      const close = 500 * (1 + (i % 2 === 0 ? stepPct : -stepPct));
      return {
        t: at('14:40') + i * 60_000,
        open: close,
        high: close,
        low: close,
        close,
        volume: 1_000,
      };
    });
  const snap = () => ({ ...setup(), volForecast: null, atmIv: 0.2 });

  it('falls back to ATM IV against realised vol from the 1-minute bars', () => {
    // ±0.2% a minute ≈ 125% annualised: implied 20% is far below it.
    const c = strategy.evaluate(snap(), ctx({ recentBars: bars(0.002) }), s0).candidates;
    expect(c).toHaveLength(1);
    expect(c[0].inputs.ivRvGapSource).toBe('atm IV vs 1-minute realised');
    expect(Number(c[0].inputs.impliedMinusRealised)).toBeLessThan(-0.5);
  });

  it('does not fire when the bars are calm or too few', () => {
    expect(strategy.evaluate(snap(), ctx({ recentBars: bars(0.0001) }), s0).candidates).toEqual([]);
    expect(
      strategy.evaluate(snap(), ctx({ recentBars: bars(0.002).slice(0, 20) }), s0).candidates,
    ).toEqual([]);
    expect(strategy.evaluate(snap(), ctx(), s0).candidates).toEqual([]);
  });
});
