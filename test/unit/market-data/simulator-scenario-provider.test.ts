/**
 * MARKET_DATA_SIM_SCENARIO: the live simulator provider replays a named scenario's days (the
 * demo's day), so the app sees the same market a `backtest --scenarios` run sees; an unknown name
 * fails start-up naming the known ones.
 */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import { nyInstant } from '../../../src/common/market-calendar.js';
import { loadConfig } from '../../../src/config/config.js';
import { createMarketDataProvider } from '../../../src/market-data/provider-factory.js';

async function nvdaSpot(scenario: string, at: string): Promise<number> {
  const clock = new FakeClock(nyInstant('2026-03-10', at));
  const provider = await createMarketDataProvider(
    loadConfig({ MARKET_DATA_SYMBOLS: 'NVDA,QQQ', MARKET_DATA_SIM_SCENARIO: scenario }),
    clock,
  );
  try {
    return (await provider.fetchChain('NVDA')).spot;
  } finally {
    await provider.close?.();
  }
}

describe('the simulator provider on a named scenario', () => {
  it("shapes the scenario's day: NVDA breaks out at 11:00 on trend_day", async () => {
    const plainRise = (await nvdaSpot('', '11:30')) / (await nvdaSpot('', '10:45'));
    const trendRise =
      (await nvdaSpot('trend_day', '11:30')) / (await nvdaSpot('trend_day', '10:45'));
    expect(trendRise - plainRise).toBeGreaterThan(0.03);
  });

  it('fails start-up on an unknown scenario, naming the known ones', async () => {
    await expect(
      createMarketDataProvider(
        loadConfig({ MARKET_DATA_SIM_SCENARIO: 'no_such_day' }),
        new FakeClock(0),
      ),
    ).rejects.toThrow(/unknown scenario\(s\) no_such_day; known: trend_day/);
  });
});
