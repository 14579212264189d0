import type { Clock } from '../common/clock.js';
import type { MarketDataConfig } from '../config/slices.js';
import { AlphaVantageProvider } from './adapters/alphavantage.js';
import { CboeFileProvider } from './adapters/cboe-file.js';
import { MassiveProvider } from './adapters/massive.js';
import { ReplayProvider } from './adapters/replay.js';
import { SimulatorProvider } from './adapters/simulator.js';
import { resolveScenarios } from './simulator/index.js';
import type { ProviderHttpOptions } from './http/provider-http-client.js';
import type { IngestSinks } from './ingest-sinks.js';
import type { MarketDataProvider } from './market-data-provider.js';

/** The settings that choose and build a provider. */
export type ProviderSettings = Pick<
  MarketDataConfig,
  | 'MARKET_DATA_PROVIDER'
  | 'MARKET_DATA_SYMBOLS'
  | 'MARKET_DATA_STALE_AFTER_S'
  | 'MARKET_DATA_HTTP_TIMEOUT_MS'
  | 'MARKET_DATA_HTTP_RETRIES'
  | 'MARKET_DATA_BREAKER_RESET_MS'
  | 'ALPHAVANTAGE_API_KEY'
  | 'ALPHAVANTAGE_BASE_URL'
  | 'MASSIVE_API_KEY'
  | 'MASSIVE_BASE_URL'
  | 'MARKET_DATA_CBOE_DIR'
  | 'MARKET_DATA_REPLAY_DIR'
  | 'MARKET_DATA_SIM_SEED'
  | 'MARKET_DATA_SIM_EVENTS'
  | 'MARKET_DATA_SIM_SCENARIO'
>;

export function httpOptionsFromConfig(
  config: ProviderSettings,
): Omit<ProviderHttpOptions, 'provider' | 'clock'> {
  return {
    timeoutMs: config.MARKET_DATA_HTTP_TIMEOUT_MS,
    retries: config.MARKET_DATA_HTTP_RETRIES,
    baseDelayMs: 250,
    maxDelayMs: 8_000,
    maxRetryAfterMs: 65_000,
    breaker: {
      errorThresholdPercentage: 50,
      volumeThreshold: 5,
      resetTimeoutMs: config.MARKET_DATA_BREAKER_RESET_MS,
    },
  };
}

/** Builds the configured provider; a missing key or directory is a clear start-up error. */
export async function createMarketDataProvider(
  config: ProviderSettings,
  clock: Clock,
  sinks: IngestSinks = {},
): Promise<MarketDataProvider> {
  const staleAfterMs = config.MARKET_DATA_STALE_AFTER_S * 1000;
  switch (config.MARKET_DATA_PROVIDER) {
    case 'simulator': {
      // A named scenario shapes the days it covers (unknown names fail start-up, listing them).
      const scenario = config.MARKET_DATA_SIM_SCENARIO
        ? resolveScenarios([config.MARKET_DATA_SIM_SCENARIO])[0]
        : undefined;
      return new SimulatorProvider({
        clock,
        seed: config.MARKET_DATA_SIM_SEED,
        symbols: config.MARKET_DATA_SYMBOLS,
        recordEvents: config.MARKET_DATA_SIM_EVENTS,
        dayShapes: scenario && ((date) => scenario.days.find((d) => d.date === date)?.shapes),
      });
    }
    case 'alphavantage':
      if (!config.ALPHAVANTAGE_API_KEY)
        throw new Error('MARKET_DATA_PROVIDER=alphavantage needs ALPHAVANTAGE_API_KEY');
      return new AlphaVantageProvider({
        apiKey: config.ALPHAVANTAGE_API_KEY,
        baseUrl: config.ALPHAVANTAGE_BASE_URL,
        clock,
        http: httpOptionsFromConfig(config),
        staleAfterMs,
        sinks,
      });
    case 'massive':
      if (!config.MASSIVE_API_KEY)
        throw new Error('MARKET_DATA_PROVIDER=massive needs MASSIVE_API_KEY');
      return new MassiveProvider({
        apiKey: config.MASSIVE_API_KEY,
        baseUrl: config.MASSIVE_BASE_URL,
        clock,
        http: httpOptionsFromConfig(config),
        staleAfterMs,
        sinks,
      });
    case 'cboe-file':
      if (!config.MARKET_DATA_CBOE_DIR)
        throw new Error('MARKET_DATA_PROVIDER=cboe-file needs MARKET_DATA_CBOE_DIR');
      return new CboeFileProvider({ dir: config.MARKET_DATA_CBOE_DIR, clock, sinks });
    case 'replay':
      if (!config.MARKET_DATA_REPLAY_DIR)
        throw new Error('MARKET_DATA_PROVIDER=replay needs MARKET_DATA_REPLAY_DIR');
      return ReplayProvider.open(config.MARKET_DATA_REPLAY_DIR, clock);
  }
}

/** The plan limit of the configured provider (local sources are not metered, but stay sane). */
export function callsPerMinuteFor(
  config: Pick<
    MarketDataConfig,
    'MARKET_DATA_PROVIDER' | 'ALPHAVANTAGE_CALLS_PER_MINUTE' | 'MASSIVE_CALLS_PER_MINUTE'
  >,
): number {
  if (config.MARKET_DATA_PROVIDER === 'alphavantage') return config.ALPHAVANTAGE_CALLS_PER_MINUTE;
  if (config.MARKET_DATA_PROVIDER === 'massive') return config.MASSIVE_CALLS_PER_MINUTE;
  return 6_000;
}
