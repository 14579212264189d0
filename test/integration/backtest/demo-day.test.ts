/**
 * The demo's day through the backtester: the config the demo loads (DEMO_DEFAULTS under no
 * environment), its date, scenario, symbols and seed, the daily history it seeds, and the engine
 * the live app builds from the same settings. At least five strategies trade on it, each because
 * the simulated market gives it its setup; every symbol the engine trades is pulled often enough
 * that the overseer's stale-data halt does not hold the demo's engine between pulls.
 * 60 s steps, one day of three symbols (about 20 s on two cores).
 */
import { describe, expect, it } from 'vitest';
import type { AnalyticsEngine } from '../../../src/analytics/engine/analytics-engine.js';
import { runBacktest } from '../../../src/backtest/backtester.js';
import { scenarioSessions } from '../../../src/backtest/scenario-sessions.js';
import { loadConfig } from '../../../src/config/config.js';
import { feedCadenceWarnings } from '../../../src/config/feed-cadence.js';
import { DEMO_DEFAULTS } from '../../../src/demo/demo-defaults.js';
import { resolveScenarios } from '../../../src/market-data/simulator/index.js';
import { demoDayScenario } from '../../../src/sandbox/story/demo-history.js';

describe("the demo's day", () => {
  it('is traded by at least five strategies', async () => {
    const config = loadConfig(DEMO_DEFAULTS);
    expect(config.ENGINE_SYMBOLS).toEqual(config.MARKET_DATA_SYMBOLS);
    expect(feedCadenceWarnings(config)).toEqual([]);
    const day = demoDayScenario({
      date: config.DEMO_DATE,
      symbols: config.MARKET_DATA_SYMBOLS,
      scenario: resolveScenarios([config.MARKET_DATA_SIM_SCENARIO])[0],
    });
    let analytics: AnalyticsEngine | null = null;
    const { published, verdicts } = await runBacktest({
      config,
      steps: scenarioSessions({
        scenarios: [day],
        seed: config.MARKET_DATA_SIM_SEED,
        stepMs: 60_000,
        onHistory: (symbol, rows) => analytics?.setHistory(symbol, rows),
      }),
      onAnalyticsEngine: (e) => (analytics = e),
      monteCarloRuns: 0,
    });
    const bySymbol = new Map<string, Set<string>>();
    for (const s of published)
      bySymbol.set(s.strategy, (bySymbol.get(s.strategy) ?? new Set()).add(s.symbol));
    const traded = [...bySymbol.keys()].sort();
    expect(traded.length, `strategies that traded: ${traded.join(', ')}`).toBeGreaterThanOrEqual(5);
    // The story the demo tells: NVDA's news breakout, QQQ's trend, SPY's close.
    expect([...(bySymbol.get('momentum_breakout') ?? [])]).toContain('NVDA');
    // No stale-data halt refused a candidate: the simulated feeds are fresh in the session.
    expect(verdicts.flatMap((v) => v.rejections.map((r) => r.rule))).not.toContain('overseer_halt');
  }, 180_000);
});
