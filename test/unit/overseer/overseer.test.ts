import { describe, expect, it } from 'vitest';
import {
  DEFAULT_OVERSEER_CONFIG,
  Overseer,
  type OverseerObservation,
} from '../../../src/overseer/overseer.js';
import type { AlertRecord } from '../../../src/overseer/alerts.js';
import { analytics, ny } from '../engine/fixtures.js';

function obs(over: Partial<OverseerObservation> = {}): OverseerObservation {
  return {
    now: ny(10, 0),
    feeds: { 'chain:SPY': ny(10, 0) },
    snapshots: [],
    fills: [],
    strategies: {},
    dayPnl: 0,
    startOfDayEquity: 100_000,
    ...over,
  };
}

describe('overseer', () => {
  it('halts on data older than 10 s and resumes when fresh, with alerts to the sink', () => {
    const sunk: AlertRecord[] = [];
    const o = new Overseer(DEFAULT_OVERSEER_CONFIG, (a) => sunk.push(a));
    o.tick(obs({ now: ny(10, 0, 10) }));
    expect(o.controls.halted).toBe(false);
    const raised = o.tick(obs({ now: ny(10, 0, 11) }));
    expect(o.controls.halted).toBe(true);
    expect(raised[0]).toMatchObject({
      level: 'critical',
      kind: 'data_freshness',
      action: 'halt',
      context: { feed: 'chain:SPY', ageMs: 11_000 },
    });
    o.tick(obs({ now: ny(10, 0, 12), feeds: { 'chain:SPY': ny(10, 0, 12) } }));
    expect(o.controls.halted).toBe(false);
    expect(sunk.map((a) => a.action)).toEqual(['halt', 'resume']);
  });

  it('halts a symbol whose Greeks are impossible, and lifts it on a sane snapshot', () => {
    const o = new Overseer();
    const bad = analytics();
    bad.contracts = [{ ...bad.contracts[0], delta: 1.7 }];
    o.tick(obs({ snapshots: [bad] }));
    expect(o.controls.haltedSymbols.has('SPY')).toBe(true);
    expect(o.alerts()[0]).toMatchObject({
      kind: 'greeks_sanity',
      action: 'halt_symbol',
      symbol: 'SPY',
    });
    const negGamma = analytics({ symbol: 'QQQ' });
    negGamma.contracts = [{ ...negGamma.contracts[0], gamma: -0.2 }];
    o.tick(obs({ now: ny(10, 0, 1), snapshots: [negGamma] }));
    expect([...o.controls.haltedSymbols].sort()).toEqual(['QQQ', 'SPY']);
    o.tick(obs({ now: ny(10, 0, 2), snapshots: [analytics()] }));
    expect([...o.controls.haltedSymbols]).toEqual(['QQQ']);
  });

  it('does not halt a symbol on the IV of contracts minutes from settlement', () => {
    const o = new Overseer();
    const settling = analytics();
    // Yesterday's close chain read before the open: an expiring put, 10 s left, IV 2,470%.
    const tenSeconds = 10 / (365 * 86_400);
    settling.contracts = [{ ...settling.contracts[0], t: tenSeconds, iv: 24.7 }];
    o.tick(obs({ snapshots: [settling] }));
    expect(o.controls.haltedSymbols.size).toBe(0);
    const later = analytics();
    later.contracts = [{ ...later.contracts[0], t: 1 / 365, iv: 24.7 }];
    o.tick(obs({ now: ny(10, 0, 1), snapshots: [later] }));
    expect([...o.controls.haltedSymbols]).toEqual(['SPY']);
  });

  it('warns on slippage over 2% and goes paper-only on severe slippage', () => {
    const o = new Overseer();
    const fill = {
      id: 'F1',
      orderId: 'O',
      clientOrderId: 'c',
      signalId: 'S',
      occSymbol: 'X',
      side: 'buy' as const,
      quantity: 1,
      price: 1.025,
      referencePrice: 1,
      slippage: 0.025,
      at: ny(10, 0),
      kind: 'trade' as const,
    };
    o.tick(obs({ fills: [fill, { ...fill, id: 'F0', slippage: 0.01 }] }));
    expect(o.alerts().map((a) => [a.kind, a.level, a.action])).toEqual([
      ['slippage', 'warning', 'none'],
    ]);
    expect(o.controls.paperOnly).toBe(false);
    o.tick(
      obs({ now: ny(10, 0, 1), fills: [{ ...fill, id: 'F2', occSymbol: 'Y', slippage: 0.05 }] }),
    );
    expect(o.controls.paperOnly).toBe(true);
  });

  it('warns when regime uncertainty is above 50%, once per window', () => {
    const o = new Overseer();
    o.tick(
      obs({
        snapshots: [analytics({ regime: { label: 'volatile', confidence: 0.5, inputs: {} } })],
      }),
    );
    expect(o.alerts()).toEqual([]);
    o.tick(
      obs({
        now: ny(10, 0, 1),
        snapshots: [analytics({ regime: { label: 'volatile', confidence: 0.4, inputs: {} } })],
      }),
    );
    o.tick(
      obs({
        now: ny(10, 0, 2),
        snapshots: [analytics({ regime: { label: 'volatile', confidence: 0.3, inputs: {} } })],
      }),
    );
    expect(o.alerts().map((a) => a.kind)).toEqual(['regime_uncertainty']);
    expect(o.alerts()[0].context).toMatchObject({ regime: 'volatile' });
  });

  it('disables a decayed strategy and tapers size as the day loss grows', () => {
    const o = new Overseer();
    o.tick(obs({ strategies: { scalp: { trades: 9, wins: 0, expectedWinRate: 0.6 } } }));
    expect(o.controls.disabledStrategies.size).toBe(0); // too few trades to judge
    o.tick(
      obs({
        now: ny(10, 0, 1),
        strategies: {
          scalp: { trades: 12, wins: 4, expectedWinRate: 0.7 },
          swing: { trades: 12, wins: 5, expectedWinRate: 0.6 },
        },
      }),
    );
    expect([...o.controls.disabledStrategies]).toEqual(['scalp']); // 33% < 35%; swing 42% ≥ 30%
    o.tick(obs({ now: ny(10, 0, 2), dayPnl: -1_600 }));
    expect(o.controls.sizeMultiplier).toBe(0.5);
    const summary = o.dailySummary('2026-03-03');
    expect(summary.byKind).toMatchObject({ strategy_decay: 1, drawdown: 1 });
    expect(summary.actions.map((a) => a.action)).toEqual(['disable_strategy', 'taper']);
    expect(summary.controls).toMatchObject({ disabledStrategies: ['scalp'], sizeMultiplier: 0.5 });
  });

  it('runs once per engine second and keeps operator switches', () => {
    const o = new Overseer();
    expect(o.due(ny(10, 0))).toBe(true);
    o.tick(obs());
    expect(o.due(ny(10, 0) + 999)).toBe(false);
    expect(o.due(ny(10, 0, 1))).toBe(true);
    o.halt(ny(10, 0, 1), 'FOMC');
    expect(o.controls).toMatchObject({ halted: true, haltReason: 'FOMC' });
    o.tick(obs({ now: ny(10, 0, 2), feeds: { 'chain:SPY': ny(10, 0, 2) } }));
    expect(o.controls.halted).toBe(true); // fresh data does not lift an operator halt
    o.resume(ny(10, 0, 3));
    expect(o.controls.halted).toBe(false);
  });

  it('files the previous day as a daily-summary alert when a new day starts', () => {
    const sunk: AlertRecord[] = [];
    const o = new Overseer(DEFAULT_OVERSEER_CONFIG, (a) => sunk.push(a));
    expect(o.newDay(ny(9, 30), null)).toBeNull();
    o.tick(obs({ now: ny(10, 0, 11) })); // stale → halt
    o.tick(obs({ now: ny(10, 0, 12), feeds: { 'chain:SPY': ny(10, 0, 12) } }));
    const s = o.newDay(ny(9, 30, 0, 4), '2026-03-03')!;
    expect(s).toMatchObject({
      day: '2026-03-03',
      alerts: 2,
      byLevel: { critical: 1, info: 1, warning: 0 },
    });
    expect(sunk.at(-1)).toMatchObject({
      kind: 'daily_summary',
      level: 'info',
      context: { day: '2026-03-03', alerts: 2, critical: 1, actions: 'halt,resume' },
    });
  });
});

describe('overseer warnings with hysteresis', () => {
  it('regime uncertainty: one warning per episode (enter above 50%, leave below 40%)', () => {
    const o = new Overseer({ ...DEFAULT_OVERSEER_CONFIG, repeatAfterMs: 0 });
    const conf = [0.6, 0.4, 0.4, 0.45, 0.4, 0.55, 0.3, 0.3, 0.7, 0.4];
    conf.forEach((confidence, i) =>
      o.tick(
        obs({
          now: ny(10, 0, i),
          snapshots: [analytics({ regime: { label: 'volatile', confidence, inputs: {} } })],
        }),
      ),
    );
    // Enters at i=1 (60% uncertain); 55% and 45% stay inside; leaves at i=8 (30%); again at i=9.
    expect(o.alerts().filter((a) => a.kind === 'regime_uncertainty')).toHaveLength(2);
  });
});
