import { describe, expect, it } from 'vitest';
import { evaluateRisk, SetupStats } from '../../../src/risk/risk-engine.js';
import { kellySize } from '../../../src/risk/kelly.js';
import { CorrelationTracker, pearson } from '../../../src/risk/correlation.js';
import {
  DEFAULT_RISK_LIMITS,
  parseWindow,
  riskLimitsFromConfig,
} from '../../../src/risk/risk-limits.js';
import { capitalPerContract, riskPerContract } from '../../../src/risk/rules.js';
import type { RuleId } from '../../../src/risk/rule-types.js';
import { loadConfig } from '../../../src/config/config.js';
import { ManualQueue } from '../../../src/risk/manual-queue.js';
import { candidate, ny, position, riskInput } from '../engine/fixtures.js';

function failed(v: ReturnType<typeof evaluateRisk>): RuleId[] {
  return v.rejections.map((r) => r.rule);
}

describe('risk verdicts', () => {
  it('approves a clean candidate and records every rule with value and limit', () => {
    const v = evaluateRisk(riskInput(), undefined);
    expect(v.status).toBe('approved');
    expect(v.quantity).toBeGreaterThanOrEqual(1);
    expect(v.rejections).toEqual([]);
    for (const c of v.checks) {
      expect(c.passed).toBe(true);
      expect(c.message.length).toBeGreaterThan(0);
    }
    expect(v.checks.map((c) => c.rule)).toEqual(
      expect.arrayContaining([
        'net_delta',
        'net_gamma',
        'net_theta',
        'portfolio_heat',
        'buying_power',
      ]),
    );
  });

  it('rejects when net delta after the order exceeds 2,000', () => {
    const input = riskInput({
      positions: [position({ greeks: { delta: 19.8, gamma: 0, theta: 0, vega: 0 } })],
    });
    const v = evaluateRisk(input, undefined);
    expect(v.status).toBe('rejected');
    const r = v.rejections.find((x) => x.rule === 'net_delta')!;
    expect(r.limit).toBe(2000);
    expect(Number(r.value)).toBeGreaterThan(2000);
    // one contract less of existing delta passes
    const ok = evaluateRisk(
      riskInput({ positions: [position({ greeks: { delta: 10, gamma: 0, theta: 0, vega: 0 } })] }),
      undefined,
    );
    expect(failed(ok)).not.toContain('net_delta');
  });

  it('rejects net gamma above 500 and theta below -400', () => {
    const g = evaluateRisk(
      riskInput({ positions: [position({ greeks: { delta: 0, gamma: 5, theta: 0, vega: 0 } })] }),
      undefined,
    );
    expect(failed(g)).toContain('net_gamma');
    const t = evaluateRisk(
      riskInput({
        positions: [position({ greeks: { delta: 0, gamma: 0, theta: -3.99, vega: 0 } })],
      }),
      undefined,
    );
    expect(failed(t)).toContain('net_theta');
    expect(t.rejections.find((x) => x.rule === 'net_theta')!.limit).toBe(-400);
  });

  it('0DTE: caps at 6 contracts per ticker, |delta| 500, liquidity B', () => {
    const zero = candidate({
      strategy: 'gamma_scalp_0dte',
      setup: 'gamma_strike',
      maxContracts: 20,
      greeksPerUnit: { delta: 0.3, gamma: 0.1, theta: -0.2, vega: 0.05 },
    });
    const ok = evaluateRisk(riskInput({ candidate: zero }), undefined);
    expect(ok.status).toBe('approved');
    expect(ok.quantity).toBeLessThanOrEqual(6);
    const held = evaluateRisk(
      riskInput({
        candidate: zero,
        positions: [
          position({
            symbol: 'SPY',
            strategy: 'gamma_scalp_0dte',
            contracts: 6,
            greeks: { delta: 0, gamma: 0, theta: 0, vega: 0 },
          }),
        ],
      }),
      undefined,
    );
    expect(failed(held)).toContain('zero_dte_contracts');
    const bigDelta = evaluateRisk(
      riskInput({
        candidate: { ...zero, greeksPerUnit: { delta: 6, gamma: 0, theta: 0, vega: 0 } },
      }),
      undefined,
    );
    expect(failed(bigDelta)).toContain('zero_dte_delta');
    const illiquid = evaluateRisk(
      riskInput({ candidate: { ...zero, liquidityGrade: 'C' } }),
      undefined,
    );
    expect(failed(illiquid)).toEqual(['zero_dte_liquidity']);
  });

  it('swing: at most 3 positions, correlation ≤ 0.7, liquidity B', () => {
    const sw = candidate({ strategy: 'swing', setup: 'regime_pullback', symbol: 'QQQ' });
    const three = [1, 2, 3].map((i) =>
      position({
        signalId: `S${i}`,
        symbol: `X${i}`,
        strategy: 'swing',
        greeks: { delta: 0, gamma: 0, theta: 0, vega: 0 },
      }),
    );
    expect(
      failed(evaluateRisk(riskInput({ candidate: sw, positions: three }), undefined)),
    ).toContain('swing_max_positions');
    expect(
      evaluateRisk(riskInput({ candidate: sw, positions: three.slice(0, 2) }), undefined).status,
    ).toBe('approved');
    const corr = evaluateRisk(
      riskInput({
        candidate: sw,
        positions: [three[0]],
        correlation: (a, b) => (a === b ? 1 : 0.85),
      }),
      undefined,
    );
    expect(failed(corr)).toContain('swing_correlation');
    expect(
      failed(evaluateRisk(riskInput({ candidate: { ...sw, liquidityGrade: 'D' } }), undefined)),
    ).toEqual(['swing_liquidity']);
  });

  it('MOC: only 15:30–15:50 ET and notional ≤ $10,000', () => {
    const moc = candidate({
      strategy: 'moc_imbalance',
      setup: 'buy_imbalance',
      entry: 4,
      stop: 3,
      target: 6,
      maxContracts: 100,
    });
    const inside = evaluateRisk(riskInput({ candidate: moc, now: ny(15, 35) }), undefined);
    expect(inside.status).toBe('approved');
    expect(inside.quantity * 4 * 100).toBeLessThanOrEqual(10_000);
    expect(failed(evaluateRisk(riskInput({ candidate: moc, now: ny(15, 50) }), undefined))).toEqual(
      ['moc_window'],
    );
    expect(failed(evaluateRisk(riskInput({ candidate: moc, now: ny(15, 29) }), undefined))).toEqual(
      ['moc_window'],
    );
    const pricey = evaluateRisk(
      riskInput({ candidate: { ...moc, entry: 120, stop: 119 }, now: ny(15, 35) }),
      undefined,
    );
    expect(failed(pricey)).toContain('moc_notional');
  });

  it('time-of-day windows per strategy', () => {
    expect(failed(evaluateRisk(riskInput({ now: ny(9, 31) }), undefined))).toEqual(['time_window']);
    expect(failed(evaluateRisk(riskInput({ now: ny(15, 56) }), undefined))).toEqual([
      'time_window',
    ]);
  });

  it('refuses outside the regular session by the time window, whatever the minute', () => {
    // Saturday 7 March 2026 at 11:00, and 13:30 after the half day's close on 27 November.
    for (const now of [ny(11, 0, 0, 7), ny(13, 30, 0, 27, 11)]) {
      const v = evaluateRisk(riskInput({ now }), undefined);
      expect(failed(v)).toEqual(['time_window']);
      expect(v.rejections[0].message).toContain('market closed');
    }
  });

  it('correlated same-direction positions, heat, buying power, max concurrent trades', () => {
    const corr = (a: string, b: string) => (a === b ? 1 : 0.9);
    const three = [1, 2, 3].map((i) =>
      position({
        signalId: `S${i}`,
        symbol: `X${i}`,
        riskDollars: 0,
        greeks: { delta: 0, gamma: 0, theta: 0, vega: 0 },
      }),
    );
    expect(
      failed(evaluateRisk(riskInput({ positions: three, correlation: corr }), undefined)),
    ).toEqual(['correlated_positions']);
    // opposite direction does not count
    const bears = three.map((p) => ({ ...p, direction: 'bearish' as const }));
    expect(evaluateRisk(riskInput({ positions: bears, correlation: corr }), undefined).status).toBe(
      'approved',
    );
    expect(
      failed(
        evaluateRisk(riskInput({ positions: [position({ riskDollars: 19_990 })] }), undefined),
      ),
    ).toContain('portfolio_heat');
    expect(
      failed(
        evaluateRisk(
          riskInput({
            account: { equity: 100_000, startOfDayEquity: 100_000, buyingPower: 150, dayPnl: 0 },
          }),
          undefined,
        ),
      ),
    ).toContain('buying_power');
    const ten = Array.from({ length: 10 }, (_, i) =>
      position({
        signalId: `S${i}`,
        symbol: `Y${i}`,
        riskDollars: 0,
        greeks: { delta: 0, gamma: 0, theta: 0, vega: 0 },
      }),
    );
    expect(failed(evaluateRisk(riskInput({ positions: ten }), undefined))).toEqual([
      'max_concurrent_trades',
    ]);
  });

  it('daily loss circuit breaker at −3% of start-of-day equity', () => {
    const at = (dayPnl: number) =>
      evaluateRisk(
        riskInput({
          account: {
            equity: 100_000 + dayPnl,
            startOfDayEquity: 100_000,
            buyingPower: 90_000,
            dayPnl,
          },
        }),
        undefined,
      );
    expect(failed(at(-3_000))).toContain('daily_loss_breaker');
    expect(failed(at(-2_999))).not.toContain('daily_loss_breaker');
  });

  it('stale-data lockout: pricing feed > 3 s or analytics > 10 s halts new orders', () => {
    expect(failed(evaluateRisk(riskInput({ feedAgeMs: 3_001 }), undefined))).toEqual([
      'stale_pricing_feed',
    ]);
    expect(failed(evaluateRisk(riskInput({ feedAgeMs: 3_000 }), undefined))).toEqual([]);
    expect(failed(evaluateRisk(riskInput({ analyticsAgeMs: 10_001 }), undefined))).toEqual([
      'stale_analytics',
    ]);
    expect(failed(evaluateRisk(riskInput({ feedAgeMs: null }), undefined))).toEqual([
      'stale_pricing_feed',
    ]);
  });

  it('overseer controls: halt, halted symbol, disabled strategy, taper', () => {
    const base = riskInput();
    expect(
      failed(
        evaluateRisk(
          { ...base, controls: { ...base.controls, halted: true, haltReason: 'data stale' } },
          undefined,
        ),
      ),
    ).toEqual(['overseer_halt']);
    expect(
      failed(
        evaluateRisk(
          { ...base, controls: { ...base.controls, haltedSymbols: new Set(['SPY']) } },
          undefined,
        ),
      ),
    ).toEqual(['symbol_halted']);
    expect(
      failed(
        evaluateRisk(
          {
            ...base,
            controls: { ...base.controls, disabledStrategies: new Set(['gex_squeeze' as const]) },
          },
          undefined,
        ),
      ),
    ).toEqual(['strategy_disabled']);
    const full = evaluateRisk(base, undefined);
    const half = evaluateRisk(
      { ...base, controls: { ...base.controls, sizeMultiplier: 0.5 } },
      undefined,
    );
    expect(half.quantity).toBe(Math.floor(full.quantity * 0.5));
  });

  it('manual mode queues instead of approving', async () => {
    const v = evaluateRisk(riskInput({}, { manualMode: true }), undefined);
    expect(v.status).toBe('queued_manual');
    const q = new ManualQueue(60_000);
    const e = await q.enqueue(v, ny(10, 0));
    expect(await q.pending(ny(10, 0))).toHaveLength(1);
    expect(await q.take(e.id, ny(10, 2))).toBeNull();
  });

  it('limits come from config', () => {
    const cfg = loadConfig({
      RISK_MAX_NET_DELTA: '1500',
      RISK_MOC_WINDOW: '15:00-15:45',
      RISK_MANUAL_MODE: 'true',
    });
    const limits = riskLimitsFromConfig(cfg);
    expect(limits.maxNetDelta).toBe(1500);
    expect(limits.moc.window).toEqual(parseWindow('15:00-15:45'));
    expect(limits.manualMode).toBe(true);
    expect(riskLimitsFromConfig(loadConfig({}))).toEqual(DEFAULT_RISK_LIMITS);
    expect(() => loadConfig({ RISK_MOC_WINDOW: '3pm' })).toThrow(/RISK_MOC_WINDOW/);
  });
});

