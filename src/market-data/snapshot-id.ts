import { createHash, type Hash } from 'node:crypto';
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
  hashContracts(h, s.contracts);
  return h.digest('hex').slice(0, 32);
}

/** sha256 of the whole normalized snapshot, quality counters included (record/replay checks). */
export function snapshotChecksum(s: ChainSnapshot): string {
  const h = createHash('sha256');
  h.update(`${s.snapshotId}\n${s.source}\n${s.underlying}\n${s.asOf}\n${s.spot}\n`);
  hashContracts(h, s.contracts);
  h.update(JSON.stringify(sortedQuality(s)));
  return h.digest('hex');
}

/**
 * Feeds every contract to the hash: the text fields as one string, the numbers as raw float64
 * bytes (null as NaN — validated contracts never hold a real NaN; `+ 0` turns -0 into 0, as a
 * JSON round trip does, so a replayed snapshot hashes the same). Hashing bytes instead of
 * printing ~260,000 numbers as decimal text is what keeps a 20,000-contract id cheap.
 */
function hashContracts(h: Hash, contracts: readonly OptionContract[]): void {
  const fields = 12;
  const nums = new Float64Array(contracts.length * fields);
  let text = '';
  for (let i = 0; i < contracts.length; i++) {
    const c = contracts[i];
    const o = i * fields;
    nums[o] = c.strike + 0;
    nums[o + 1] = c.bid + 0;
    nums[o + 2] = c.ask + 0;
    nums[o + 3] = (c.last ?? Number.NaN) + 0;
    nums[o + 4] = c.mark + 0;
    nums[o + 5] = c.volume + 0;
    nums[o + 6] = c.openInterest + 0;
    nums[o + 7] = (c.iv ?? Number.NaN) + 0;
    nums[o + 8] = (c.delta ?? Number.NaN) + 0;
    nums[o + 9] = (c.gamma ?? Number.NaN) + 0;
    nums[o + 10] = (c.theta ?? Number.NaN) + 0;
    nums[o + 11] = (c.vega ?? Number.NaN) + 0;
    text += `${c.occSymbol}|${c.root}|${c.expiry}|${c.expiresAt}|${c.settlement}|${c.right}\n`;
  }
  h.update(text);
  h.update(new Uint8Array(nums.buffer));
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
