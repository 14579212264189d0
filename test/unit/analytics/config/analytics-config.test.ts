import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../../src/config/config.js';

describe('analytics configuration', () => {
  it('has defaults and parses per-symbol dividend yields', () => {
    const c = loadConfig({ ANALYTICS_DIVIDEND_YIELDS: 'SPY:0.013, qqq:0.006' });
    expect(c.ANALYTICS_DIVIDEND_YIELDS).toEqual({ SPY: 0.013, QQQ: 0.006 });
    expect(c.ANALYTICS_RISK_FREE_RATE).toBe(0);
    expect(c.ANALYTICS_VPIN_BUCKET_VOLUME).toBe(1_000);
    expect(loadConfig({}).ANALYTICS_DIVIDEND_YIELDS).toEqual({});
    expect(
      loadConfig({ ANALYTICS_VPIN_BUCKET_VOLUMES: 'SPY:1500000,SPX:2e5' })
        .ANALYTICS_VPIN_BUCKET_VOLUMES,
    ).toEqual({
      SPY: 1_500_000,
      SPX: 200_000,
    });
  });
  it('rejects malformed values with a clear message', () => {
    expect(() => loadConfig({ ANALYTICS_DIVIDEND_YIELDS: 'SPY=0.01' })).toThrow(ConfigError);
    expect(() => loadConfig({ ANALYTICS_DIVIDEND_YIELDS: 'SPY:2' })).toThrow(/SYMBOL:value/);
    expect(() => loadConfig({ ANALYTICS_GEX_SHIFT_PCT: '-1' })).toThrow(/ANALYTICS_GEX_SHIFT_PCT/);
  });
});
