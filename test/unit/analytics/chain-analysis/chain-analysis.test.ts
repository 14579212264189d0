import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  analyzeChain,
  buildChainColumns,
  gexFlip,
  topWalls,
  totalGexAt,
} from '../../../../src/analytics/chain-analysis/index.js';
import type { ChainSnapshot, OptionContract } from '../../../../src/market-data/chain-snapshot.js';
import { parseCboeQuoteCsv } from '../../../../src/market-data/adapters/cboe-csv.js';
import { brentRoot } from '../../../../src/analytics/math/roots.js';
import { chainPath } from '../../../support/chains.js';

const ASOF = '2026-03-02T15:00:00Z'; // 10:00 New York, Monday
// Expiry 2026-03-09 at 16:00 New York (EDT after 8 March) = 20:00 UTC.
const EXPIRY = '2026-03-09';
const EXPIRES_AT = '2026-03-09T20:00:00Z';
const T_WEEK = (Date.UTC(2026, 2, 9, 20) - Date.UTC(2026, 2, 2, 15)) / (365 * 86_400_000);

function contract(
  over: Partial<OptionContract> & Pick<OptionContract, 'right' | 'strike'>,
): OptionContract {
  return {
    occSymbol: `XYZ${over.right}${over.strike}${over.expiry ?? EXPIRY}`,
    root: 'XYZ',
    expiry: EXPIRY,
    expiresAt: EXPIRES_AT,
    settlement: 'PM',
    bid: 1,
    ask: 1.2,
    last: null,
    mark: 1.1,
    volume: 0,
    openInterest: 0,
    iv: 0.2,
    delta: null,
    gamma: null,
    theta: null,
    vega: null,
    ...over,
  };
}

function snapshot(contracts: OptionContract[], spot = 100): ChainSnapshot {
  return {
    snapshotId: 'test',
    underlying: 'XYZ',
    spot,
    asOf: ASOF,
    source: 'simulator',
    contracts,
    quality: { rowsReceived: contracts.length, contractsKept: contracts.length, dropped: {} },
  };
}

/** Black–Scholes gamma written out by hand for the checks (r = q = 0). */
function gammaByHand(S: number, K: number, T: number, sigma: number): number {
  const d1 = (Math.log(S / K) + 0.5 * sigma * sigma * T) / (sigma * Math.sqrt(T));
  return Math.exp(-0.5 * d1 * d1) / Math.sqrt(2 * Math.PI) / (S * sigma * Math.sqrt(T));
}

describe('GEX on a hand-checkable chain', () => {
  // One call at 100 (OI 1,000) and one put at 100 (OI 400), same IV: gammas are equal, so
  // GEX = (1000 − 400) × γ × 100 × S² × 0.01.
  const snap = snapshot([
    contract({ right: 'call', strike: 100, openInterest: 1000 }),
    contract({ right: 'put', strike: 100, openInterest: 400 }),
    contract({ right: 'call', strike: 110, openInterest: 500, iv: 0 }), // IV 0 → contributes 0
  ]);
  const a = analyzeChain(snap);
  const g = gammaByHand(100, 100, T_WEEK, 0.2);

  it('per option, per strike, per expiry and totals', () => {
    expect(a.contracts).toBe(3);
    expect(a.expiredDropped).toBe(0);
    expect(a.gex.calls).toBeCloseTo(1000 * g * 100 * 100 * 100 * 0.01, 6);
    expect(a.gex.puts).toBeCloseTo(-400 * g * 100 * 100 * 100 * 0.01, 6);
    expect(a.gex.total).toBeCloseTo(600 * g * 100 * 100 * 100 * 0.01, 6);
    expect(a.gex.byStrike.map((s) => s.strike)).toEqual([100, 110]);
    expect(a.gex.byStrike[1]).toEqual({ strike: 110, call: 0, put: 0, net: 0 });
    expect(a.gex.byStrike[0].net).toBeCloseTo(a.gex.total, 6);
    expect(Object.keys(a.gex.byExpiry)).toEqual([EXPIRY]);
    expect(a.gex.byExpiry[EXPIRY]).toBeCloseTo(a.gex.total, 6);
    expect(a.callWalls).toEqual([100]);
    expect(a.putWalls).toEqual([100]);
  });

  it('0DTE is the quote date only; expired rows (T ≤ 0) are dropped and counted', () => {
    const today = contract({
      right: 'call',
      strike: 100,
      openInterest: 10,
      expiry: '2026-03-02',
      expiresAt: '2026-03-02T21:00:00Z',
    });
    const expired = contract({
      right: 'put',
      strike: 100,
      openInterest: 10,
      expiry: '2026-02-27',
      expiresAt: '2026-02-27T21:00:00Z',
    });
    const r = analyzeChain(snapshot([...snap.contracts, today, expired]));
    expect(r.expiredDropped).toBe(1);
    expect(r.contracts).toBe(4);
    const T0 = 6 / (365 * 24);
    expect(r.zeroDteGex).toBeCloseTo(10 * gammaByHand(100, 100, T0, 0.2) * 100 * 100, 6);
    // Moving the quote time past today's close expires it too.
    const later = analyzeChain(snapshot([...snap.contracts, today]), {
      asOf: '2026-03-02T21:00:00Z',
    });
    expect(later.expiredDropped).toBe(1);
  });
});

