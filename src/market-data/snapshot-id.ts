import { createHash } from 'node:crypto';
import type { ChainSnapshot, OptionContract } from './chain-snapshot.js';

/**
 * The snapshot id: sha256 over source, underlying, as-of, spot and every contract in canonical
 * order (first 32 hex digits). The same contents always give the same id, so a recorded day
 * replays with identical ids.
 */
export function computeSnapshotId(
  s: Pick<ChainSnapshot, 'source' | 'underlying' | 'asOf' | 'spot' | 'contracts'>,
): string {
  const h = createHash('sha256');
  h.update(`${s.source}\n${s.underlying}\n${s.asOf}\n${s.spot}\n`);
  h.update(contractLines(s.contracts));
  return h.digest('hex').slice(0, 32);
}

/** sha256 of the whole normalized snapshot, quality counters included (record/replay checks). */
export function snapshotChecksum(s: ChainSnapshot): string {
  const h = createHash('sha256');
  h.update(`${s.snapshotId}\n${s.source}\n${s.underlying}\n${s.asOf}\n${s.spot}\n`);
  h.update(contractLines(s.contracts));
  h.update(JSON.stringify(sortedQuality(s)));
  return h.digest('hex');
}

/** One string hashed at once: far faster than one hash update per contract. */
function contractLines(contracts: readonly OptionContract[]): string {
  let out = '';
  for (const c of contracts) out += contractLine(c);
  return out;
}

function contractLine(c: OptionContract): string {
  return `${c.occSymbol}|${c.root}|${c.expiry}|${c.expiresAt}|${c.settlement}|${c.strike}|${c.right}|${c.bid}|${c.ask}|${c.last}|${c.mark}|${c.volume}|${c.openInterest}|${c.iv}|${c.delta}|${c.gamma}|${c.theta}|${c.vega}\n`;
}

function sortedQuality(s: ChainSnapshot): unknown {
  const dropped = Object.entries(s.quality.dropped).sort(([a], [b]) => a.localeCompare(b));
  return [s.quality.rowsReceived, s.quality.contractsKept, dropped];
}

/** Canonical contract order: expiry, strike, right, root. */
export function compareContracts(a: OptionContract, b: OptionContract): number {
  if (a.expiry !== b.expiry) return a.expiry < b.expiry ? -1 : 1;
  if (a.strike !== b.strike) return a.strike - b.strike;
  if (a.right !== b.right) return a.right === 'call' ? -1 : 1;
  if (a.root !== b.root) return a.root < b.root ? -1 : 1;
  return 0;
}
