/**
 * The scenario library through the engine: over every scenario each of the eleven strategies
 * opens at least one position, scalp opens under half of them, and no strategy has every
 * candidate refused by one risk rule.
 * 60 s steps, one to two symbols a scenario (a couple of minutes on two cores).
 */
import { describe, expect, it } from 'vitest';
import type { AnalyticsEngine } from '../../../src/analytics/engine/analytics-engine.js';
import { runBacktest } from '../../../src/backtest/backtester.js';
import { scenarioDays, scenarioSessions } from '../../../src/backtest/scenario-sessions.js';
import { loadConfig } from '../../../src/config/config.js';
import { SCENARIOS } from '../../../src/market-data/simulator/index.js';
import { STRATEGY_NAMES } from '../../../src/strategies/registry.js';

describe('backtest --scenarios all', () => {
  it('every strategy trades; none is refused on every candidate by one rule', async () => {
    let analytics: AnalyticsEngine | null = null;
    const { report, verdicts } = await runBacktest({
      config: loadConfig({}),
      steps: scenarioSessions({
        scenarios: SCENARIOS,
        seed: 11,
        stepMs: 60_000,
        onHistory: (symbol, rows) => analytics?.setHistory(symbol, rows),
      }),
      onAnalyticsEngine: (e) => (analytics = e),
      scenarioOf: scenarioDays(SCENARIOS),
      monteCarloRuns: 0,
    });
    const byScenario = report.byScenario!;
    expect(Object.keys(byScenario)).toEqual(SCENARIOS.map((s) => s.name));
    const entries: Record<string, number> = {};
    for (const b of Object.values(byScenario))
      for (const [name, n] of Object.entries(b.entriesByStrategy))
        entries[name] = (entries[name] ?? 0) + n;
    expect(Object.keys(report.byStrategy).sort()).toEqual([...STRATEGY_NAMES].sort());
    const silent = STRATEGY_NAMES.filter((n) => !(entries[n] > 0));
    expect(silent, `strategies that never traded: ${silent.join(', ')}`).toEqual([]);
    // A mix, not a scalp book: scalp takes under half of the trades.
    const all = Object.values(entries).reduce((a, b) => a + b, 0);
    expect(entries.scalp / all).toBeLessThan(0.5);
    for (const name of STRATEGY_NAMES) {
      const mine = verdicts.filter((v) => v.strategy === name);
      if (mine.length === 0) continue;
      const rules = new Set(
        mine.map((v) => (v.rejections.length === 1 ? v.rejections[0].rule : '')),
      );
      const allByOne = rules.size === 1 && !rules.has('');
      expect(allByOne, `${name}: every candidate refused by ${[...rules][0]}`).toBe(false);
    }
  }, 600_000);
});