describe('walls: top 3, ties to the lowest strike', () => {
  it('orders strikes by call GEX and by put GEX', () => {
    // Equal distance from spot on both sides gives equal gamma: 95 and 105 tie.
    const snap = snapshot([
      contract({ right: 'call', strike: 95, openInterest: 100 }),
      contract({ right: 'call', strike: 105, openInterest: 100 }),
      contract({ right: 'call', strike: 100, openInterest: 50 }),
      contract({ right: 'call', strike: 120, openInterest: 1 }),
      contract({ right: 'put', strike: 90, openInterest: 300 }),
      contract({ right: 'put', strike: 100, openInterest: 300 }),
    ]);
    const a = analyzeChain(snap);
    const g95 = gammaByHand(100, 95, T_WEEK, 0.2);
    const g105 = gammaByHand(100, 105, T_WEEK, 0.2);
    const g100 = gammaByHand(100, 100, T_WEEK, 0.2);
    // By hand: which of 100×γ(95), 100×γ(105), 50×γ(100) is largest decides the order.
    const expected = [
      [95, 100 * g95],
      [105, 100 * g105],
      [100, 50 * g100],
    ]
      .sort((x, y) => y[1] - x[1] || x[0] - y[0])
      .map((x) => x[0]);
    expect(a.callWalls).toEqual(expected);
    expect(a.putWalls).toEqual([100, 90]);
  });

  it('exact ties go to the lowest strike', () => {
    const byStrike = [
      { strike: 130, call: 5, put: -7, net: -2 },
      { strike: 120, call: 5, put: -7, net: -2 },
      { strike: 110, call: 1, put: 0, net: 1 },
      { strike: 100, call: 9, put: -7, net: 2 },
      { strike: 90, call: 0, put: -1, net: -1 },
    ];
    expect(topWalls(byStrike, 'call')).toEqual([100, 120, 130]);
    expect(topWalls(byStrike, 'put')).toEqual([100, 120, 130]);
    expect(topWalls(byStrike, 'put', 5)).toEqual([100, 120, 130, 90]);
  });
});

