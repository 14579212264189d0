import { describe, expect, it } from 'vitest';
import { Prng, hash32, hash64Hex } from '../../../../src/market-data/simulator/prng.js';

describe('Prng (xoshiro128** seeded by splitmix32)', { timeout: 60_000 }, () => {
  it('replays the same stream for the same seed and differs for another', () => {
    const a = new Prng(7);
    const b = new Prng(7);
    const c = new Prng(8);
    const sa = Array.from({ length: 50 }, () => a.nextUint32());
    const sb = Array.from({ length: 50 }, () => b.nextUint32());
    const sc = Array.from({ length: 50 }, () => c.nextUint32());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
  });

  it('gives uniforms, normals and Poisson counts with the right moments', () => {
    const r = new Prng(hash32('moments'));
    const n = 40_000;
    let su = 0;
    let sn = 0;
    let sn2 = 0;
    let sp = 0;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      expect(u >= 0 && u < 1).toBe(true);
      su += u;
      const z = r.normal();
      sn += z;
      sn2 += z * z;
      sp += r.poisson(2.5);
    }
    expect(su / n).toBeCloseTo(0.5, 2);
    expect(sn / n).toBeCloseTo(0, 1);
    expect(sn2 / n).toBeGreaterThan(0.97);
    expect(sn2 / n).toBeLessThan(1.03);
    expect(sp / n).toBeGreaterThan(2.45);
    expect(sp / n).toBeLessThan(2.55);
  });
});

describe('hashes', { timeout: 60_000 }, () => {
  it('are stable and spread nearby inputs', () => {
    expect(hash32('SPY')).toBe(hash32('SPY'));
    expect(hash32('SPY')).not.toBe(hash32('SPX'));
    expect(hash64Hex('simulator|SPY|a')).toMatch(/^[0-9a-f]{16}$/);
    expect(hash64Hex('simulator|SPY|a')).not.toBe(hash64Hex('simulator|SPY|b'));
  });
});
