import { describe, expect, it } from 'vitest';
import { createStrategy } from '../../../src/strategies/strategy.js';
import { mocImbalance } from '../../../src/strategies/rules/moc-imbalance.js';
import { createRls, rlsPredict, rlsUpdate } from '../../../src/strategies/moc/online-regression.js';
import { tradingDaysBetween } from '../../../src/common/market-calendar.js';
import type { ClosingAuctionPrint } from '../../../src/strategies/strategy-context.js';
import { DAY, at, context, session, snapshot } from './fixtures.js';

/** Deterministic uniform numbers in [0, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('online regression (RLS)', () => {
  it('learns a planted linear relation from noisy samples', () => {
    const rnd = lcg(7);
    let m = createRls(3, { lambda: 1 });
    for (let i = 0; i < 400; i++) {
      const x = [1, rnd() * 2 - 1, rnd() * 2 - 1];
      const y = 0.3 + 2 * x[1] - 0.5 * x[2] + (rnd() - 0.5) * 0.02;
      m = rlsUpdate(m, x, y);
    }
    expect(m.n).toBe(400);
    expect(m.w[0]).toBeCloseTo(0.3, 1);
    expect(m.w[1]).toBeCloseTo(2, 1);
    expect(m.w[2]).toBeCloseTo(-0.5, 1);
    expect(Math.abs(rlsPredict(m, [1, 0.5, 0.5]) - (0.3 + 1 - 0.25))).toBeLessThan(0.02);
  });

  it('tracks a relation that changes when it forgets old samples', () => {
    let m = createRls(2, { lambda: 0.95 });
    const rnd = lcg(3);
    for (let i = 0; i < 200; i++) {
      const x = [1, rnd()];
      m = rlsUpdate(m, x, 1 * x[1]);
    }
    for (let i = 0; i < 200; i++) {
      const x = [1, rnd()];
      m = rlsUpdate(m, x, -1 * x[1]);
    }
    expect(m.w[1]).toBeCloseTo(-1, 2);
  });

  it('ignores non-finite samples and rejects bad shapes and settings', () => {
    const m = createRls(2);
    expect(rlsUpdate(m, [1, Number.NaN], 1)).toBe(m);
    expect(rlsUpdate(m, [1, 1], Number.POSITIVE_INFINITY)).toBe(m);
    expect(() => rlsUpdate(m, [1], 1)).toThrow(/expects 2 features/);
    expect(() => createRls(0)).toThrow();
    expect(() => createRls(2, { lambda: 1.5 })).toThrow();
  });

  it('does not mutate the previous state', () => {
    const m = createRls(2);
    const copy = JSON.parse(JSON.stringify(m));
    rlsUpdate(m, [1, 2], 3);
    expect(m).toEqual(copy);
  });
});

describe('market-on-close imbalance', () => {
  const s = createStrategy(mocImbalance);
  const print = (hhmm: string, ratio: number, date?: string): ClosingAuctionPrint => ({
    at: at(hhmm, date),
    imbalanceShares: Math.round(ratio * 1_000_000),
    pairedShares: 1_000_000,
  });
  const evalAt = (
    hhmm: string,
    prints: ClosingAuctionPrint[],
    st = s.initialState(),
    date?: string,
  ) => {
    const now = at(hhmm, date);
    return s.evaluate(
      snapshot({ now, orderBookImbalance: 0.1, expiries: [date ?? DAY] }),
      context({ now, session: session(date), closingAuction: prints }),
      st,
    );
  };

  it('buys calls on a buy imbalance between 15:30 and 15:50, out by 15:55, notional ≤ 4% of equity', () => {
    const { candidates, state } = evalAt('15:35', [print('15:34', 0.3)]);
    expect(candidates).toHaveLength(1);
    const c = candidates[0];
    expect(c).toMatchObject({ strategy: 'moc_imbalance', direction: 'bullish' });
    expect(c.legs[0].right).toBe('call');
    expect(c.timeStopAt).toBe(at('15:55'));
    expect(c.maxContracts * c.entry * 100).toBeLessThanOrEqual(4_000);
    expect(c.riskFactors[0]).toContain('untrained');
    expect(state.pending.SPY.samples).toHaveLength(1);
  });

  it('buys puts on a sell imbalance', () => {
    expect(evalAt('15:35', [print('15:34', -0.4)]).candidates[0]?.legs[0].right).toBe('put');
  });

  it('fires at the threshold; not below it, not outside the window, not without a print', () => {
    expect(evalAt('15:35', [print('15:34', 0.25)]).candidates).toHaveLength(1);
    expect(evalAt('15:35', [print('15:34', 0.24)]).candidates).toEqual([]);
    expect(evalAt('15:29', [print('15:28', 0.4)]).candidates).toEqual([]);
    expect(evalAt('15:30', [print('15:29', 0.4)]).candidates).toHaveLength(1);
    expect(evalAt('15:51', [print('15:49', 0.4)]).candidates).toEqual([]);
    expect(evalAt('15:35', []).candidates).toEqual([]);
    // A print stamped after the clock is not seen (look-ahead guard).
    expect(evalAt('15:35', [print('15:36', 0.4)]).candidates).toEqual([]);
  });

  it('moves its windows with a half-day close', () => {
    const d = '2026-11-27';
    const r = evalAt('12:35', [print('12:34', 0.4, d)], s.initialState(), d);
    expect(r.candidates).toHaveLength(1);
    expect(r.candidates[0].timeStopAt).toBe(at('12:55', d));
  });

  it('learns the planted relation "final imbalance = 2 × indicative" and then fires on a smaller print', () => {
    const days = tradingDaysBetween('2026-03-02', '2026-03-13');
    let st = s.initialState();
    const rnd = lcg(11);
    for (const d of days) {
      const r = (rnd() - 0.5) * 0.3;
      const prints: ClosingAuctionPrint[] = [];
      for (const t of ['15:10', '15:20', '15:30', '15:40']) {
        prints.push(print(t, r + (rnd() - 0.5) * 0.01, d));
        st = evalAt(t, [...prints], st, d).state;
      }
      prints.push(print('15:50', 2 * r, d));
      st = evalAt('15:50', prints, st, d).state;
      expect(st.pending.SPY).toBeUndefined();
    }
    expect(st.model.n).toBe(days.length * 4);
    expect(st.model.w[1]).toBeGreaterThan(1.8);
    // Untrained, an indicative 0.15 is under the 0.25 threshold; trained, it predicts ~0.30.
    const d = '2026-03-16';
    const fresh = evalAt('15:35', [print('15:34', 0.15, d)], s.initialState(), d);
    expect(fresh.candidates).toEqual([]);
    const learned = evalAt('15:35', [print('15:34', 0.15, d)], st, d);
    expect(learned.candidates).toHaveLength(1);
    expect(Number(learned.candidates[0].inputs.predictedImbalance)).toBeCloseTo(0.3, 1);
    expect(learned.candidates[0].inputs.modelTrained).toBe(true);
  });

  it('drops a previous day’s unlabelled samples', () => {
    const st = evalAt('15:10', [print('15:10', 0.1)]).state;
    expect(st.pending.SPY.date).toBe('2026-03-03');
    const nextDay = evalAt('15:05', [print('15:05', 0.1, '2026-03-04')], st, '2026-03-04').state;
    expect(nextDay.pending.SPY.date).toBe('2026-03-04');
    expect(nextDay.pending.SPY.samples).toHaveLength(1);
    expect(nextDay.model.n).toBe(0);
  });
});
