import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  GENESIS_HASH,
  canonicalJson,
  entryHash,
  entryKey,
  publishedPayload,
  updatePayload,
} from '../../../src/record/canonical.js';
import { DAY_DELAYS, DAY_SIGNALS, DAY_UPDATES } from '../../support/record-day.js';

describe('canonical form of chain entries', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 'x', c: null }], e: true })).toBe(
      '{"a":[{"c":null,"d":"x"}],"b":1,"e":true}',
    );
  });

  it('refuses non-integer numbers: prices are fixed-decimal strings', () => {
    expect(() => canonicalJson({ p: 1.5 })).toThrow(/integers/);
    const p = publishedPayload({ ...DAY_SIGNALS[0], entry: 2.1 + 0.2 }, DAY_DELAYS);
    expect(p.entry).toBe('2.3000');
    expect(p.tierDelaysMs).toEqual({ premium: 0, basic: 60_000, free: 300_000 });
  });

  it('keeps what the issue lists: id, time, symbol, strategy, legs, levels, size, tier delays', () => {
    const p = publishedPayload(DAY_SIGNALS[0], DAY_DELAYS);
    expect(Object.keys(p).sort()).toEqual(
      [
        'at',
        'direction',
        'entry',
        'kind',
        'legs',
        'signalId',
        'size',
        'stop',
        'strategy',
        'symbol',
        'target',
        'tierDelaysMs',
        'v',
      ].sort(),
    );
    // Narrative, confidence and chart links are not part of the record.
    expect(canonicalJson(p)).not.toContain('narrative');
  });

  it('hashes sha256(previous hash + canonical JSON), so the README script can recompute it', () => {
    const p = updatePayload(DAY_UPDATES[1]);
    const expected = createHash('sha256')
      .update(GENESIS_HASH + canonicalJson(p))
      .digest('hex');
    expect(entryHash(GENESIS_HASH, p)).toBe(expected);
    expect(entryHash(expected, p)).not.toBe(expected);
    expect(p).toMatchObject({ kind: 'closed', exitPrice: '2.8000', returnPct: '0.400000' });
  });

  it('names an entry by kind, signal and time (a re-delivered publish is one entry)', () => {
    expect(entryKey(updatePayload(DAY_UPDATES[0]))).toBe(
      `stop_moved:SIG-20260302-001:${DAY_UPDATES[0].at}`,
    );
  });
});
