/**
 * The snapshot's anomaly flags: a sudden shift of net GEX, and the vendor's Greeks when they are
 * impossible, missing or disagree with ours.
 */
import type { ChainSnapshot } from '../../../market-data/chain-snapshot.js';
import type { AnomalyFlag, ContractAnalytics } from '../../analytics-snapshot.js';
import {
  impossibleGreeksFlag,
  missingGreeksFlags,
  vendorDisagreementFlag,
} from '../../anomalies/anomalies.js';
import type { ChainAnalysis } from '../../chain-analysis/index.js';
import type { EngineOptions } from '../engine-types.js';
import type { SymbolState } from '../symbol-state.js';

export function anomaliesSection(
  s: SymbolState,
  chain: ChainSnapshot,
  analysis: ChainAnalysis,
  contracts: readonly ContractAnalytics[],
  asOfMs: number,
  options: Pick<EngineOptions, 'missingGreeksShare' | 'vendorDeltaTolerance'>,
): AnomalyFlag[] {
  const symbol = chain.underlying;
  const anomalies: AnomalyFlag[] = [];
  const shift = s.gexShift.observe(asOfMs, analysis.gex.total);
  if (shift) anomalies.push(shift);
  // The vendor's rows in the order of our contract rows.
  const vendorRows = [...analysis.columns.contractIndex].map((i) => chain.contracts[i]);
  const impossible = impossibleGreeksFlag(symbol, asOfMs, vendorRows);
  if (impossible) anomalies.push(impossible);
  anomalies.push(
    ...missingGreeksFlags(symbol, asOfMs, vendorRows, contracts, options.missingGreeksShare),
  );
  const tolerance = options.vendorDeltaTolerance;
  const disagree = vendorDisagreementFlag(symbol, asOfMs, vendorRows, contracts, tolerance);
  if (disagree) anomalies.push(disagree);
  return anomalies;
}
