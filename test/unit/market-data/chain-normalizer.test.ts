import { describe, expect, it } from 'vitest';
import {
  normalizeChain,
  type RawContractRow,
} from '../../../src/market-data/normalize/chain-normalizer.js';
import { spotFromParity } from '../../../src/market-data/normalize/payload.js';
import { parseOccSymbol } from '../../../src/market-data/occ-symbol.js';
import { computeSnapshotId } from '../../../src/market-data/snapshot-id.js';

const asOfMs = Date.UTC(2026, 2, 2, 15, 0, 0); // 10:00 New York

function row(over: Partial<RawContractRow> = {}): RawContractRow {
  return {
    contractId: 'SPY260302C00600000',
    expiry: '2026-03-02',
    strike: 600,
    right: 'call',
    bid: 1.1,
    ask: 1.2,
    last: 1.15,
    volume: 10,
    openInterest: 100,
    iv: 0.15,
    delta: 0.5,
    gamma: 0.05,
    theta: -0.3,
    vega: 0.1,
    quotedAtMs: asOfMs - 1_000,
    ...over,
  };
}

const ctx = { source: 'test', underlying: 'spy', spot: 600, asOfMs, staleAfterMs: 60_000 };

describe('normalizeChain', () => {
  it('keeps good rows with OCC symbol, settlement, expiry instant and mid mark', () => {
    const snap = normalizeChain([row()], ctx);
    expect(snap.underlying).toBe('SPY');
    expect(snap.asOf).toBe('2026-03-02T15:00:00.000Z');
    expect(snap.contracts).toHaveLength(1);
    const c = snap.contracts[0];
    expect(c.occSymbol).toBe('SPY260302C00600000');
    expect(c.settlement).toBe('PM');
    expect(c.expiresAt).toBe('2026-03-02T21:00:00Z');
    expect(c.mark).toBe(1.15);
    expect(snap.quality).toEqual({ rowsReceived: 1, contractsKept: 1, dropped: {} });
  });

  it('drops and counts each kind of bad row', () => {
    const snap = normalizeChain(
      [
        row({ bid: Number.NaN }),
        row({ openInterest: -1 }),
        row({ bid: 2, ask: 1 }),
        row({ strike: 0 }),
        row({ contractId: 'SPY260227C00600000', expiry: '2026-02-27' }),
        row({ quotedAtMs: asOfMs - 120_000 }),
        row({ quoteDate: '2026-02-27', quotedAtMs: null }),
        row({ volume: -5 }),
        row(),
        row(), // duplicate OCC symbol
      ],
      { ...ctx, malformedRows: 2 },
    );
    expect(snap.quality.rowsReceived).toBe(12);
    expect(snap.quality.contractsKept).toBe(1);
    expect(snap.quality.dropped).toEqual({
      malformed: 3,
      non_finite: 1,
      negative_open_interest: 1,
      crossed_market: 1,
      non_positive_strike: 1,
      expired: 1,
      stale: 2,
      negative_volume: 1,
    });
  });

  it('tells SPX (AM, settles at the open) from SPXW (PM) on the same date and strike', () => {
    const snap = normalizeChain(
      [
        row({ contractId: 'SPX260320C06000000', expiry: '2026-03-20', strike: 6000 }),
        row({ contractId: 'SPXW260320C06000000', expiry: '2026-03-20', strike: 6000 }),
      ],
      { ...ctx, underlying: 'SPX', spot: 6000 },
    );
    expect(snap.contracts.map((c) => [c.occSymbol, c.settlement, c.expiresAt])).toEqual([
      ['SPX260320C06000000', 'AM', '2026-03-20T13:30:00Z'],
      ['SPXW260320C06000000', 'PM', '2026-03-20T20:00:00Z'],
    ]);
  });

  it('gives the same id for the same contents in any row order, a new id when a price moves', () => {
    const rows = [row(), row({ contractId: 'SPY260302P00600000', right: 'put' })];
    const a = normalizeChain(rows, ctx);
    const b = normalizeChain([...rows].reverse(), ctx);
    const c = normalizeChain([row({ bid: 1.11 }), rows[1]], ctx);
    expect(a.snapshotId).toBe(b.snapshotId);
    expect(a.snapshotId).toMatch(/^[0-9a-f]{32}$/);
    expect(c.snapshotId).not.toBe(a.snapshotId);
    // survives a JSON round trip (-0 prints as 0), and tells null from 0
    const roundTrip = JSON.parse(JSON.stringify(normalizeChain([row({ theta: -0 })], ctx)));
    expect(computeSnapshotId(roundTrip)).toBe(normalizeChain([row({ theta: -0 })], ctx).snapshotId);
    expect(normalizeChain([row({ theta: 0 })], ctx).snapshotId).not.toBe(
      normalizeChain([row({ theta: null })], ctx).snapshotId,
    );
  });
});

describe('OCC symbols and parity spot', () => {
  it('parses padded and O:-prefixed symbols', () => {
    expect(parseOccSymbol('O:SPXW250106C05975000')).toEqual({
      root: 'SPXW',
      expiry: '2025-01-06',
      right: 'call',
      strike: 5975,
    });
    expect(parseOccSymbol('SPY   251001P00500500')?.strike).toBe(500.5);
    expect(parseOccSymbol('not an option')).toBeNull();
  });

  it('infers spot from put-call parity on the nearest expiry', () => {
    const rows = [595, 600, 605].flatMap((k) => {
      const c = Math.max(0, 601 - k) + 2;
      const p = Math.max(0, k - 601) + 2;
      return [
        row({ strike: k, right: 'call', bid: c - 0.05, ask: c + 0.05 }),
        row({ strike: k, right: 'put', bid: p - 0.05, ask: p + 0.05 }),
      ];
    });
    expect(spotFromParity(rows)).toBe(601);
  });
});
