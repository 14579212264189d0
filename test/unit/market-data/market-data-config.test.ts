import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/config.js';

describe('market-data configuration', () => {
  it('defaults to the simulator over the focus universe with the plan cadences', () => {
    const c = loadConfig({});
    expect(c.MARKET_DATA_PROVIDER).toBe('simulator');
    expect(c.MARKET_DATA_SYMBOLS).toHaveLength(11);
    expect(c.MARKET_DATA_FAST_CHAIN_SYMBOLS).toEqual(['SPX', 'SPY', 'QQQ', 'IWM']);
    expect(c.MARKET_DATA_FAST_CHAIN_MS).toBe(5_000);
    expect(c.MARKET_DATA_SNAPSHOT_TTL_S).toBe(180);
    expect(c.ALPHAVANTAGE_CALLS_PER_MINUTE).toBe(600);
  });

  it('upper-cases symbol lists and refuses bad values, listing every problem', () => {
    expect(loadConfig({ MARKET_DATA_SYMBOLS: 'spy, qqq' }).MARKET_DATA_SYMBOLS).toEqual([
      'SPY',
      'QQQ',
    ]);
    let error: unknown;
    try {
      loadConfig({
        MARKET_DATA_SYMBOLS: 'SPY,not a ticker',
        MARKET_DATA_PROVIDER: 'bloomberg',
        ALPHAVANTAGE_BASE_URL: 'nope',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/MARKET_DATA_SYMBOLS/);
    expect(problems).toMatch(/MARKET_DATA_PROVIDER/);
    expect(problems).toMatch(/ALPHAVANTAGE_BASE_URL/);
  });
});
