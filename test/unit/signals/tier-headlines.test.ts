import { describe, expect, it } from 'vitest';
import { basicHeadline, freeHeadline, roundStrike } from '../../../src/signals/tier-headlines.js';
import type { SignalLeg } from '../../../src/vocabulary/trading.js';

const leg = (right: 'call' | 'put', strike: number): SignalLeg => ({
  occSymbol: `SPY260303${right === 'call' ? 'C' : 'P'}${strike}`,
  right,
  strike,
  expiry: '2026-03-03',
  side: 'buy',
  quantity: 1,
});

describe('tier headlines', () => {
  it('gives Basic the right and a coarse strike, Free the direction only', () => {
    expect(basicHeadline({ symbol: 'SPY', legs: [leg('call', 443)] })).toBe('SPY calls around 440');
    expect(basicHeadline({ symbol: 'SPY', legs: [leg('call', 443), leg('put', 430)] })).toBe(
      'SPY strangle around 440',
    );
    expect(freeHeadline({ symbol: 'SPY', direction: 'bearish' })).toBe(
      'Bearish SPY setup triggered',
    );
    expect(roundStrike(5812.5)).toBe(5800);
  });
});
