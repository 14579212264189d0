import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nyInstant, nyTime } from '../../../../src/common/market-calendar.js';
import type { ChainSnapshot, OptionContract } from '../../../../src/market-data/chain-snapshot.js';
import type { MarketEvent } from '../../../../src/market-data/market-events.js';
import { bsmGreeks } from '../../../../src/analytics/math/black-scholes.js';
import { MarketSimulator } from '../../../../src/market-data/simulator/index.js';

const DATE = '2026-03-02'; // a Monday

function checksum(sim: MarketSimulator, symbols: string[], steps: number): string {
  const h = createHash('sha256');
  for (const step of sim.sessionSteps()) {
    h.update(JSON.stringify(step.spots));
    h.update(JSON.stringify(sim.drainEvents()));
    if (step.index % 60 === 0)
      for (const s of symbols) h.update(JSON.stringify(sim.chainSnapshot(s)));
    if (step.index >= steps) break;
  }
  return h.digest('hex');
}

function byExpiryRoot(chain: ChainSnapshot): Map<string, OptionContract[]> {
  const groups = new Map<string, OptionContract[]>();
  for (const c of chain.contracts) {
    const key = `${c.root} ${c.expiry}`;
    const list = groups.get(key) ?? [];
    list.push(c);
    groups.set(key, list);
  }
  return groups;
}

