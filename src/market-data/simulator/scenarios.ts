/**
 * The scenario library: named, seeded market days for demos, tests and backtests, each the
 * simulator's ordinary day with a shape (day-shape.ts) that makes the market a strategy is built
 * for — a trend day, a pinned day at a large wall, a short-gamma squeeze, a volatility crush, a
 * closing imbalance, an overnight gap, a range day, a block day, a multi-day swing trend. Each
 * brings its own date(s), symbols and the daily history before its first day (closes, ATM IV,
 * options volume), so a short backtest is not a cold start.
 */
import { previousTradingDay, sessionFor } from '../../common/market-calendar.js';
import { planDay } from './day-skeleton.js';
import type { DayShapes } from './day-shape.js';
import { profileFor } from './profiles.js';
import { Prng, hash32 } from './prng.js';

export interface ScenarioHistoryShape {
  /** Mean daily log return over the month before the first day (a swing trend). */
  dailyDrift?: number;
  /** ATM IV of the history against the profile's usual level (rich before an event). */
  ivScale?: number;
}

export interface Scenario {
  name: string;
  description: string;
  /** The strategies the scenario is built for (docs and the report). */
  for: string[];
  symbols: string[];
  /** Trading days, in order, each with its shape. */
  days: { date: string; shapes: DayShapes }[];
  history?: ScenarioHistoryShape;
}

const day = (date: string, shapes: DayShapes): Scenario['days'][number] => ({ date, shapes });

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'trend_day',
    description: 'QQQ trends up all day; NVDA breaks out on news at 11:00 (7% in 15 minutes)',
    for: ['momentum_breakout', 'scalp'],
    symbols: ['QQQ', 'NVDA'],
    days: [
      day('2026-03-10', {
        QQQ: { trendReturn: 0.02, volPremiumScale: 0.9 },
        NVDA: {
          trendReturn: 0.06,
          activity: 3,
          bursts: [{ at: '11:00', direction: 1, size: 0.07, minutes: 12 }],
        },
      }),
    ],
  },
  {
    name: 'pinned_wall',
    description: 'SPY drifts into a large call wall 0.4% above the open and pins there',
    for: ['gamma_scalp_0dte', 'gex_wall_premium'],
    symbols: ['SPY'],
    days: [
      day('2026-03-11', {
        SPY: {
          trendReturn: 0.004,
          volScale: 0.8,
          callShare: 0.72,
          wallBoost: 40,
          wallDistance: 0.004,
        },
      }),
    ],
  },
  {
    name: 'gamma_squeeze',
    description:
      'QQQ opens 1% down under its gamma flip with dealers short gamma; a squeeze at 11:00',
    for: ['gex_squeeze'],
    symbols: ['QQQ'],
    days: [
      day('2026-03-12', {
        QQQ: {
          gapReturn: -0.01,
          trendReturn: 0.004,
          callShare: 0.4,
          volScale: 1.3,
          bursts: [{ at: '11:00', direction: 1, size: 0.012, minutes: 20 }],
        },
      }),
    ],
  },
  {
    name: 'vol_crush',
    description: 'after an event: IV falls from a rich history, QQQ sits at its gamma flip',
    for: ['gex_flip_vol'],
    symbols: ['QQQ'],
    history: { ivScale: 1.6 },
    days: [
      day('2026-03-13', {
        QQQ: { trendReturn: 0, volScale: 0.7, volPremiumScale: 0.75, callShare: 0.5 },
      }),
    ],
  },
  {
    name: 'closing_imbalance',
    description: 'a large buy imbalance builds into the close on SPY and IWM',
    for: ['moc_imbalance'],
    symbols: ['SPY', 'IWM'],
    days: [day('2026-03-16', { '*': { mocPressure: 4, trendReturn: 0.006 } })],
  },
  {
    name: 'overnight_gap',
    description: 'SPY trends up with options cheap against realised, then gaps up the next morning',
    for: ['overnight_1dte'],
    symbols: ['SPY'],
    days: [
      day('2026-03-17', { SPY: { trendReturn: 0.015, volScale: 1.4, volPremiumScale: 0.55 } }),
      day('2026-03-18', { SPY: { gapReturn: 0.008, trendReturn: 0.002 } }),
    ],
  },
  {
    name: 'range_day',
    description: 'SPY ranges between a put wall 2% below and a call wall 2% above, long gamma',
    for: ['gex_iron_condor', 'gex_wall_premium'],
    symbols: ['SPY'],
    days: [
      day('2026-03-19', {
        SPY: { trendReturn: 0, volScale: 0.75, callShare: 0.62, wallBoost: 30, wallDistance: 0.02 },
      }),
    ],
  },
  {
    name: 'block_day',
    description: 'AAPL trades 7× its usual options volume with block buyers of calls',
    for: ['volume_spike'],
    symbols: ['AAPL'],
    days: [
      day('2026-03-20', {
        AAPL: {
          activity: 7,
          blockShare: 0.1,
          trendReturn: 0.015,
          bursts: [{ at: '10:30', direction: 1, size: 0.02, minutes: 30 }],
        },
      }),
    ],
  },
  {
    name: 'swing_trend',
    description: 'SPY and QQQ in a month-long uptrend that carries on for three more days',
    for: ['swing'],
    symbols: ['SPY', 'QQQ'],
    history: { dailyDrift: 0.004 },
    days: [
      day('2026-03-23', { '*': { trendReturn: 0.006, volPremiumScale: 0.9 } }),
      day('2026-03-24', { '*': { trendReturn: 0.005 } }),
      day('2026-03-25', { '*': { trendReturn: 0.005 } }),
    ],
  },
];

