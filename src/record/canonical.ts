/**
 * The canonical form of a chain entry and its hash. Canonical JSON: object keys sorted, no
 * whitespace; prices are strings with a fixed number of decimals and every other number is an
 * integer, so the text (and the hash) is the same in any language that can sort keys. The
 * README's verify script implements exactly `canonicalJson` and `entryHash`.
 */
import { createHash } from 'node:crypto';
import type { PublishedSignal, SignalUpdate } from '../signals/signal.js';
import type { Tier } from '../vocabulary/tier.js';

export type CanonicalValue =
  string | number | boolean | null | CanonicalValue[] | { [key: string]: CanonicalValue };

/** The hash before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export const CANONICAL_VERSION = 1;

/** Prices to 4 decimals (the option tick precision stored by the engine), returns to 6. */
export const price = (n: number): string => n.toFixed(4);
const ratio = (n: number): string => n.toFixed(6);

export function canonicalJson(value: CanonicalValue): string {
  // Loops and concatenation rather than map/join: `record verify` runs this per entry.
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value))
      throw new TypeError(`canonical numbers are integers; got ${value}`);
    return String(value);
  }
  if (value === null || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const keys = Object.keys(value).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++)
    out += `${i ? ',' : ''}${JSON.stringify(keys[i])}:${canonicalJson(value[keys[i]])}`;
  return `${out}}`;
}

/** sha256(prevHash + canonical payload), hex. */
export function entryHash(prevHash: string, payload: CanonicalValue): string {
  return hashCanonical(prevHash, canonicalJson(payload));
}

/** The same hash over a payload's canonical text as stored. */
export function hashCanonical(prevHash: string, canonical: string): string {
  return createHash('sha256')
    .update(prevHash + canonical)
    .digest('hex');
}

export type TierDelays = Record<Tier, number>;

export type EntryKind = 'published' | SignalUpdate['kind'];

/** What a chain entry says. Its `kind`, `signalId` and `at` are also the row's columns. */
export interface EntryPayload {
  [key: string]: CanonicalValue;
  v: number;
  kind: EntryKind;
  signalId: string;
  at: number;
}

/** A published signal as the chain keeps it, with the tier delays (ms) in force when published. */
export function publishedPayload(s: PublishedSignal, delays: TierDelays): EntryPayload {
  return {
    v: CANONICAL_VERSION,
    kind: 'published',
    signalId: s.id,
    at: s.publishedAt,
    symbol: s.symbol,
    strategy: s.strategy,
    direction: s.direction,
    legs: s.legs.map((l) => ({
      occSymbol: l.occSymbol,
      right: l.right,
      strike: price(l.strike),
      expiry: l.expiry,
      side: l.side,
      quantity: l.quantity,
    })),
    entry: price(s.entry),
    stop: price(s.stop),
    target: price(s.target),
    size: s.size,
    tierDelaysMs: { premium: delays.premium, basic: delays.basic, free: delays.free },
  };
}

/** A follow-up (stop moved, closed) as the chain keeps it. */
export function updatePayload(u: SignalUpdate): EntryPayload {
  const payload: EntryPayload = {
    v: CANONICAL_VERSION,
    kind: u.kind,
    signalId: u.signalId,
    at: u.at,
    reason: u.reason,
  };
  if (u.newStop !== undefined) payload.newStop = price(u.newStop);
  if (u.exitPrice !== undefined) payload.exitPrice = price(u.exitPrice);
  if (u.returnPct !== undefined) payload.returnPct = ratio(u.returnPct);
  return payload;
}

/** One entry's identity: a re-delivered publish or update is recorded once. */
export function entryKey(p: Pick<EntryPayload, 'kind' | 'signalId' | 'at'>): string {
  return `${p.kind}:${p.signalId}:${p.at}`;
}