describe('MarketSimulator: reproducibility', { timeout: 60_000 }, () => {
  it('gives identical output for the same seed and config, different for another seed', () => {
    const symbols = ['SPY', 'TSLA'];
    const a = checksum(new MarketSimulator({ seed: 11, symbols, date: DATE }), symbols, 240);
    const b = checksum(new MarketSimulator({ seed: 11, symbols, date: DATE }), symbols, 240);
    const c = checksum(new MarketSimulator({ seed: 12, symbols, date: DATE }), symbols, 240);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it("does not change one symbol's market when others are added or chains are read", () => {
    const alone = new MarketSimulator({
      seed: 5,
      symbols: ['AAPL'],
      date: DATE,
      recordEvents: false,
    });
    const crowd = new MarketSimulator({
      seed: 5,
      symbols: ['SPY', 'AAPL', 'NVDA'],
      date: DATE,
      recordEvents: false,
    });
    for (let i = 0; i < 600; i++) {
      if (i % 7 === 0) crowd.chainSnapshot('AAPL');
      alone.step();
      crowd.step();
    }
    expect(crowd.spot('AAPL')).toBe(alone.spot('AAPL'));
    expect(crowd.chainSnapshot('AAPL').contracts).toEqual(alone.chainSnapshot('AAPL').contracts);
  });

  it('gives stable, distinct snapshot ids with source simulator', () => {
    const sim = new MarketSimulator({ seed: 1, symbols: ['SPY'], date: DATE, recordEvents: false });
    const first = sim.chainSnapshot('SPY');
    expect(first.source).toBe('simulator');
    expect(sim.chainSnapshot('SPY').snapshotId).toBe(first.snapshotId);
    sim.step();
    expect(sim.chainSnapshot('SPY').snapshotId).not.toBe(first.snapshotId);
    const again = new MarketSimulator({
      seed: 1,
      symbols: ['SPY'],
      date: DATE,
      recordEvents: false,
    });
    expect(again.chainSnapshot('SPY').snapshotId).toBe(first.snapshotId);
  });
});

describe('MarketSimulator: session and API', { timeout: 60_000 }, () => {
  it('steps every five seconds from 09:30 to 15:59:55 (4,680 steps), 2,520 on a half day', () => {
    const sim = new MarketSimulator({ seed: 3, symbols: ['SPY'], date: DATE, recordEvents: false });
    const ats: number[] = [];
    for (const step of sim.sessionSteps()) ats.push(step.at);
    expect(ats.length).toBe(4680);
    expect(nyTime(ats[0])).toBe('09:30:00');
    expect(nyTime(ats[ats.length - 1])).toBe('15:59:55');
    expect(sim.step()).toBe(false);
    const half = new MarketSimulator({
      seed: 3,
      symbols: ['SPY'],
      date: '2026-11-27',
      recordEvents: false,
    });
    expect(half.steps).toBe(2520);
  });

  it('advances to a time and stays within the session', () => {
    const sim = new MarketSimulator({ seed: 3, symbols: ['QQQ'], date: DATE, recordEvents: false });
    sim.advanceTo(nyInstant(DATE, '10:00:02'));
    expect(nyTime(sim.now())).toBe('10:00:00');
    sim.advanceTo(nyInstant(DATE, '20:00'));
    expect(nyTime(sim.now())).toBe('15:59:55');
  });

  it('rejects bad configuration and unknown symbols with clear errors', () => {
    expect(() => new MarketSimulator({ seed: 1, symbols: ['SPY'], date: '2026-03-07' })).toThrow(
      /not a NYSE trading day/,
    );
    expect(() => new MarketSimulator({ seed: 1, symbols: ['spy'], date: DATE })).toThrow(/symbols/);
    expect(() => new MarketSimulator({ seed: 1, symbols: [], date: DATE })).toThrow(/symbols/);
    expect(
      () => new MarketSimulator({ seed: 1, symbols: ['SPY'], date: DATE, stepMs: 10 }),
    ).toThrow(/stepMs/);
    const sim = new MarketSimulator({ seed: 1, symbols: ['SPY'], date: DATE });
    expect(() => sim.chainSnapshot('QQQ')).toThrow(/not simulated/);
  });

  it('starts near realistic spots and links days: one close is the next previous close', () => {
    const sim = new MarketSimulator({
      seed: 9,
      symbols: ['SPX', 'SPY', 'NVDA'],
      date: '2026-01-02',
      recordEvents: false,
    });
    expect(sim.dayPlan('SPX').prevClose).toBeCloseTo(5800, 6);
    expect(sim.dayPlan('NVDA').prevClose).toBeCloseTo(140, 6);
    for (const [d, next] of [
      ['2026-03-02', '2026-03-03'],
      ['2025-12-30', '2025-12-31'],
    ]) {
      const today = new MarketSimulator({
        seed: 9,
        symbols: ['SPY', 'NVDA'],
        date: d,
        recordEvents: false,
      });
      const tomorrow = new MarketSimulator({
        seed: 9,
        symbols: ['SPY', 'NVDA'],
        date: next,
        recordEvents: false,
      });
      for (const s of ['SPY', 'NVDA']) {
        expect(tomorrow.dayPlan(s).prevClose).toBeCloseTo(today.dayPlan(s).targetClose, 6);
      }
    }
    const week = new MarketSimulator({
      seed: 9,
      symbols: ['SPY', 'NVDA'],
      date: '2026-03-09',
      recordEvents: false,
    });
    const closes = week.dailyCloses('NVDA', 25);
    expect(closes).toHaveLength(25);
    expect(closes[24]).toBeCloseTo(week.dayPlan('NVDA').prevClose, 2);
    const thursday = new MarketSimulator({
      seed: 9,
      symbols: ['NVDA'],
      date: '2026-03-05',
      recordEvents: false,
    });
    expect(closes[23]).toBeCloseTo(thursday.dayPlan('NVDA').targetClose, 2); // Thursday's close
    expect(() => week.dailyCloses('NVDA', -1)).toThrow(/count/);
    const spy = sim.dayPlan('SPY');
    expect(spy.open / sim.dayPlan('SPX').open).toBeCloseTo(0.1, 6);
  });
});

describe('MarketSimulator: option chains', { timeout: 60_000 }, () => {
  const sim = new MarketSimulator({
    seed: 21,
    symbols: ['SPX', 'SPY', 'IWM', 'AAPL', 'TSLA'],
    date: DATE,
  });
  const times = ['09:30', '12:00', '15:58'];
  const chains: { time: string; chain: ChainSnapshot }[] = [];
  for (const t of times) {
    sim.advanceTo(nyInstant(DATE, t));
    for (const s of ['SPX', 'SPY', 'AAPL', 'TSLA'])
      chains.push({ time: t, chain: sim.chainSnapshot(s) });
  }

  it('lists 0DTE and 1DTE for SPX/SPY/IWM, AM-settled SPX monthlies beside SPXW, weeklies for stocks', () => {
    const fresh = new MarketSimulator({
      seed: 21,
      symbols: ['SPX', 'SPY', 'IWM', 'AAPL'],
      date: DATE,
      recordEvents: false,
    });
    for (const s of ['SPY', 'IWM']) {
      const expiries = new Set(fresh.chainSnapshot(s).contracts.map((c) => c.expiry));
      expect(expiries.has('2026-03-02')).toBe(true);
      expect(expiries.has('2026-03-03')).toBe(true);
    }
    const spx = fresh.chainSnapshot('SPX').contracts;
    expect(spx.some((c) => c.root === 'SPXW' && c.expiry === '2026-03-02')).toBe(true);
    const am = spx.filter((c) => c.root === 'SPX');
    expect(am.length).toBeGreaterThan(0);
    expect(am.every((c) => c.settlement === 'AM')).toBe(true);
    expect(new Set(am.map((c) => c.expiry)).has('2026-03-20')).toBe(true);
    expect(am.find((c) => c.expiry === '2026-03-20')!.expiresAt).toBe('2026-03-20T13:30:00Z');
    expect(spx.find((c) => c.root === 'SPXW' && c.expiry === '2026-03-20')!.expiresAt).toBe(
      '2026-03-20T20:00:00Z',
    );
    const aapl = new Set(fresh.chainSnapshot('AAPL').contracts.map((c) => c.expiry));
    expect(aapl.has('2026-03-02')).toBe(false);
    expect(aapl.has('2026-03-06')).toBe(true);
    expect(aapl.has('2026-04-17')).toBe(true);
    const spyCount = fresh.chainSnapshot('SPY').contracts.length;
    expect(spyCount).toBeGreaterThanOrEqual(1000);
    expect(spyCount).toBeLessThanOrEqual(2000);
  });

  it('uses OCC symbols in canonical order and strikes at the product spacing', () => {
    const spy = chains.find((c) => c.chain.underlying === 'SPY')!.chain;
    expect(spy.contracts[0].occSymbol).toMatch(/^SPY260302[CP]\d{8}$/);
    for (let i = 1; i < spy.contracts.length; i++) {
      const a = spy.contracts[i - 1];
      const b = spy.contracts[i];
      const order =
        a.expiry < b.expiry ||
        (a.expiry === b.expiry &&
          (a.strike < b.strike ||
            (a.strike === b.strike && a.right === 'call' && b.right === 'put')));
      expect(order).toBe(true);
    }
    const near = spy.contracts.filter(
      (c) => c.expiry === '2026-03-02' && Math.abs(c.strike - spy.spot) < 5,
    );
    expect(near.every((c) => Number.isInteger(c.strike))).toBe(true);
  });

  it('quotes are sane: 0 ≤ bid < ask, mark inside, the surface price inside the quote', () => {
    // Violations are collected and compared once: one expect per contract is slow.
    const bad: string[] = [];
    for (const { time, chain } of chains) {
      for (const c of chain.contracts) {
        const ok =
          c.bid >= 0 &&
          c.ask > c.bid &&
          c.mark >= c.bid &&
          c.mark <= c.ask &&
          c.openInterest >= 0 &&
          Number.isFinite(c.iv!) &&
          c.iv! > 0;
        if (!ok) bad.push(`${time} ${c.occSymbol} ${c.bid}/${c.ask} mark ${c.mark} iv ${c.iv}`);
      }
    }
    const last = chains[chains.length - 1].chain;
    for (const c of last.contracts.filter((_, i) => i % 25 === 0)) {
      const theo = sim.theoreticalValue(last.underlying, c.occSymbol).price;
      if (theo < c.bid - 1e-9 || theo > c.ask + 1e-9)
        bad.push(`${c.occSymbol} theo ${theo} outside ${c.bid}/${c.ask}`);
    }
    expect(bad).toEqual([]);
  });

  it('is free of static arbitrage: calls fall and are convex in strike, puts rise; parity holds within the spread', () => {
    sim.advanceTo(nyInstant(DATE, '14:00'));
    const bad: string[] = [];
    let checked = 0;
    for (const symbol of ['SPX', 'SPY', 'TSLA']) {
      const chain = sim.chainSnapshot(symbol);
      const { rate, dividendYield } = sim.pricingInputs(symbol);
      for (const [key, contracts] of byExpiryRoot(chain)) {
        const calls = contracts.filter((c) => c.right === 'call');
        const puts = contracts.filter((c) => c.right === 'put');
        const callTheo = calls.map((c) => sim.theoreticalValue(symbol, c.occSymbol).price);
        const putTheo = puts.map((c) => sim.theoreticalValue(symbol, c.occSymbol).price);
        for (let i = 1; i < calls.length; i++) {
          if (callTheo[i] > callTheo[i - 1] + 1e-9)
            bad.push(`${key} call rises at ${calls[i].strike}`);
          if (putTheo[i] < putTheo[i - 1] - 1e-9) bad.push(`${key} put falls at ${puts[i].strike}`);
          // No free vertical on the quotes either.
          if (calls[i].bid > calls[i - 1].ask)
            bad.push(`${key} free call vertical at ${calls[i].strike}`);
        }
        for (let i = 1; i + 1 < calls.length; i++) {
          const [k0, k1, k2] = [calls[i - 1].strike, calls[i].strike, calls[i + 1].strike];
          const slopeLeft = (callTheo[i] - callTheo[i - 1]) / (k1 - k0);
          const slopeRight = (callTheo[i + 1] - callTheo[i]) / (k2 - k1);
          if (slopeRight < slopeLeft - 1e-7) bad.push(`${key} concave at ${k1}`);
          // Butterflies on the marks are not worth less than the spreads paid to build them.
          const fly =
            (calls[i - 1].mark * (k2 - k1)) / (k2 - k0) +
            (calls[i + 1].mark * (k1 - k0)) / (k2 - k0) -
            calls[i].mark;
          const cost =
            (calls[i - 1].ask -
              calls[i - 1].bid +
              2 * (calls[i].ask - calls[i].bid) +
              calls[i + 1].ask -
              calls[i + 1].bid) /
            2;
          if (fly < -cost) bad.push(`${key} butterfly at ${k1} pays ${fly}`);
        }
        for (let i = 0; i < calls.length; i++) {
          const c = calls[i];
          const p = puts[i];
          if (p.strike !== c.strike) bad.push(`${key} unpaired strike ${c.strike}`);
          const t = (Date.parse(c.expiresAt) - Date.parse(chain.asOf)) / (365 * 86_400_000);
          const parity = chain.spot * Math.exp(-dividendYield * t) - c.strike * Math.exp(-rate * t);
          if (Math.abs(callTheo[i] - putTheo[i] - parity) > 1e-6)
            bad.push(`${key} parity off at ${c.strike}`);
          if (c.bid - p.ask > parity + 1e-9 || c.ask - p.bid < parity - 1e-9) {
            bad.push(`${key} parity outside the spread at ${c.strike}`);
          }
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(2000);
    expect(bad).toEqual([]);
  });

  it('has a put skew, a term structure tied to variance, and vendor Greeks from Black–Scholes', () => {
    const chain = sim.chainSnapshot('SPY');
    const expiry = [...byExpiryRoot(chain).values()].find((cs) => cs[0].expiry === '2026-03-20')!;
    const atm = expiry.reduce((a, b) =>
      Math.abs(a.strike - chain.spot) < Math.abs(b.strike - chain.spot) ? a : b,
    );
    const otmPut = expiry.find((c) => c.right === 'put' && c.strike <= chain.spot * 0.95)!;
    const otmCall = expiry.find((c) => c.right === 'call' && c.strike >= chain.spot * 1.05)!;
    expect(otmPut.iv!).toBeGreaterThan(atm.iv!);
    expect(otmPut.iv!).toBeGreaterThan(otmCall.iv!);
    // Total ATM variance grows with expiry (no calendar arbitrage).
    let prev = 0;
    for (const [, cs] of byExpiryRoot(chain)) {
      const a = cs.reduce((x, y) =>
        Math.abs(x.strike - chain.spot) < Math.abs(y.strike - chain.spot) ? x : y,
      );
      const th = sim.theoreticalValue('SPY', a.occSymbol);
      const k = Math.log(a.strike / th.forward);
      if (Math.abs(k) > 0.002) continue;
      const t = (Date.parse(a.expiresAt) - Date.parse(chain.asOf)) / (365 * 86_400_000);
      const w = th.iv * th.iv * t;
      expect(w).toBeGreaterThan(prev);
      prev = w;
    }
    const { rate, dividendYield } = sim.pricingInputs('SPY');
    const t = (Date.parse(atm.expiresAt) - Date.parse(chain.asOf)) / (365 * 86_400_000);
    const iv = sim.theoreticalValue('SPY', atm.occSymbol).iv;
    const g = bsmGreeks({
      type: atm.right,
      S: chain.spot,
      K: atm.strike,
      T: t,
      r: rate,
      q: dividendYield,
      sigma: iv,
    });
    expect(atm.delta!).toBeCloseTo(g.delta, 3);
    expect(atm.gamma!).toBeCloseTo(g.gamma, 5);
    expect(atm.theta!).toBeCloseTo(g.theta, 3);
    expect(atm.vega!).toBeCloseTo(g.vega, 3);
  });

  it('concentrates open interest at round strikes and widens spreads away from the money and into the close', () => {
    const chain = chains.find((c) => c.chain.underlying === 'SPY' && c.time === '12:00')!.chain;
    const near = chain.contracts.filter(
      (c) => c.expiry === '2026-03-20' && Math.abs(c.strike / chain.spot - 1) < 0.04,
    );
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const round = near.filter((c) => c.strike % 10 === 0).map((c) => c.openInterest);
    const other = near.filter((c) => c.strike % 5 !== 0).map((c) => c.openInterest);
    expect(mean(round)).toBeGreaterThan(2 * mean(other));

    const rel = (cs: OptionContract[]): number => mean(cs.map((c) => (c.ask - c.bid) / c.mark));
    const monthly = chain.contracts.filter((c) => c.expiry === '2026-03-20' && c.mark > 0.05);
    expect(rel(monthly.filter((c) => Math.abs(c.delta!) < 0.15))).toBeGreaterThan(
      rel(monthly.filter((c) => Math.abs(c.delta!) > 0.4 && Math.abs(c.delta!) < 0.6)),
    );
    const width = (time: string): number => {
      const c = chains.find((x) => x.chain.underlying === 'SPY' && x.time === time)!.chain;
      return mean(
        c.contracts
          .filter((x) => x.expiry === '2026-03-03' && Math.abs(x.strike / c.spot - 1) < 0.01)
          .map((x) => x.ask - x.bid),
      );
    };
    expect(width('15:58')).toBeGreaterThan(width('12:00'));
  });

  it('keeps every number finite at the last step, when 0DTE has five seconds left', () => {
    const end = new MarketSimulator({
      seed: 8,
      symbols: ['SPX', 'SPY'],
      date: DATE,
      recordEvents: false,
    });
    end.advanceTo(end.session.closeAt);
    for (const s of ['SPX', 'SPY']) {
      const chain = end.chainSnapshot(s);
      const zero = chain.contracts.filter((c) => c.expiry === DATE && c.settlement === 'PM');
      expect(zero.length).toBeGreaterThan(0);
      for (const c of chain.contracts) {
        for (const v of [c.bid, c.ask, c.mark, c.iv, c.delta, c.gamma, c.theta, c.vega]) {
          expect(Number.isFinite(v)).toBe(true);
        }
      }
    }
  });

  it('accumulates volume and last prices from the tape', () => {
    const chain = sim.chainSnapshot('SPY');
    const traded = chain.contracts.filter((c) => c.volume > 0);
    expect(traded.length).toBeGreaterThan(50);
    expect(traded.every((c) => c.last !== null && c.last > 0)).toBe(true);
    expect(chain.contracts.filter((c) => c.volume === 0).every((c) => c.last === null)).toBe(true);
  });
});

describe('MarketSimulator: tape, books, bars and imbalances', { timeout: 60_000 }, () => {
  const sim = new MarketSimulator({ seed: 4, symbols: ['SPX', 'SPY', 'NVDA'], date: DATE });
  const events: MarketEvent[] = [];
  for (const _step of sim.sessionSteps()) for (const e of sim.drainEvents()) events.push(e);

  it('emits ticks, option prints with blocks, 10-level books and one-minute bars', () => {
    const ticks = events.filter((e) => e.kind === 'tick' && e.symbol === 'SPY');
    expect(ticks.length).toBeGreaterThan(4680);
    const trades = events.filter((e) => e.kind === 'option_trade');
    expect(trades.length).toBeGreaterThan(10_000);
    const blocks = trades.filter((t) => t.kind === 'option_trade' && t.block);
    expect(blocks.length).toBeGreaterThan(10);
    for (const t of trades.slice(0, 2000)) {
      if (t.kind !== 'option_trade') continue;
      expect(t.premium).toBeCloseTo(t.price * t.size * 100, 2);
      expect(['buy', 'sell', 'unknown']).toContain(t.side);
    }
    const books = events.filter((e) => e.kind === 'book');
    expect(books.every((b) => b.kind === 'book' && b.symbol !== 'SPX')).toBe(true);
    for (const b of books.slice(0, 500)) {
      if (b.kind !== 'book') continue;
      expect(b.bids).toHaveLength(10);
      expect(b.asks).toHaveLength(10);
      expect(b.bids[0].price).toBeLessThan(b.asks[0].price);
      for (let i = 1; i < 10; i++) {
        expect(b.bids[i].price).toBeLessThan(b.bids[i - 1].price);
        expect(b.asks[i].price).toBeGreaterThan(b.asks[i - 1].price);
      }
    }
    const bars = events.filter((e) => e.kind === 'bar' && e.symbol === 'SPY');
    expect(bars).toHaveLength(390);
    for (const b of bars) {
      if (b.kind !== 'bar') continue;
      expect(b.end - b.start).toBe(b === bars[bars.length - 1] ? 55_000 : 60_000);
      expect(b.high).toBeGreaterThanOrEqual(Math.max(b.open, b.close));
      expect(b.low).toBeLessThanOrEqual(Math.min(b.open, b.close));
    }
  });

  it('publishes each one-minute bar once it has ended, never stamped after the step', () => {
    const sim2 = new MarketSimulator({ seed: 4, symbols: ['QQQ'], date: DATE });
    let bars = 0;
    let lastAt = 0;
    let lastBar = { start: 0, end: 0 };
    for (const step of sim2.sessionSteps()) {
      lastAt = step.at;
      for (const e of sim2.drainEvents()) {
        if (e.kind !== 'bar') continue;
        bars++;
        expect(e.end).toBeLessThanOrEqual(step.at);
        lastBar = e;
        if (e.end !== step.at || step.index % 12 === 0) expect(e.start).toBe(e.end - 60_000);
      }
    }
    expect(bars).toBe(390);
    expect(lastBar.end).toBe(lastAt);
    expect(lastBar.end - lastBar.start).toBe(55_000);
  });

  it('publishes official closing imbalances from 15:50 and indicative ones a minute apart from 15:00', () => {
    const imbalances = events.filter((e) => e.kind === 'imbalance');
    const official = imbalances.filter((e) => e.kind === 'imbalance' && !e.indicative);
    const early = imbalances.filter((e) => e.kind === 'imbalance' && e.indicative);
    expect(official.length).toBe(2 * 120);
    expect(official.every((e) => e.at >= nyInstant(DATE, '15:50'))).toBe(true);
    expect(early.length).toBe(2 * 50);
    expect(
      early.every((e) => e.at >= nyInstant(DATE, '15:00') && e.at < nyInstant(DATE, '15:50')),
    ).toBe(true);
    expect(early.every((e) => (e.at - nyInstant(DATE, '15:00')) % 60_000 === 0)).toBe(true);
    expect(imbalances.some((e) => e.kind === 'imbalance' && e.symbol === 'SPX')).toBe(false);
  });

  it('has U-shaped intraday volume', () => {
    const volume = (from: string, to: string): number => {
      const [start, end] = [nyInstant(DATE, from), nyInstant(DATE, to)];
      return events
        .filter((e) => e.kind === 'tick' && e.symbol === 'SPY' && e.at >= start && e.at < end)
        .reduce((a, e) => a + (e.kind === 'tick' ? e.size : 0), 0);
    };
    const open = volume('09:30', '10:00');
    const midday = volume('12:30', '13:00');
    const close = volume('15:30', '16:00');
    expect(open).toBeGreaterThan(1.5 * midday);
    expect(close).toBeGreaterThan(1.5 * midday);
  });
});

describe('MarketSimulator: statistics over many days', { timeout: 60_000 }, () => {
  it('realises volatility near the configured level for the day', () => {
    for (const seed of [1, 2, 3, 4]) {
      const sim = new MarketSimulator({
        seed,
        symbols: ['SPY', 'AAPL'],
        date: DATE,
        recordEvents: false,
      });
      const prev = { SPY: sim.spot('SPY'), AAPL: sim.spot('AAPL') };
      const ss = { SPY: 0, AAPL: 0 };
      while (sim.step()) {
        for (const s of ['SPY', 'AAPL'] as const) {
          const r = Math.log(sim.spot(s) / prev[s]);
          ss[s] += r * r;
          prev[s] = sim.spot(s);
        }
      }
      for (const s of ['SPY', 'AAPL'] as const) {
        const realised = Math.sqrt(ss[s] * 252);
        const configured = sim.dayPlan(s).vol * (sim.isNewsDay(s) ? 1.4 : 1);
        expect(realised / configured).toBeGreaterThan(0.6);
        expect(realised / configured).toBeLessThan(1.6);
      }
    }
  });

  it('sizes the closing imbalance with the day’s trend and shows it in resting depth first', () => {
    const rows: { trend: number; imbalance: number; lean: number }[] = [];
    const at1500 = nyInstant(DATE, '15:00');
    const at1540 = nyInstant(DATE, '15:40');
    for (let seed = 1; seed <= 8; seed++) {
      const sim = new MarketSimulator({ seed, symbols: ['SPY', 'QQQ', 'AAPL'], date: DATE });
      const open: Record<string, number> = {
        SPY: sim.spot('SPY'),
        QQQ: sim.spot('QQQ'),
        AAPL: sim.spot('AAPL'),
      };
      const leans: Record<string, number[]> = { SPY: [], QQQ: [], AAPL: [] };
      const trend: Record<string, number> = {};
      const first: Record<string, number> = {};
      for (const step of sim.sessionSteps()) {
        for (const e of sim.drainEvents()) {
          if (e.kind === 'book' && e.at >= at1500 && e.at < at1540) {
            const bid = e.bids.reduce((a, l) => a + l.size, 0);
            const ask = e.asks.reduce((a, l) => a + l.size, 0);
            leans[e.symbol].push(Math.log(bid / ask));
          }
          if (e.kind === 'imbalance' && !e.indicative && first[e.symbol] === undefined) {
            first[e.symbol] = (e.side === 'buy' ? 1 : -1) * e.shares;
          }
        }
        if (step.at === at1540)
          for (const s of Object.keys(open)) trend[s] = Math.log(sim.spot(s) / open[s]);
      }
      for (const s of Object.keys(open)) {
        const lean = leans[s].reduce((a, b) => a + b, 0) / leans[s].length;
        rows.push({
          trend: trend[s] / sim.dayPlan(s).vol,
          imbalance: first[s] / sim.profile(s).dailyShares,
          lean,
        });
      }
    }
    const corr = (xs: number[], ys: number[]): number => {
      const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
      const my = ys.reduce((a, b) => a + b, 0) / ys.length;
      let sxy = 0;
      let sxx = 0;
      let syy = 0;
      for (let i = 0; i < xs.length; i++) {
        sxy += (xs[i] - mx) * (ys[i] - my);
        sxx += (xs[i] - mx) ** 2;
        syy += (ys[i] - my) ** 2;
      }
      return sxy / Math.sqrt(sxx * syy);
    };
    const imb = rows.map((r) => r.imbalance);
    console.log(
      corr(
        rows.map((r) => r.trend),
        imb,
      ),
      corr(
        rows.map((r) => r.lean),
        imb,
      ),
    );
    expect(
      corr(
        rows.map((r) => r.trend),
        imb,
      ),
    ).toBeGreaterThan(0.2);
    expect(
      corr(
        rows.map((r) => r.lean),
        imb,
      ),
    ).toBeGreaterThan(0.3);
    // Neither alone explains it all: the imbalance is noisy, as a predictor should find it.
    expect(
      corr(
        rows.map((r) => r.lean),
        imb,
      ),
    ).toBeLessThan(0.99);
  });

  it('gives a stock a news day now and then, with several times the usual options volume', () => {
    const news: number[] = [];
    const ordinary: number[] = [];
    for (let seed = 1; seed <= 60; seed++) {
      const sim = new MarketSimulator({ seed, symbols: ['NVDA'], date: DATE, recordEvents: false });
      if (sim.isNewsDay('NVDA')) news.push(seed);
      else if (ordinary.length < 2) ordinary.push(seed);
    }
    expect(news.length).toBeGreaterThan(0);
    expect(news.length).toBeLessThan(10);
    const dayVolume = (seed: number): number => {
      const sim = new MarketSimulator({ seed, symbols: ['NVDA'], date: DATE, recordEvents: false });
      sim.advanceTo(sim.session.closeAt);
      return sim.chainSnapshot('NVDA').contracts.reduce((a, c) => a + c.volume, 0);
    };
    const usual = (dayVolume(ordinary[0]) + dayVolume(ordinary[1])) / 2;
    expect(dayVolume(news[0])).toBeGreaterThan(3 * usual);
  });

  it('has news bursts that move a stock 3% within 15 minutes on some days, not every day', () => {
    let burstDays = 0;
    let days = 0;
    for (let seed = 1; seed <= 16; seed++) {
      const sim = new MarketSimulator({ seed, symbols: ['TSLA'], date: DATE, recordEvents: false });
      const path: number[] = [sim.spot('TSLA')];
      while (sim.step()) path.push(sim.spot('TSLA'));
      const window = 180; // 15 minutes of 5-second steps
      let moved = false;
      for (let i = window; i < path.length && !moved; i++) {
        if (Math.abs(Math.log(path[i] / path[i - window])) >= 0.03) moved = true;
      }
      days++;
      if (moved) burstDays++;
    }
    expect(burstDays).toBeGreaterThan(0);
    expect(burstDays).toBeLessThan(days);
  });
});
