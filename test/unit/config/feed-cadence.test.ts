import { describe, expect, it } from 'vitest';
import { configWarnings, loadConfig } from '../../../src/config/config.js';
import { chainCadenceMs, feedCadenceWarnings } from '../../../src/config/feed-cadence.js';

describe('engine feed cadence against the overseer data-age limit', () => {
  it('is quiet on the defaults (every engine symbol on the 5 s chain pulls)', () => {
    expect(feedCadenceWarnings(loadConfig({}))).toEqual([]);
  });

  it('warns about an engine symbol pulled every 30 s while data older than 10 s halts', () => {
    const env = { MARKET_DATA_SYMBOLS: 'SPY,QQQ,NVDA', ENGINE_SYMBOLS: 'SPY,QQQ,NVDA' };
    const config = loadConfig(env);
    expect(chainCadenceMs(config, 'NVDA')).toBe(30_000);
    expect(chainCadenceMs(config, 'SPY')).toBe(5_000);
    const warnings = feedCadenceWarnings(config);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^ENGINE_SYMBOLS NVDA: its chain is pulled every 30 s/);
    expect(configWarnings(env)).toContain(warnings[0]);
    const fast = { ...env, MARKET_DATA_FAST_CHAIN_SYMBOLS: 'SPY,QQQ,NVDA' };
    expect(feedCadenceWarnings(loadConfig(fast))).toEqual([]);
    expect(feedCadenceWarnings(loadConfig({ ...env, OVERSEER_MAX_DATA_AGE_MS: '30000' }))).toEqual(
      [],
    );
  });
});
