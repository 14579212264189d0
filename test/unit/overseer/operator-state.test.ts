import { describe, expect, it } from 'vitest';
import { applyOperatorState, OPERATOR_DEFAULTS } from '../../../src/overseer/operator-state.js';
import { Overseer, type OverseerObservation } from '../../../src/overseer/overseer.js';
import { ny } from '../engine/fixtures.js';

const tick = (o: Overseer, now: number, dayPnl = 0): void => {
  const observation: OverseerObservation = {
    now,
    feeds: { 'chain:SPY': now },
    snapshots: [],
    fills: [],
    strategies: {},
    dayPnl,
    startOfDayEquity: 100_000,
  };
  o.tick(observation);
};

describe('operator switches on the overseer', () => {
  it('applies only what the operator changed, each with an operator alert', () => {
    const o = new Overseer();
    const halted = { ...OPERATOR_DEFAULTS, halted: true, haltReason: 'fomc' };
    applyOperatorState(o, OPERATOR_DEFAULTS, halted, ny(10, 0));
    expect(o.controls).toMatchObject({ halted: true, haltReason: 'fomc' });
    // Reading the same state again changes nothing and raises nothing.
    applyOperatorState(o, halted, halted, ny(10, 0, 1));
    const manual = { ...halted, manualMode: true, taper: 0.25 };
    applyOperatorState(o, halted, manual, ny(10, 0, 2));
    expect(o.controls).toMatchObject({ manualMode: true, sizeMultiplier: 0.25 });
    applyOperatorState(o, manual, { ...manual, halted: false, haltReason: null }, ny(10, 0, 3));
    expect(o.controls.halted).toBe(false);
    expect(
      o
        .alerts()
        .reverse()
        .map((a) => `${a.kind} ${a.action} ${a.level}`),
    ).toEqual([
      'operator halt critical',
      'operator none warning',
      'operator taper warning',
      'operator resume info',
    ]);
  });

  it("does not undo the overseer's own paper-only when the operator's state is read again", () => {
    const o = new Overseer();
    o.setPaperOnly(ny(10, 0), true); // as the slippage check would
    applyOperatorState(o, OPERATOR_DEFAULTS, OPERATOR_DEFAULTS, ny(10, 0, 1));
    expect(o.controls.paperOnly).toBe(true);
  });

  it("keeps the smaller of the operator's taper and the drawdown taper", () => {
    const o = new Overseer();
    o.setTaper(ny(10, 0), 0.8);
    expect(o.controls.sizeMultiplier).toBe(0.8);
    tick(o, ny(10, 0, 1), -2_000); // 2% down: the drawdown taper (0.5×)
    expect(o.controls.sizeMultiplier).toBe(0.5);
    tick(o, ny(10, 0, 2), 100); // recovered: back to the operator's
    expect(o.controls.sizeMultiplier).toBe(0.8);
    o.newDay(ny(9, 30, 0, 4));
    expect(o.controls.sizeMultiplier).toBe(0.8);
    o.setTaper(ny(10, 0, 0, 4), 1);
    expect(o.controls.sizeMultiplier).toBe(1);
  });
});
