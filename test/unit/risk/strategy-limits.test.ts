import { describe, expect, it } from 'vitest';
import { evaluateRisk } from '../../../src/risk/risk-engine.js';
import { DEFAULT_RISK_LIMITS, riskLimitsFromConfig } from '../../../src/risk/risk-limits.js';
import { parseStrategyLimits } from '../../../src/risk/strategy-limits.js';
import { loadConfig } from '../../../src/config/config.js';
import { candidate, position, riskInput } from '../engine/fixtures.js';

const thetaPos = (strategy: 'gex_squeeze' | 'scalp', theta: number) =>
  position({ strategy, greeks: { delta: 0, gamma: 0, theta, vega: 0 } });

describe('theta books and per-strategy limits', () => {
  it('a short-dated trade counts against its own theta budget, not the swing book', () => {
    // The swing book is already at −399 $/day: a swing-book trade is refused …
    const swingFull = [thetaPos('gex_squeeze', -3.99)];
    const swing = evaluateRisk(riskInput({ positions: swingFull }), undefined);
    expect(swing.rejections.map((r) => r.rule)).toContain('net_theta');
    // … while a 0DTE scalp still fits in the short-dated book.
    const scalp = evaluateRisk(
      riskInput({
        positions: swingFull,
        candidate: candidate({
          strategy: 'scalp',
          setup: 'premium_move_call',
          greeksPerUnit: { delta: 0.5, gamma: 0.05, theta: -1.5, vega: 0.02 },
        }),
      }),
      undefined,
    );
    const theta = scalp.checks.find((x) => x.rule === 'net_theta')!;
    expect(theta.passed).toBe(true);
    expect(theta.limit).toBe(DEFAULT_RISK_LIMITS.shortDatedTheta.minNetTheta);
    expect(theta.message).toMatch(/short-dated book/);
    // Short-dated positions do not use up the swing book either.
    const swingAfterScalps = evaluateRisk(
      riskInput({ positions: [thetaPos('scalp', -40)] }),
      undefined,
    );
    expect(swingAfterScalps.rejections.map((r) => r.rule)).not.toContain('net_theta');
  });

  it('per-strategy limits: open positions and contracts an order', () => {
    const limits = {
      ...DEFAULT_RISK_LIMITS,
      strategyLimits: { gex_squeeze: { maxPositions: 1, maxContracts: 1 } },
    };
    const full = evaluateRisk(
      riskInput({ limits, positions: [position({ strategy: 'gex_squeeze' })] }),
      undefined,
    );
    expect(full.rejections.map((r) => r.rule)).toContain('strategy_positions');
    const sized = evaluateRisk(riskInput({ limits }), undefined);
    expect(sized.quantity).toBeLessThanOrEqual(1);
    expect(() => parseStrategyLimits('{"nope":{}}', ['scalp'])).toThrow(/unknown strategy "nope"/);
    expect(() => parseStrategyLimits('{"scalp":{"maxLoss":1}}', ['scalp'])).toThrow(/maxLoss/);
    const fromConfig = riskLimitsFromConfig(
      loadConfig({
        RISK_STRATEGY_LIMITS_JSON: '{"scalp":{"maxPositions":2}}',
        RISK_SHORT_DATED_MIN_NET_THETA: '-2500',
      }),
    );
    expect(fromConfig.strategyLimits).toEqual({ scalp: { maxPositions: 2 } });
    expect(fromConfig.shortDatedTheta.minNetTheta).toBe(-2500);
  });
});
