/**
 * Max pain per expiry date (all roots of that date together): over the listed strikes X of the
 * expiry, minimise 100 × (Σ calls OI·max(X−K, 0) + Σ puts OI·max(K−X, 0)); ties go to the lowest
 * strike. Strikes are handled in integer thousandths (as in OCC symbols) so equal pains compare
 * equal exactly; prefix sums make each expiry O(strikes).
 */
import type { ChainColumns } from './columns.js';

export interface MaxPainPoint {
  strike: number;
  /** Total intrinsic value paid to holders at that settlement, dollars. */
  pain: number;
}

/** Expiry date → max-pain strike and its pain, for the expiries present in the columns. */
export function maxPainByExpiry(cols: ChainColumns): Record<string, MaxPainPoint> {
  const { n, isCall, strike, openInterest, expiryIndex, expiries } = cols;
  const perExpiry: Map<number, { callOi: number; putOi: number }>[] = expiries.map(() => new Map());
  for (let i = 0; i < n; i++) {
    const milli = Math.round(strike[i] * 1000);
    const m = perExpiry[expiryIndex[i]];
    let e = m.get(milli);
    if (!e) {
      e = { callOi: 0, putOi: 0 };
      m.set(milli, e);
    }
    if (isCall[i] === 1) e.callOi += openInterest[i];
    else e.putOi += openInterest[i];
  }
  const result: Record<string, MaxPainPoint> = {};
  expiries.forEach((expiry, ei) => {
    const m = perExpiry[ei];
    if (m.size === 0) return;
    const ks = [...m.keys()].sort((a, b) => a - b);
    const len = ks.length;
    const callOi = ks.map((k) => (m.get(k) as { callOi: number }).callOi);
    const putOi = ks.map((k) => (m.get(k) as { putOi: number }).putOi);
    // Calls strictly below X pay X−K: X·ΣOI − ΣOI·K over k < j. Puts above X pay K−X.
    let putOiAbove = 0;
    let putOiKAbove = 0;
    for (let j = 0; j < len; j++) {
      putOiAbove += putOi[j];
      putOiKAbove += putOi[j] * ks[j];
    }
    let callOiBelow = 0;
    let callOiKBelow = 0;
    let best = Infinity;
    let bestJ = 0;
    for (let j = 0; j < len; j++) {
      const X = ks[j];
      // Put at strike X pays nothing at X; remove it from the "above" sums.
      putOiAbove -= putOi[j];
      putOiKAbove -= putOi[j] * X;
      const pain = X * callOiBelow - callOiKBelow + (putOiKAbove - X * putOiAbove);
      if (pain < best) {
        best = pain;
        bestJ = j;
      }
      callOiBelow += callOi[j];
      callOiKBelow += callOi[j] * X;
    }
    result[expiry] = { strike: ks[bestJ] / 1000, pain: (best * 100) / 1000 };
  });
  return result;
}
