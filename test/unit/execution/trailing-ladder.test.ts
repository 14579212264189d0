import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LADDER,
  initialLadderState,
  ladderStep,
  parseRungs,
  type LadderState,
} from '../../../src/execution/trailing-ladder.js';

/** Runs prices (entry 1.00, long premium) tick by tick; returns states and the exit tick. */
function run(prices: number[], entry = 1) {
  let state: LadderState = initialLadderState();
  const states: LadderState[] = [];
  for (let i = 0; i < prices.length; i++) {
    const step = ladderStep(state, prices[i] / entry - 1);
    state = step.state;
    states.push(state);
    const exit = step.events.find((e) => e.kind === 'exit');
    if (exit && exit.kind === 'exit') return { states, exitAt: i, exit };
  }
  return { states, exitAt: -1, exit: null };
}

describe('trailing-stop ladder', () => {
  it('starts with a 15% stop below entry and exits there while red', () => {
    const r = run([0.95, 0.9, 0.86, 0.85, 0.8]);
    expect(r.states[0].stopReturn).toBeCloseTo(-0.15, 12);
    expect(r.exitAt).toBe(3);
    expect(r.exit!.reason).toMatch(/initial 15% stop/);
  });

  it('once green the stop is at breakeven: the trade never closes red', () => {
    const r = run([1.05, 1.0]);
    expect(r.states[0].green).toBe(true);
    expect(r.states[0].stopReturn).toBe(0);
    expect(r.exitAt).toBe(1);
    expect(r.exit!.stopReturn).toBe(0);
  });

  it('trails 15% below the best value before the first rung', () => {
    const r = run([1.5, 1.4, 1.28, 1.275]);
    expect(r.states[0].stopReturn).toBeCloseTo(1.5 * 0.85 - 1, 12); // 0.275
    expect(r.states[1].stopReturn).toBeCloseTo(0.275, 12); // never moves down
    expect(r.exitAt).toBe(3);
  });

  it('each rung: +100% locks +50%, +200% locks +100%, +300% locks +200%', () => {
    const r1 = run([1.5, 2.0]);
    expect(r1.states[1].rung).toBe(0);
    expect(r1.states[1].stopReturn).toBeCloseTo(0.5, 12);
    // just below the rung, the trail governs: 1.5·0.85 − 1
    expect(r1.states[0].stopReturn).toBeCloseTo(0.275, 12);
    // a trail already above the lock stays: the stop never moves down
    const high = run([1.99, 2.0]);
    expect(high.states[1].stopReturn).toBeCloseTo(1.99 * 0.85 - 1, 12);
    const r2 = run([2.0, 2.5, 3.0]);
    expect(r2.states[1].stopReturn).toBeCloseTo(0.5, 12); // ladder replaces the trail
    expect(r2.states[2].stopReturn).toBeCloseTo(1, 12);
    const r3 = run([4.0]);
    expect(r3.states[0].rung).toBe(2);
    expect(r3.states[0].stopReturn).toBeCloseTo(2, 12);
    const exit = run([4.0, 3.5, 3.0]);
    expect(exit.exitAt).toBe(2);
    expect(exit.exit!.reason).toMatch(/ladder stop at \+200%/);
  });

  it('reports stop moves with reasons', () => {
    const s = ladderStep(initialLadderState(), 1.0);
    const moved = s.events.find((e) => e.kind === 'stop_moved');
    expect(moved).toMatchObject({ kind: 'stop_moved', from: -0.15, to: 0.5 });
    expect(moved && moved.kind === 'stop_moved' && moved.reason).toMatch(/\+100%: lock \+50%/);
  });

  it('property, tick by tick: the stop never falls, and once green it never exits below breakeven', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -0.2, max: 0.25, noNaN: true }), {
          minLength: 1,
          maxLength: 300,
        }),
        (moves) => {
          let state = initialLadderState();
          let price = 1;
          for (const m of moves) {
            price = Math.max(0.01, price * (1 + m));
            const step = ladderStep(state, price - 1);
            expect(step.state.stopReturn).toBeGreaterThanOrEqual(state.stopReturn);
            const exit = step.events.find((e) => e.kind === 'exit');
            if (exit && exit.kind === 'exit' && step.state.green)
              expect(exit.stopReturn).toBeGreaterThanOrEqual(0);
            if (step.state.rung >= 0) {
              expect(step.state.stopReturn).toBeGreaterThanOrEqual(
                DEFAULT_LADDER.rungs[step.state.rung].lock,
              );
            }
            state = step.state;
            if (exit) break;
          }
        },
      ),
    );
  });

  it('is pure: the same ticks give the same states', () => {
    const ticks = [1.1, 1.3, 1.2, 2.2, 3.4, 2.9, 2.1];
    expect(run(ticks)).toEqual(run(ticks));
  });

  it('parses configured rungs', () => {
    expect(parseRungs('2:1,1:0.5')).toEqual([
      { gain: 1, lock: 0.5 },
      { gain: 2, lock: 1 },
    ]);
    expect(() => parseRungs('1:2')).toThrow(/lock < gain/);
  });
});
