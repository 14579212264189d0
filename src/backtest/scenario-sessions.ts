/**
 * Scenario sessions: the simulator's named scenarios (src/market-data/simulator/scenarios.ts)
 * one after another as MarketSteps, each day stepped like a simulated session, with the daily
 * history each scenario brings handed to the analytics (IV rank, 20-day closes, realised vol,
 * average options volume) before its first step.
 */
import { nyInstant } from '../common/market-calendar.js';
import type { DailySummary } from '../analytics/engine/engine-types.js';
import type { MarketStep } from '../engine/market-step.js';
import { dayStepCount, simulatorDaySteps } from './sources.js';
import { MarketSimulator, scenarioHistory, type Scenario } from '../market-data/simulator/index.js';

export interface ScenarioSessionsOptions {
  scenarios: readonly Scenario[];
  seed: number;
  /** Engine step, ms (the simulator moves 5 s at a time). */
  stepMs: number;
  /** Receives each symbol's history rows before the scenario's first step. */
  onHistory: (symbol: string, rows: DailySummary[]) => void;
  onDay?: (scenario: string, date: string) => void;
}

/** Daily analytics rows of a scenario's history for one symbol. */
export function scenarioHistoryRows(
  seed: number,
  scenario: Scenario,
  symbol: string,
): DailySummary[] {
  return scenarioHistory(seed, scenario, symbol).map((d) => ({
    symbol,
    date: d.date,
    atmIv: d.atmIv,
    open: d.open,
    high: d.high,
    low: d.low,
    close: d.close,
    realizedVol: null,
    netGex: null,
    optionsVolume: d.optionsVolume,
    forecast: { ewma: null, mse: null, observations: 0 },
    snapshotId: `scenario-${scenario.name}-${symbol}-${d.date}`,
    asOf: nyInstant(d.date, '16:00'),
  }));
}

/** Which scenario each New York date belongs to. */
export function scenarioDays(scenarios: readonly Scenario[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of scenarios) for (const d of s.days) out.set(d.date, s.name);
  return out;
}

/** Steps the scenarios will yield (for a progress bar). */
export function scenarioStepCount(scenarios: readonly Scenario[], stepMs: number): number {
  let n = 0;
  for (const s of scenarios) for (const d of s.days) n += dayStepCount(d.date, stepMs);
  return n;
}

export async function* scenarioSessions(o: ScenarioSessionsOptions): AsyncGenerator<MarketStep> {
  const dates = o.scenarios.flatMap((s) => s.days.map((d) => d.date));
  for (let i = 1; i < dates.length; i++)
    if (dates[i] <= dates[i - 1])
      throw new Error(`scenario days must run forward in time (${dates[i - 1]} then ${dates[i]})`);
  let previous: readonly string[] = [];
  for (const scenario of o.scenarios) {
    const retired = previous.filter((s) => !scenario.symbols.includes(s));
    previous = scenario.symbols;
    for (const symbol of scenario.symbols)
      o.onHistory(symbol, scenarioHistoryRows(o.seed, scenario, symbol));
    for (const d of scenario.days) {
      const sim = new MarketSimulator({
        seed: o.seed,
        symbols: scenario.symbols,
        date: d.date,
        stepMs: 5000,
        dayShapes: d.shapes,
      });
      let first = true;
      for (const step of simulatorDaySteps(sim, scenario.symbols, o.stepMs)) {
        // The previous scenario's symbols end with it (their feeds are not stale, they are gone).
        yield first && retired.length > 0 ? { ...step, retired } : step;
        first = false;
      }
      o.onDay?.(scenario.name, d.date);
    }
  }
}
