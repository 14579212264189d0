/**
 * The snapshot's chain-level metrics from our per-contract IV and Greeks: put/call ratios, net
 * Greeks (total and per expiry), expected move, ATM IV and its term structure, 25-delta skew.
 */
import type { AnalyticsSnapshot, ContractAnalytics } from '../../analytics-snapshot.js';
import {
  constantMaturityIv,
  expectedMove,
  netGreeks,
  SETTLING_DAYS,
  putCallRatios,
  skew25,
  termStructure,
} from '../../metrics/chain-metrics.js';

export type ChainMetricsSection = Pick<
  AnalyticsSnapshot,
  | 'putCallRatio'
  | 'netGreeks'
  | 'netGreeksByExpiry'
  | 'expectedMove'
  | 'atmIv'
  | 'termStructure'
  | 'skew'
> & {
  /** Contracts traded today across the chain (for the daily row and the flow section). */
  optionsVolume: number;
};

export function chainMetricsSection(
  contracts: readonly ContractAnalytics[],
  spot: number,
): ChainMetricsSection {
  const greeks = netGreeks(contracts);
  const term = termStructure(contracts, spot);
  return {
    putCallRatio: putCallRatios(contracts),
    netGreeks: greeks.total,
    netGreeksByExpiry: greeks.byExpiry,
    expectedMove: expectedMove(contracts, spot, SETTLING_DAYS),
    atmIv: constantMaturityIv(term, 30),
    termStructure: term,
    skew: skew25(contracts, spot),
    optionsVolume: contracts.reduce((sum, c) => sum + c.volume, 0),
  };
}