describe('credit trades (signed closing-value scale)', () => {
  it('risk per contract is entry − stop: a 1.20 credit with a 2.40 buy-back stop risks $120', () => {
    expect(riskPerContract({ entry: -1.2, stop: -2.4 })).toBeCloseTo(120, 9);
    expect(riskPerContract({ entry: 2, stop: 1.5 })).toBeCloseTo(50, 9);
    expect(capitalPerContract({ entry: -1.2, stop: -2.4 })).toBeCloseTo(120, 9);
    const condor = candidate({
      strategy: 'gex_iron_condor',
      setup: 'condor',
      direction: 'neutral',
      entry: -1.2,
      stop: -2.4,
      target: -0.6,
      maxContracts: 50,
      greeksPerUnit: { delta: 0, gamma: -0.01, theta: 0.2, vega: -0.1 },
    });
    const v = evaluateRisk(riskInput({ candidate: condor }), undefined);
    expect(v.status).toBe('approved');
    expect(v.riskPerContract).toBeCloseTo(120, 9);
    // planned payoff (−0.6 − −1.2)/(−1.2 − −2.4) = 0.5; prior = confidence 0.7 → 0.7 − 0.3/0.5 = 0.1
    expect(v.kelly.payoff).toBeCloseTo(0.5, 12);
    expect(v.kelly.fullKelly).toBeCloseTo(0.1, 12);
    // with a 0.5 confidence there is no edge at this payoff
    expect(
      failed(evaluateRisk(riskInput({ candidate: { ...condor, confidence: 0.5 } }), undefined)),
    ).toEqual(['kelly_size']);
  });
});

