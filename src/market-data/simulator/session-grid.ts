/**
 * The session's time grid: step count, step length in trading-time years, and the intraday
 * seasonality of variance and volume that every symbol's path and flow are scaled by.
 */
import type { TradingSession } from '../../common/market-calendar.js';

/** Trading-time year: 252 days of 6.5 hours. */
const TRADING_YEAR_SECONDS = 252 * 6.5 * 3600;
const NORMAL_SESSION_SECONDS = 6.5 * 3600;

export interface SessionGrid {
  readonly session: TradingSession;
  readonly stepMs: number;
  /** Number of steps in the session (4,680 at 5 s on a full day). */
  readonly steps: number;
  /** One step in trading-time years. */
  readonly dt: number;
  /** Variance seasonality by step (mean 1 over the session). */
  readonly varianceWeight: Float64Array;
  /** Volume seasonality by step (mean 1 over the session). */
  readonly volumeWeight: Float64Array;
  /** Share of a normal day's variance left from step i to the close. */
  readonly remainingVariance: Float64Array;
}

export function buildSessionGrid(session: TradingSession, stepMs: number): SessionGrid {
  const steps = Math.floor((session.closeAt - session.openAt) / stepMs);
  const dt = stepMs / 1000 / TRADING_YEAR_SECONDS;

  // Intraday seasonality: variance and volume high at the open, low at midday, rising into the
  // close (volume more so, from the closing auction). Mean 1 over a session.
  const n = steps;
  const varianceWeight = new Float64Array(n);
  const volumeWeight = new Float64Array(n);
  let vSum = 0;
  let qSum = 0;
  for (let i = 0; i < n; i++) {
    const x = (i + 0.5) / n;
    varianceWeight[i] = 0.6 + 2.2 * Math.exp(-x / 0.05) + 0.9 * Math.exp(-(1 - x) / 0.06);
    volumeWeight[i] = 0.5 + 2.5 * Math.exp(-x / 0.06) + 2.2 * Math.exp(-(1 - x) / 0.04);
    vSum += varianceWeight[i];
    qSum += volumeWeight[i];
  }
  const normalSteps = (NORMAL_SESSION_SECONDS * 1000) / stepMs;
  for (let i = 0; i < n; i++) {
    varianceWeight[i] *= n / vSum;
    volumeWeight[i] *= n / qSum;
  }
  const remainingVariance = new Float64Array(n + 1);
  for (let i = n - 1; i >= 0; i--) {
    remainingVariance[i] = remainingVariance[i + 1] + varianceWeight[i] / normalSteps;
  }
  return { session, stepMs, steps, dt, varianceWeight, volumeWeight, remainingVariance };
}

/** The simulated instant of step `index`. */
export function stepInstant(grid: SessionGrid, index: number): number {
  return grid.session.openAt + index * grid.stepMs;
}