describe('flip', () => {
  it('finds the root of re-priced GEX between a put-heavy low strike and a call-heavy high strike', () => {
    // Put OI at 90 and call OI at 110, equal OI and IV: by symmetry in ln-space the re-priced
    // total is zero where the two gammas are equal, at x with ln(x/90) + σ²T/2 = −(ln(x/110) + σ²T/2)
    // → x = √(90·110)·e^{−σ²T/2}.
    const snap = snapshot([
      contract({ right: 'put', strike: 90, openInterest: 1000 }),
      contract({ right: 'call', strike: 110, openInterest: 1000 }),
    ]);
    const a = analyzeChain(snap);
    const expected = Math.sqrt(90 * 110) * Math.exp(-0.5 * 0.04 * T_WEEK);
    expect(a.flip).not.toBeNull();
    expect(Math.abs((a.flip as number) - expected)).toBeLessThan(1e-7);
    expect(a.flipRoots).toHaveLength(1);
  });

  it('is null when total GEX keeps one sign, and picks the root closest to spot', () => {
    expect(
      analyzeChain(snapshot([contract({ right: 'call', strike: 100, openInterest: 5 })])).flip,
    ).toBeNull();
    // Put 80, call 100, put 120: two roots, near 89.4 and 109.5; spot 100 is nearer… compute both.
    const snap = snapshot(
      [
        contract({ right: 'put', strike: 80, openInterest: 1000 }),
        contract({ right: 'call', strike: 100, openInterest: 1000 }),
        contract({ right: 'put', strike: 125, openInterest: 1000 }),
      ],
      106,
    );
    const a = analyzeChain(snap);
    expect(a.flipRoots).toHaveLength(2);
    const { columns } = buildChainColumns(snap);
    for (const root of a.flipRoots)
      expect(Math.abs(totalGexAt(columns, root, { r: 0, q: 0 }))).toBeLessThan(
        1e-6 * Math.abs(a.gex.calls),
      );
    const closest = [...a.flipRoots].sort((x, y) => Math.abs(x - 106) - Math.abs(y - 106))[0];
    expect(a.flip).toBe(closest);
  });

  it('grid profile agrees with the direct sum', () => {
    const snap = parseCboeQuoteCsv(
      readFileSync(chainPath('nvda_2025-01-06_quotedata.csv'), 'utf8'),
    );
    const { columns } = buildChainColumns(snap);
    const f = gexFlip(columns, snap.spot, { r: 0, q: 0 });
    expect(f.grid).toHaveLength(61);
    for (const k of [0, 9, 30, 60]) {
      const direct = totalGexAt(columns, f.grid[k], { r: 0, q: 0 });
      expect(Math.abs(f.profile[k] - direct)).toBeLessThan(
        1e-9 * Math.max(1, Math.abs(direct)) + 1e-3,
      );
    }
  });

  // The scan interpolates wide options between every fourth point; it must see the sign changes
  // a plain scan sees that sums every option at every one of the 241 points.
  it.each(['nvda_2025-01-06', 'spx_2022-02-05', 'spx_2025-01-06', 'spy_2025-09-25'])(
    'finds the same roots as a direct scan on %s, at spot and 5 percent either side',
    (name) => {
      const snap = parseCboeQuoteCsv(readFileSync(chainPath(`${name}_quotedata.csv`), 'utf8'));
      const { columns } = buildChainColumns(snap);
      for (const S of [snap.spot, 0.95 * snap.spot, 1.05 * snap.spot]) {
        const rates = { r: 0.04, q: 0 };
        const lo = Math.log(0.7 * S);
        const h = (Math.log(1.3 * S) - lo) / 240;
        const gexAt = (x: number): number => totalGexAt(columns, x, rates);
        const expected: number[] = [];
        let prevX = NaN;
        let prevV = 0;
        for (let k = 0; k <= 240; k++) {
          const x = Math.exp(lo + k * h);
          const v = gexAt(x);
          if (v === 0) continue;
          if (prevV * v < 0) expected.push(brentRoot(gexAt, prevX, x, { xTol: 1e-10 * S }));
          prevX = x;
          prevV = v;
        }
        const found = gexFlip(columns, S, rates).roots;
        expect(found).toHaveLength(expected.length);
        found.forEach((x, i) => expect(Math.abs(x - expected[i])).toBeLessThan(1e-8 * S));
      }
    },
  );
});

describe('max pain', () => {
  it('minimises the intrinsic value paid, all roots of a date together, ties to the lowest strike', () => {
    // Strikes 90, 100, 110. Calls OI: 90→10, 100→0, 110→5. Puts OI: 90→0, 100→10, 110→10.
    // pain(90)  = 100 × (0 + puts: 10×10 + 10×20) = 30,000
    // pain(100) = 100 × (calls: 10×10 + puts: 10×10) = 20,000
    // pain(110) = 100 × (calls: 10×20 + 0×10 + puts: 0) = 20,000 → tie with 100 → 100
    const other = { root: 'XYZW', expiresAt: '2026-03-09T14:30:00Z', settlement: 'AM' as const };
    const snap = snapshot([
      contract({ right: 'call', strike: 90, openInterest: 10 }),
      contract({ right: 'call', strike: 110, openInterest: 5 }),
      contract({ right: 'put', strike: 100, openInterest: 10, ...other }),
      contract({ right: 'put', strike: 110, openInterest: 10 }),
    ]);
    const a = analyzeChain(snap);
    expect(a.maxPain).toEqual({ [EXPIRY]: 100 });
    expect(a.maxPainDetail[EXPIRY].pain).toBe(20_000);
  });
});

describe('real chains', () => {
  it('SPX 2025-01-06 after the close: that day’s SPXW rows are expired and dropped', () => {
    const snap = parseCboeQuoteCsv(readFileSync(chainPath('spx_2025-01-06_quotedata.csv'), 'utf8'));
    const a = analyzeChain(snap);
    const expiredRows = snap.contracts.filter((c) => c.expiry === '2025-01-06').length;
    expect(expiredRows).toBeGreaterThan(0);
    expect(a.expiredDropped).toBe(expiredRows);
    expect(a.contracts).toBe(snap.contracts.length - expiredRows);
    expect(a.gex.byExpiry['2025-01-06']).toBeUndefined();
    expect(a.zeroDteGex).toBe(0);
    expect(a.flip).not.toBeNull();
    const sumStrikes = a.gex.byStrike.reduce((s, x) => s + x.net, 0);
    expect(sumStrikes).toBeCloseTo(a.gex.total, -1);
  });
});
