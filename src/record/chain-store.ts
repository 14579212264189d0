/**
 * The chain in PostgreSQL (record_chain, migration 1764980000000). Appends are serialised by a
 * transaction-scoped advisory lock, so two processes never fork the chain; the UNIQUE prev_hash
 * and the seq primary key would refuse a fork even without it. Rows are never updated: a trigger
 * refuses UPDATE, DELETE and TRUNCATE.
 */
import type { DataSource } from 'typeorm';
import { first, isoOf, msOf, rows } from '../database/sql.js';
import {
  GENESIS_HASH,
  canonicalJson,
  entryKey,
  hashCanonical,
  type EntryKind,
  type EntryPayload,
} from './canonical.js';

export interface ChainEntry {
  seq: number;
  kind: EntryKind;
  signalId: string;
  at: number;
  /** The canonical JSON text exactly as hashed. */
  canonical: string;
  prevHash: string;
  hash: string;
}

/** An entry's payload, parsed from its canonical text. */
export function payloadOf(e: ChainEntry): EntryPayload {
  return JSON.parse(e.canonical) as EntryPayload;
}

export interface ChainHead {
  seq: number;
  hash: string;
  at: number | null;
}

interface ChainRow {
  seq: string;
  kind: EntryKind;
  signal_id: string;
  /** ms since the epoch (a float8: pg parses it far faster than a timestamptz). */
  at_ms: number;
  payload: string;
  prev_hash: string;
  hash: string;
}

const COLUMNS = `seq, kind, signal_id, extract(epoch from at)::float8 * 1000 AS at_ms, payload, prev_hash, hash`;

/** Key pair of the advisory lock that serialises appends (fixed numbers no other lock uses). */
const APPEND_LOCK = '4744, 1';

function toEntry(r: ChainRow): ChainEntry {
  return {
    seq: Number(r.seq),
    kind: r.kind,
    signalId: r.signal_id,
    at: r.at_ms,
    canonical: r.payload,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export class ChainStore {
  constructor(private readonly ds: DataSource) {}

  /** Appends one entry after the current head; a payload already recorded is not appended again. */
  async append(payload: EntryPayload, recordedAt: number): Promise<ChainEntry> {
    return this.ds.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(${APPEND_LOCK})`);
      const key = entryKey(payload);
      const existing = await first<ChainRow>(
        tx,
        `SELECT ${COLUMNS} FROM record_chain WHERE entry_key = $1`,
        [key],
      );
      if (existing) return toEntry(existing);
      const head = await first<{ seq: string; hash: string }>(
        tx,
        `SELECT seq, hash FROM record_chain ORDER BY seq DESC LIMIT 1`,
      );
      const seq = head ? Number(head.seq) + 1 : 1;
      const prevHash = head?.hash ?? GENESIS_HASH;
      const canonical = canonicalJson(payload);
      const hash = hashCanonical(prevHash, canonical);
      await tx.query(
        `INSERT INTO record_chain (seq, entry_key, kind, signal_id, at, payload, prev_hash, hash, recorded_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
        [
          seq,
          key,
          payload.kind,
          payload.signalId,
          isoOf(payload.at),
          canonical,
          prevHash,
          hash,
          isoOf(recordedAt),
        ],
      );
      return {
        seq,
        kind: payload.kind,
        signalId: payload.signalId,
        at: payload.at,
        canonical,
        prevHash,
        hash,
      };
    });
  }

  async head(): Promise<ChainHead> {
    const row = await first<{ seq: string; hash: string; at: Date }>(
      this.ds,
      `SELECT seq, hash, at FROM record_chain ORDER BY seq DESC LIMIT 1`,
    );
    return row
      ? { seq: Number(row.seq), hash: row.hash, at: msOf(row.at) }
      : { seq: 0, hash: GENESIS_HASH, at: null };
  }

  /** The entry before `seq` (null for the first): where a verification of a range starts. */
  async entryAt(seq: number): Promise<ChainEntry | null> {
    const row = await first<ChainRow>(
      this.ds,
      `SELECT ${COLUMNS} FROM record_chain WHERE seq = $1`,
      [seq],
    );
    return row ? toEntry(row) : null;
  }

  /** First seq whose time is ≥ `from` (or 1), and last seq whose time is ≤ `to` (or the head). */
  async seqRange(range: { from?: number; to?: number }): Promise<{ first: number; last: number }> {
    const row = await first<{ lo: string | null; hi: string | null }>(
      this.ds,
      `SELECT min(seq) AS lo, max(seq) AS hi FROM record_chain
        WHERE ($1::timestamptz IS NULL OR at >= $1) AND ($2::timestamptz IS NULL OR at <= $2)`,
      [isoOf(range.from ?? null), isoOf(range.to ?? null)],
    );
    return { first: Number(row?.lo ?? 0), last: Number(row?.hi ?? -1) };
  }

  /**
   * Entries from `fromSeq` to `toSeq` in order, a page at a time (bounded memory); the next page
   * is already being read while the caller checks the current one.
   */
  async *scan(fromSeq: number, toSeq: number, pageSize = 10_000): AsyncGenerator<ChainEntry[]> {
    const page = (lo: number): Promise<ChainEntry[]> =>
      rows<ChainRow>(
        this.ds,
        `SELECT ${COLUMNS} FROM record_chain
          WHERE seq >= $1 AND seq <= $2 ORDER BY seq`,
        [lo, Math.min(toSeq, lo + pageSize - 1)],
      ).then((found) => found.map(toEntry));
    let next = fromSeq <= toSeq ? page(fromSeq) : null;
    for (let lo = fromSeq; next; lo += pageSize) {
      const current = await next;
      next = lo + pageSize <= toSeq ? page(lo + pageSize) : null;
      yield current;
    }
  }

  async entriesFor(signalIds: string[]): Promise<ChainEntry[]> {
    if (!signalIds.length) return [];
    const found = await rows<ChainRow>(
      this.ds,
      `SELECT ${COLUMNS} FROM record_chain WHERE signal_id = ANY($1) ORDER BY seq`,
      [signalIds],
    );
    return found.map(toEntry);
  }

  async all(range: { from?: number; to?: number } = {}): Promise<ChainEntry[]> {
    const found = await rows<ChainRow>(
      this.ds,
      `SELECT ${COLUMNS} FROM record_chain
        WHERE ($1::timestamptz IS NULL OR at >= $1) AND ($2::timestamptz IS NULL OR at <= $2)
        ORDER BY seq`,
      [isoOf(range.from ?? null), isoOf(range.to ?? null)],
    );
    return found.map(toEntry);
  }
}
