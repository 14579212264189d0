/** Momentum look-ups with a fallback to the context's 1-minute bars. */
import type { AnalyticsSnapshot } from '../../analytics/analytics-snapshot.js';
import type { StrategyContext } from '../strategy-context.js';

/**
 * The underlying's return over the last `minutes`: the snapshot's own figure when analytics gives
 * it (1, 5, 15), else from the context's bars (close now vs the last close at or before then).
 */
export function returnOver(
  snapshot: AnalyticsSnapshot,
  context: StrategyContext,
  minutes: 1 | 5 | 15,
): number | null {
  const own =
    minutes === 1
      ? snapshot.momentum.return1m
      : minutes === 5
        ? snapshot.momentum.return5m
        : snapshot.momentum.return15m;
  if (own !== null) return own;
  const bars = (context.recentBars ?? []).filter((b) => b.t <= context.now);
  if (bars.length < 2) return null;
  const cutoff = context.now - minutes * 60_000;
  let ref: number | null = null;
  for (const b of bars) if (b.t <= cutoff) ref = b.close;
  if (ref === null || !(ref > 0)) return null;
  return snapshot.spot / ref - 1;
}

/** 30-day average options volume: the context's history first, then the snapshot's flow. */
export function averageOptionsVolume(
  snapshot: AnalyticsSnapshot,
  context: StrategyContext,
): number | null {
  const v = context.history.avgOptionsVolume30d ?? snapshot.flow?.avgOptionsVolume30d ?? null;
  return v !== null && v > 0 ? v : null;
}

/**
 * Today's options volume against its 30-day daily average. Basis "pace" (default) compares with
 * the share of an average day that should have traded by now — volume / (average × elapsed
 * fraction of the session, at least `minFraction`) — so a morning is not measured against a whole
 * day; "day" compares with the whole-day average as is. Null without volume or an average.
 */
export function optionsVolumeMultiple(
  snapshot: AnalyticsSnapshot,
  context: StrategyContext,
  basis: 'pace' | 'day',
  minFraction = 0.1,
): { multiple: number; volume: number; average: number; expected: number } | null {
  const average = averageOptionsVolume(snapshot, context);
  const volume = snapshot.flow?.optionsVolume ?? null;
  if (average === null || volume === null) return null;
  const { openAt, closeAt } = context.session;
  const elapsed = closeAt > openAt ? (context.now - openAt) / (closeAt - openAt) : 1;
  const fraction = basis === 'pace' ? Math.min(1, Math.max(minFraction, elapsed)) : 1;
  const expected = average * fraction;
  return { multiple: volume / expected, volume, average, expected };
}

/** 1-minute bars in a regular session year: 390 × 252. */
const MINUTE_BARS_PER_YEAR = 390 * 252;

/**
 * Annualised realised vol from the context's 1-minute bars (close-to-close log returns, at most
 * the last `maxBars`), or null with fewer than `minBars` returns. A fallback for when analytics
 * has no daily realised-vol history yet.
 */
export function intradayRealisedVol(
  context: StrategyContext,
  minBars = 30,
  maxBars = 390,
): number | null {
  const bars = (context.recentBars ?? []).filter((b) => b.t <= context.now).slice(-(maxBars + 1));
  const r: number[] = [];
  for (let i = 1; i < bars.length; i++) {
    const a = bars[i - 1].close;
    const b = bars[i].close;
    if (a > 0 && b > 0) r.push(Math.log(b / a));
  }
  if (r.length < minBars) return null;
  const mean = r.reduce((s, x) => s + x, 0) / r.length;
  const variance = r.reduce((s, x) => s + (x - mean) * (x - mean), 0) / (r.length - 1);
  return Math.sqrt(variance * MINUTE_BARS_PER_YEAR);
}
