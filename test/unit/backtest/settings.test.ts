/**
 * Strategy settings reach the engine through the backtest path: STRATEGIES_ENABLED decides which
 * strategies trade, and a changed STRATEGY_KNOBS_JSON knob changes what they do on the same seed.
 */
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/backtest/backtester.js';
import { simulatedSessions } from '../../../src/backtest/sources.js';
import { loadConfig } from '../../../src/config/config.js';

async function scalpCandidates(knobs: string): Promise<{
  candidates: number;
  strategies: string[];
  traded: string[];
}> {
  const config = loadConfig({
    STRATEGIES_ENABLED: 'scalp',
    STRATEGY_KNOBS_JSON: knobs,
  });
  const { report, verdicts, closedTrades } = await runBacktest({
    config,
    steps: simulatedSessions({
      from: '2026-03-03',
      to: '2026-03-03',
      symbols: ['SPY'],
      seed: 11,
      stepMs: 120_000,
    }),
    monteCarloRuns: 0,
  });
  return {
    candidates: verdicts.filter((v) => v.strategy === 'scalp').length,
    strategies: [...new Set(verdicts.map((v) => v.strategy))].sort(),
    traded: Object.keys(report.byStrategy).concat(closedTrades.map((t) => t.strategy)),
  };
}

describe('strategy settings in the backtest', () => {
  it('STRATEGIES_ENABLED limits the strategies; a higher scalp move threshold gives fewer scalp signals', async () => {
    // A 15-minute cooldown (the default is 90) so the threshold, not the cooldown, bounds them.
    const base = await scalpCandidates('{"scalp":{"cooldownMs":900000}}');
    const strict = await scalpCandidates('{"scalp":{"moveThreshold":0.08,"cooldownMs":900000}}');
    const defaults = await scalpCandidates('{}');
    expect(base.strategies).toEqual(['scalp']);
    expect(new Set(base.traded)).toEqual(new Set(['scalp']));
    expect(base.candidates).toBeGreaterThan(0);
    expect(strict.candidates).toBeLessThan(base.candidates);
    // The cooldown knob changes behaviour too: the default 90 minutes gives fewer than 15.
    expect(defaults.candidates).toBeGreaterThan(0);
    expect(defaults.candidates).toBeLessThan(base.candidates);
  }, 180_000);
});