describe('fractional Kelly', () => {
  it('uses the prior when a setup has no trades and the measured record as it grows', () => {
    const none = kellySize({
      record: undefined,
      plannedPayoff: 2,
      fraction: 0.25,
      priorTrades: 20,
      priorWinRate: 0.5,
    });
    expect(none.winRate).toBe(0.5);
    expect(none.fullKelly).toBeCloseTo(0.5 - 0.5 / 2, 12);
    expect(none.betFraction).toBeCloseTo(0.0625, 12);
    // 60 wins of 80 trades, avg win 1.0, avg loss 0.5 → b = 2; p = (60 + 10)/(100) = 0.7
    const rec = kellySize({
      record: { trades: 80, wins: 60, sumWin: 60, sumLoss: 10 },
      plannedPayoff: 1,
      fraction: 0.25,
      priorTrades: 20,
      priorWinRate: 0.5,
    });
    expect(rec.winRate).toBeCloseTo(0.7, 12);
    expect(rec.payoff).toBeCloseTo(2, 12);
    expect(rec.betFraction).toBeCloseTo(0.25 * (0.7 - 0.3 / 2), 12);
  });

  it('no edge → size 0 → rejected by kelly_size', () => {
    const stats = new SetupStats();
    for (let i = 0; i < 200; i++)
      stats.record('gex_squeeze', 'squeeze_long_calls', i % 10 === 0 ? 0.5 : -1);
    const v = evaluateRisk(riskInput(), stats.get('gex_squeeze', 'squeeze_long_calls'));
    expect(v.kelly.fullKelly).toBeLessThan(0);
    expect(failed(v)).toEqual(['kelly_size']);
  });
});

describe('correlation', () => {
  it('pearson on a hand-computed series', () => {
    expect(pearson([1, 2, 3, 4, 5], [2, 4, 6, 8, 10])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3, 4, 5], [5, 4, 3, 2, 1])).toBeCloseTo(-1, 12);
    expect(pearson([1, 2], [1, 2])).toBeNull();
  });
  it('tracks spots per minute bucket', () => {
    const t = new CorrelationTracker();
    let a = 100;
    let b = 50;
    for (let i = 0; i < 20; i++) {
      const r = i % 2 === 0 ? 0.01 : -0.005;
      a *= 1 + r;
      b *= 1 + r;
      t.record('A', ny(10, i), a);
      t.record('B', ny(10, i, 30), b);
    }
    expect(t.correlation('A', 'B')).toBeCloseTo(1, 6);
    expect(t.correlation('A', 'A')).toBe(1);
    expect(t.correlation('A', 'C')).toBeNull();
  });
});