export const SCENARIO_NAMES: readonly string[] = SCENARIOS.map((s) => s.name);

/** `all` or a comma list of names → the scenarios, in the library's order; throws on an unknown name. */
export function resolveScenarios(names: readonly string[]): Scenario[] {
  if (names.length === 0 || names.includes('all')) return [...SCENARIOS];
  const unknown = names.filter((n) => !SCENARIO_NAMES.includes(n));
  if (unknown.length > 0)
    throw new Error(
      `unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIO_NAMES.join(', ')}, all`,
    );
  return SCENARIOS.filter((s) => names.includes(s.name));
}

/** One day of a scenario's history: what a daily analytics row is made of. */
export interface ScenarioHistoryDay {
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  atmIv: number;
  optionsVolume: number;
}

/** Options volume of an ordinary simulated day (prints a step × steps × size, with blocks). */
export function typicalOptionsVolume(symbol: string): number {
  const p = profileFor(symbol, hash32(symbol));
  return Math.round(p.optionPrintsPerStep * 4680 * p.printSize * 1.25);
}

/**
 * `count` trading days (a trading year by default: the IV rank's window, and what the regime's
 * confidence in its vol percentile needs) before the scenario's first day, oldest first, seeded: closes that end at
 * the first day's previous close (with the history's drift), ATM IV around the profile's level
 * (× ivScale), the usual options volume.
 */
export function scenarioHistory(
  seed: number,
  scenario: Scenario,
  symbol: string,
  count = 252,
): ScenarioHistoryDay[] {
  const first = scenario.days[0].date;
  const profile = profileFor(symbol, hash32(symbol));
  const prevClose = planDay(seed, first, [profile]).get(symbol)!.prevClose;
  const rng = new Prng(hash32(`${seed}|${scenario.name}|${symbol}|history`));
  const sd = profile.vol / Math.sqrt(252);
  const drift = scenario.history?.dailyDrift ?? 0;
  const iv = profile.vol * profile.volPremium * (scenario.history?.ivScale ?? 1);
  const volume = typicalOptionsVolume(symbol);
  const out: ScenarioHistoryDay[] = [];
  let date = first;
  let close = prevClose;
  for (let k = 0; k < count; k++) {
    date = previousTradingDay(date);
    while (!sessionFor(date)) date = previousTradingDay(date);
    // The drift is the last month's (a swing trend), not the whole year's.
    const ret = (k < 30 ? drift : 0) + sd * rng.normal();
    const open = close / Math.exp(ret);
    const range = Math.abs(sd * rng.normal()) * close;
    const round = (x: number): number => Math.round(x * 100) / 100;
    out.push({
      date,
      open: round(open),
      high: round(Math.max(open, close) + range / 2),
      low: round(Math.min(open, close) - range / 2),
      close: round(close),
      atmIv: iv * Math.exp(0.08 * rng.normal()),
      optionsVolume: Math.round(volume * Math.exp(0.2 * rng.normal())),
    });
    close = open;
  }
  return out.reverse();
}
