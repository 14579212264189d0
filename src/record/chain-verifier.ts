/**
 * `record verify`: walks the chain in order and recomputes every link — sequence, previous hash,
 * the entry's own hash over its stored payload — and re-derives each published entry (and each
 * close's exit and each stop move's new stop) from the signal the engine stored, so an edit of either the chain row or the
 * signal it was made from is named. Reports the first break.
 */
import type { PublishedSignal } from '../signals/signal.js';
import {
  GENESIS_HASH,
  canonicalJson,
  hashCanonical,
  price,
  publishedPayload,
  type EntryPayload,
  type TierDelays,
} from './canonical.js';
import { payloadOf, type ChainEntry, type ChainStore } from './chain-store.js';
import type { StoredSignal, StoredSignalSource } from './record-ports.js';

export interface ChainBreak {
  seq: number;
  signalId: string;
  kind: string;
  reason: string;
}

export type VerifyResult =
  | { intact: true; entries: number; head: string; firstSeq: number; lastSeq: number }
  | { intact: false; entries: number; broken: ChainBreak };

export function describeVerify(r: VerifyResult): string {
  return r.intact
    ? `intact, ${r.entries} entries, head ${r.head}`
    : `BROKEN at entry #${r.broken.seq} (${r.broken.kind} ${r.broken.signalId}): ${r.broken.reason}` +
        ` (${r.entries} entries before it verified)`;
}

/** The first top-level field where two payloads differ, for a readable break. */
function firstDifference(a: EntryPayload, b: EntryPayload): string {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.find((k) => canonicalJson(a[k] ?? null) !== canonicalJson(b[k] ?? null)) ?? '?';
}

/** Why one entry does not follow from its predecessor or its stored signal, or null. */
export function checkEntry(
  e: ChainEntry,
  expectedSeq: number,
  prevHash: string,
  stored: StoredSignal | undefined,
): string | null {
  if (e.seq !== expectedSeq) return `sequence gap: expected #${expectedSeq}`;
  if (e.prevHash !== prevHash) return `previous hash ${e.prevHash} does not match ${prevHash}`;
  if (hashCanonical(prevHash, e.canonical) !== e.hash)
    return 'hash does not match the stored payload (the entry was changed after it was chained)';
  // The row's columns are only an index of the hashed text: in canonical JSON the top-level
  // pairs appear verbatim (a quote inside a string value is escaped), so no parse is needed.
  for (const pair of [
    `"kind":"${e.kind}"`,
    `"signalId":${JSON.stringify(e.signalId)}`,
    `"at":${e.at},`,
  ])
    if (!e.canonical.includes(pair))
      return 'row columns (kind, signal id, time) differ from the hashed payload';
  if (e.kind === 'published' && stored?.published) {
    const payload = payloadOf(e);
    const delays = payload.tierDelaysMs as unknown as TierDelays;
    const derived = publishedPayload(stored.published as PublishedSignal, delays);
    if (canonicalJson(derived) !== e.canonical)
      return `stored signal differs from the chained entry in "${firstDifference(derived, payload)}"`;
  }
  if (e.kind === 'stop_moved' && stored?.stopMoves) {
    const move = stored.stopMoves.find((m) => m.at === e.at);
    const chained = payloadOf(e).newStop;
    if (move && chained !== undefined && price(move.newStop) !== chained)
      return `stored stop move to ${price(move.newStop)} differs from the chained ${String(chained)}`;
  }
  if (e.kind === 'closed' && stored?.outcome) {
    const exit = payloadOf(e).exitPrice;
    if (exit !== undefined && price(stored.outcome.exitPrice) !== exit)
      return `stored outcome's exit price ${price(stored.outcome.exitPrice)} differs from the chained ${String(exit)}`;
  }
  return null;
}

export class ChainVerifier {
  constructor(
    private readonly store: ChainStore,
    private readonly signals: StoredSignalSource | null,
  ) {}

  async verify(range: { from?: number; to?: number } = {}): Promise<VerifyResult> {
    const { first, last } = await this.store.seqRange(range);
    if (first === 0)
      return { intact: true, entries: 0, head: GENESIS_HASH, firstSeq: 0, lastSeq: 0 };
    let prevHash = first === 1 ? GENESIS_HASH : (await this.store.entryAt(first - 1))?.hash;
    if (prevHash === undefined)
      return {
        intact: false,
        entries: 0,
        broken: { seq: first - 1, signalId: '?', kind: '?', reason: 'entry missing' },
      };
    let expected = first;
    let checked = 0;
    for await (const page of this.store.scan(first, last)) {
      const stored = this.signals
        ? await this.signals.signals([...new Set(page.map((e) => e.signalId))])
        : new Map<string, StoredSignal>();
      for (const e of page) {
        const reason = checkEntry(e, expected, prevHash, stored.get(e.signalId));
        if (reason)
          return {
            intact: false,
            entries: checked,
            broken: { seq: e.seq, signalId: e.signalId, kind: e.kind, reason },
          };
        prevHash = e.hash;
        expected++;
        checked++;
      }
    }
    if (expected !== last + 1)
      return {
        intact: false,
        entries: checked,
        broken: { seq: expected, signalId: '?', kind: '?', reason: 'entry missing' },
      };
    return { intact: true, entries: checked, head: prevHash, firstSeq: first, lastSeq: last };
  }
}
