import { describe, expect, it } from 'vitest';
import { GexShiftDetector } from '../../../../src/analytics/anomalies/anomalies.js';
import {
  AnomalyAlertGate,
  HysteresisGate,
} from '../../../../src/analytics/anomalies/hysteresis.js';
import type { AnomalyFlag } from '../../../../src/analytics/analytics-snapshot.js';

describe('HysteresisGate', () => {
  it('enters above the threshold, leaves below the lower one, announces once per interval', () => {
    const g = new HysteresisGate({ enter: 0.5, exit: 0.3, minIntervalMs: 60_000 });
    expect(g.update('k', 0.4, 0)).toBeNull();
    expect(g.update('k', 0.6, 1_000)).toBe('enter');
    expect(g.update('k', 0.45, 2_000)).toBeNull(); // between exit and enter: still in
    expect(g.update('k', 0.7, 3_000)).toBeNull();
    expect(g.update('k', 0.2, 4_000)).toBe('exit');
    expect(g.update('k', 0.8, 5_000)).toBe('enter_quiet'); // within the interval
    expect(g.update('k', 0.1, 6_000)).toBe('exit');
    expect(g.update('k', 0.8, 70_000)).toBe('enter');
    expect(() => new HysteresisGate({ enter: 0.3, exit: 0.5, minIntervalMs: 0 })).toThrow(/exit/);
  });
});

describe('gex_shift as a change of state', () => {
  it('a GEX sequence that crosses the threshold once gives exactly one flag', () => {
    const d = new GexShiftDetector('SPY', { threshold: 0.2, windowMs: 300_000 });
    // 1.0e9 for a while, one jump to 1.5e9 that stays: every later check within five minutes
    // still sees a 50% change against the old value, yet only the first one is news.
    const flags: AnomalyFlag[] = [];
    for (let i = 0; i <= 120; i++) {
      const at = i * 5_000;
      const net = i < 20 ? 1e9 : 1.5e9;
      const f = d.observe(at, net);
      if (f) flags.push(f);
    }
    expect(flags).toHaveLength(1);
    expect(flags[0].kind).toBe('gex_shift');
    expect(flags[0].at).toBe(100_000);
    expect(flags[0].context.changePct).toBeCloseTo(50, 6);
  });

  it('a new shift after the state cleared and the interval passed is flagged again', () => {
    const d = new GexShiftDetector('SPY', { threshold: 0.2, windowMs: 60_000 });
    const seen: number[] = [];
    const series = [1e9, 1.5e9, 1.5e9, 1.5e9, 1.5e9, 2.5e9, 2.5e9];
    series.forEach((net, i) => {
      if (d.observe(i * 30_000, net)) seen.push(i);
    });
    expect(seen).toEqual([1, 5]);
  });
});

describe('AnomalyAlertGate', () => {
  const flag = (kind: AnomalyFlag['kind'], at: number): AnomalyFlag => ({
    kind,
    symbol: 'SPY',
    at,
    message: kind,
    context: {},
  });

  it('passes a flag when it appears, not while it persists, again after it cleared', () => {
    const g = new AnomalyAlertGate(60_000);
    expect(g.admit('SPY', 0, [flag('impossible_greeks', 0)])).toHaveLength(1);
    for (let t = 5_000; t < 50_000; t += 5_000)
      expect(g.admit('SPY', t, [flag('impossible_greeks', t)])).toEqual([]);
    expect(g.admit('SPY', 50_000, [])).toEqual([]);
    expect(g.admit('SPY', 55_000, [flag('impossible_greeks', 55_000)])).toEqual([]);
    expect(g.admit('SPY', 60_000, [])).toEqual([]);
    expect(g.admit('SPY', 120_000, [flag('impossible_greeks', 120_000)])).toHaveLength(1);
    expect(g.admit('QQQ', 120_000, [flag('impossible_greeks', 120_000)])).toHaveLength(1);
  });
});
