/** GEX look-ups the GEX setups share. */
import type { AnalyticsSnapshot } from '../../analytics/analytics-snapshot.js';

/** A strike's |net GEX| as a share of Σ|net GEX| over all strikes (0 when there is no GEX). */
export function strikeGexShare(snapshot: AnalyticsSnapshot, strike: number): number {
  let total = 0;
  let at = 0;
  for (const r of snapshot.gex.byStrike) {
    total += Math.abs(r.net);
    if (Math.abs(r.strike - strike) < 1e-9) at += Math.abs(r.net);
  }
  return total > 0 ? at / total : 0;
}

/** The strongest call wall above spot and put wall below spot, when the profile has them. */
export function wallsAroundSpot(snapshot: AnalyticsSnapshot): {
  callWall: number | null;
  putWall: number | null;
} {
  const callWall = snapshot.gex.callWalls.find((s) => s > snapshot.spot) ?? null;
  const putWall = snapshot.gex.putWalls.find((s) => s < snapshot.spot) ?? null;
  return { callWall, putWall };
}
