import { describe, expect, it } from 'vitest';
import {
  calmar,
  maxDrawdown,
  mean,
  monteCarlo,
  periodReturns,
  sharpe,
  sortino,
  stdev,
  tradeStats,
  walkForward,
} from '../../../src/backtest/metrics.js';
import { equityCurveSvg } from '../../../src/backtest/equity-svg.js';

const t = (pnl: number, strategy = 's', closedAt = 0) => ({ pnl, strategy, setup: 'x', closedAt });

describe('backtest metrics on hand-computed series', () => {
  it('trade statistics', () => {
    const s = tradeStats([t(100), t(-50), t(200), t(-50)]);
    expect(s).toEqual({
      trades: 4,
      wins: 2,
      losses: 2,
      winRate: 0.5,
      pnl: 200,
      avgWin: 150,
      avgLoss: -50,
      expectancy: 50,
      profitFactor: 3,
    });
    expect(tradeStats([]).winRate).toBe(0);
    expect(tradeStats([t(10)]).profitFactor).toBeNull(); // no losses: undefined ratio
  });

  it('Sharpe and Sortino', () => {
    const r = [0.01, -0.02, 0.03, 0.0];
    // mean 0.005; sample sd = sqrt((0.000025+0.000625+0.000625+0.000025)/3) = sqrt(0.0013/3)
    expect(mean(r)).toBeCloseTo(0.005, 15);
    expect(stdev(r)).toBeCloseTo(Math.sqrt(0.0013 / 3), 15);
    expect(sharpe(r)).toBeCloseTo((0.005 / Math.sqrt(0.0013 / 3)) * Math.sqrt(252), 12);
    // downside deviation = sqrt(0.0004 / 4) = 0.01
    expect(sortino(r)).toBeCloseTo((0.005 / 0.01) * Math.sqrt(252), 12);
    expect(sharpe([0.01, 0.01])).toBeNull();
    expect(sortino([0.01, 0.02])).toBeNull();
  });

  it('max drawdown and Calmar', () => {
    const eq = [100, 110, 99, 120, 90, 130];
    expect(maxDrawdown(eq)).toBeCloseTo(30 / 120, 15);
    expect(periodReturns([100, 110, 99])).toEqual([0.10000000000000009, -0.09999999999999998]);
    // 5 periods, total ×1.3: annual = 1.3^(252/5) − 1; Calmar = annual / 0.25
    expect(calmar(eq, 5)).toBeCloseTo((1.3 ** (252 / 5) - 1) / 0.25, 6);
    expect(calmar([100, 101, 102], 2)).toBeNull();
  });

  it('Monte Carlo resampling is seeded and bounded by the trades', () => {
    const pnls = [100, -50, 200, -50, -80, 30];
    const a = monteCarlo(pnls, 10_000, 500, 7)!;
    const b = monteCarlo(pnls, 10_000, 500, 7)!;
    expect(a).toEqual(b);
    expect(a.maxDrawdown.p5).toBeLessThanOrEqual(a.maxDrawdown.p50);
    expect(a.maxDrawdown.p50).toBeLessThanOrEqual(a.maxDrawdown.p95);
    // the worst path cannot lose more than every trade at the worst loss
    expect(a.maxDrawdown.worst).toBeLessThanOrEqual((6 * 80) / 10_000 + 1e-12);
    expect(monteCarlo([], 1, 10)).toBeNull();
    expect(monteCarlo([-1, -2], 100, 50, 1)!.probabilityOfLoss).toBe(1);
  });

  it('walk-forward keeps strategies with positive in-sample expectancy', () => {
    const days = ['d1', 'd2', 'd3'];
    const trades = [
      t(100, 'a', 1),
      t(-50, 'b', 1),
      t(-10, 'a', 2),
      t(-20, 'b', 2),
      t(40, 'a', 3),
      t(60, 'b', 3),
    ];
    const folds = walkForward(trades, days, (ms) => `d${ms}`, 2);
    expect(folds).toEqual([
      {
        inSample: ['d1', 'd2'],
        outOfSample: 'd3',
        selected: ['a'],
        outOfSamplePnl: 40,
        allStrategiesPnl: 100,
      },
    ]);
  });

  it('draws the equity curve as SVG', () => {
    const svg = equityCurveSvg(
      [
        { at: Date.UTC(2026, 2, 2, 15), equity: 100_000 },
        { at: Date.UTC(2026, 2, 3, 15), equity: 101_000 },
      ],
      'Equity <test>',
    );
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toMatch(/<path d="M[\d.]+ [\d.]+L/);
    expect(svg).toContain('Equity &lt;test&gt;');
    expect(svg).toContain('2026-03-02');
  });
});
