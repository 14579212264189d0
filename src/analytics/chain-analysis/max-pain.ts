/**
 * Max pain per expiry date (all roots of that date together): over the listed strikes X of the
 * expiry, minimise 100 × (Σ calls OI·max(X−K, 0) + Σ puts OI·max(K−X, 0)); ties go to the lowest
 * strike. Strikes are handled in integer thousandths (as in OCC symbols) so equal pains compare
 * equal exactly; prefix sums make each expiry O(strikes).
 */
import { CONTRACT_MULTIPLIER } from '../../vocabulary/units.js';
import type { ChainColumns } from './columns.js';
import { freshWorkspace, type ChainWorkspace } from './workspace.js';

export interface MaxPainPoint {
  strike: number;
  /** Total intrinsic value paid to holders at that settlement, dollars. */
  pain: number;
}

/** Expiry date → max-pain strike and its pain, for the expiries present in the columns. */
export function maxPainByExpiry(
  cols: ChainColumns,
  workspace: ChainWorkspace = freshWorkspace(),
): Record<string, MaxPainPoint> {
  const { n, isCall, openInterest, expiryIndex, expiries, strikes, strikeIndex } = cols;
  const nStrikes = strikes.length;
  // OI per (expiry, strike), and which strikes each expiry lists.
  const cells = expiries.length * nStrikes;
  const callOi = workspace.float64('maxPainCallOi', cells, true);
  const putOi = workspace.float64('maxPainPutOi', cells, true);
  const listed = workspace.uint8('maxPainListed', cells, true);
  for (let i = 0; i < n; i++) {
    const cell = expiryIndex[i] * nStrikes + strikeIndex[i];
    listed[cell] = 1;
    if (isCall[i] === 1) callOi[cell] += openInterest[i];
    else putOi[cell] += openInterest[i];
  }
  const result: Record<string, MaxPainPoint> = {};
  expiries.forEach((expiry, ei) => {
    const row = ei * nStrikes;
    // Calls strictly below X pay X−K: X·ΣOI − ΣOI·K over strikes below X. Puts above X pay K−X.
    let putOiAbove = 0;
    let putOiKAbove = 0;
    let any = false;
    for (let k = 0; k < nStrikes; k++) {
      if (listed[row + k] === 0) continue;
      any = true;
      const K = milli(strikes[k]);
      putOiAbove += putOi[row + k];
      putOiKAbove += putOi[row + k] * K;
    }
    if (!any) return;
    let callOiBelow = 0;
    let callOiKBelow = 0;
    let best = Infinity;
    let bestK = 0;
    for (let k = 0; k < nStrikes; k++) {
      if (listed[row + k] === 0) continue;
      const X = milli(strikes[k]);
      // The put at strike X pays nothing at X; remove it from the "above" sums.
      putOiAbove -= putOi[row + k];
      putOiKAbove -= putOi[row + k] * X;
      const pain = X * callOiBelow - callOiKBelow + (putOiKAbove - X * putOiAbove);
      if (pain < best) {
        best = pain;
        bestK = k;
      }
      callOiBelow += callOi[row + k];
      callOiKBelow += callOi[row + k] * X;
    }
    result[expiry] = { strike: strikes[bestK], pain: (best * CONTRACT_MULTIPLIER) / 1000 };
  });
  return result;
}

/** A strike in integer thousandths: sums of OI × strike stay exact, so equal pains tie exactly. */
function milli(strike: number): number {
  return Math.round(strike * 1000);
}
