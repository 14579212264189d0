/**
 * The snapshot's per-contract rows: our IV and Greeks solved from the mid (chain analysis), or,
 * when the mid carries no IV (e.g. below intrinsic), Greeks from the vendor's IV.
 */
import { isoInstantMs } from '../../../common/new-york-time.js';
import type { ChainSnapshot } from '../../../market-data/chain-snapshot.js';
import type { AnalyticsSnapshot, ContractAnalytics } from '../../analytics-snapshot.js';
import type { ChainAnalysis } from '../../chain-analysis/index.js';
import { greeksInto } from '../../math/black-scholes.js';

export type ContractsSection = Pick<AnalyticsSnapshot, 'contracts' | 'expiredDropped'>;

/**
 * `greeks` is a caller-owned buffer of at least 10 (greeksInto's layout), reused chain after
 * chain. Rows are in the analysis's column order.
 */
export function contractsSection(
  chain: ChainSnapshot,
  a: ChainAnalysis,
  rates: { r: number; q: number },
  greeks: Float64Array,
): ContractsSection {
  const cols = a.columns;
  const out: ContractAnalytics[] = new Array(cols.n);
  const own = a.ownIv?.iv;
  const g = a.ownGreeks;
  // A chain has a few expiries; its contracts need not come grouped by them.
  const expiresAtMs = new Map<string, number>();
  for (let i = 0; i < cols.n; i++) {
    const c = chain.contracts[cols.contractIndex[i]];
    let expiresAt = expiresAtMs.get(c.expiresAt);
    if (expiresAt === undefined) {
      expiresAt = isoInstantMs(c.expiresAt);
      expiresAtMs.set(c.expiresAt, expiresAt);
    }
    const mid = c.bid > 0 && c.ask >= c.bid ? (c.bid + c.ask) / 2 : c.mark;
    let iv: number | null = null;
    let delta: number | null = null;
    let gamma: number | null = null;
    let theta: number | null = null;
    let vega: number | null = null;
    if (own && g && Number.isFinite(own[i]) && own[i] > 0) {
      iv = own[i];
      delta = g.delta[i];
      gamma = g.gamma[i];
      theta = g.theta[i];
      vega = g.vega[i];
    } else if (cols.rowIv[i] > 0) {
      // The mid carries no IV (e.g. below intrinsic): fall back to the vendor's IV.
      const isCall = c.right === 'call';
      greeksInto(
        isCall,
        chain.spot,
        c.strike,
        cols.T[i],
        rates.r,
        rates.q,
        cols.rowIv[i],
        greeks,
        0,
      );
      iv = cols.rowIv[i];
      delta = greeks[1];
      gamma = greeks[2];
      theta = greeks[3];
      vega = greeks[4];
    }
    out[i] = {
      occSymbol: c.occSymbol,
      root: c.root,
      expiry: c.expiry,
      expiresAt,
      strike: c.strike,
      right: c.right,
      bid: c.bid,
      ask: c.ask,
      mid,
      volume: c.volume,
      openInterest: c.openInterest,
      t: cols.T[i],
      iv,
      delta: finiteOrNull(delta),
      gamma: finiteOrNull(gamma),
      theta: finiteOrNull(theta),
      vega: finiteOrNull(vega),
    };
  }
  return {
    contracts: out,
    expiredDropped: a.expiredDropped + (chain.quality?.dropped?.expired ?? 0),
  };
}

function finiteOrNull(x: number | null): number | null {
  return x !== null && Number.isFinite(x) ? x : null;
}
