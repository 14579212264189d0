import { z } from 'zod';
import { bool, int } from '../schema-helpers.js';

export const FOCUS_UNIVERSE = [
  'SPX',
  'SPY',
  'QQQ',
  'IWM',
  'AAPL',
  'MSFT',
  'GOOGL',
  'AMZN',
  'NVDA',
  'META',
  'TSLA',
];

/** A comma-separated list of tickers (upper-cased), e.g. "SPY,QQQ". */
function tickers(def: string[], description: string) {
  return z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim().toUpperCase())
        .filter((s) => s.length > 0),
    )
    .pipe(
      z
        .array(z.string().regex(/^[A-Z][A-Z0-9.]{0,5}$/, 'each symbol must be a ticker like SPY'))
        .min(1, 'at least one symbol'),
    )
    .default(def)
    .describe(description);
}

export const marketDataConfig = z.object({
  MARKET_DATA_PROVIDER: z
    .enum(['simulator', 'alphavantage', 'massive', 'cboe-file', 'replay'])
    .default('simulator')
    .describe(
      'Where option chains come from: simulator | alphavantage | massive | cboe-file | replay.',
    ),
  MARKET_DATA_INGEST: bool(
    true,
    'Run the ingest loop in processes whose ROLE ingests (all, ingest); false = on demand only.',
  ),
  MARKET_DATA_SYMBOLS: tickers(
    FOCUS_UNIVERSE,
    'Focus universe: chains, intraday bars, indicators.',
  ),
  MARKET_DATA_FAST_CHAIN_SYMBOLS: tickers(
    ['SPX', 'SPY', 'QQQ', 'IWM'],
    'Symbols whose 0DTE chains are pulled every MARKET_DATA_FAST_CHAIN_MS, staggered 1 s apart.',
  ),
  MARKET_DATA_FAST_CHAIN_MS: int(5_000, 'Cadence of the 0DTE chain pulls.', { min: 1_000 }),
  MARKET_DATA_CHAIN_MS: int(30_000, 'Cadence of the other focus symbols’ chain pulls.', {
    min: 1_000,
  }),
  MARKET_DATA_INTRADAY_MS: int(15_000, 'Cadence of the intraday-bar pulls.', { min: 1_000 }),
  MARKET_DATA_INDICATOR_MS: int(60_000, 'Cadence of the RSI/MACD/BBANDS pulls.', { min: 1_000 }),
  MARKET_DATA_MACRO_MS: int(300_000, 'Cadence of the macro-series pulls.', { min: 1_000 }),
  MARKET_DATA_STALE_AFTER_S: int(
    900,
    'A contract quoted longer ago than this is dropped as stale.',
    {
      min: 1,
    },
  ),
  MARKET_DATA_SNAPSHOT_TTL_S: int(180, 'TTL of the latest snapshot per symbol in Redis.', {
    min: 1,
  }),
  MARKET_DATA_REDIS_PREFIX: z
    .string()
    .default('gammadesk:')
    .describe(
      'Prefix of the Redis keys holding the latest chain per symbol (<prefix>chain:latest:SPY).',
    ),
  MARKET_DATA_HTTP_TIMEOUT_MS: int(10_000, 'Timeout of one provider HTTP attempt.', { min: 100 }),
  MARKET_DATA_HTTP_RETRIES: int(3, 'Extra attempts on 429/5xx/timeouts.', { min: 0, max: 10 }),
  MARKET_DATA_BREAKER_RESET_MS: int(30_000, 'How long an open circuit breaker waits.', {
    min: 100,
  }),
  ALPHAVANTAGE_API_KEY: z.string().min(1).optional().describe('AlphaVantage API key.'),
  ALPHAVANTAGE_BASE_URL: z
    .string()
    .url()
    .default('https://www.alphavantage.co')
    .describe('AlphaVantage API base URL.'),
  ALPHAVANTAGE_CALLS_PER_MINUTE: int(600, 'AlphaVantage plan limit (premium: 600/min).', {
    min: 1,
  }),
  MASSIVE_API_KEY: z.string().min(1).optional().describe('Massive (formerly Polygon) API key.'),
  MASSIVE_BASE_URL: z
    .string()
    .url()
    .default('https://api.massive.com')
    .describe('Massive API base URL.'),
  MASSIVE_CALLS_PER_MINUTE: int(600, 'Massive plan limit (calls per minute).', { min: 1 }),
  MARKET_DATA_CBOE_DIR: z
    .string()
    .optional()
    .describe('cboe-file provider: directory of CBOE quotedata CSV files named <symbol>_*.csv.'),
  MARKET_DATA_REPLAY_DIR: z
    .string()
    .optional()
    .describe('replay provider: a recording made by `gammadesk ingest record`.'),
  MARKET_DATA_SIM_SEED: int(42, 'simulator provider: random seed.'),
  MARKET_DATA_SIM_EVENTS: bool(
    true,
    'simulator provider: produce the tape, books, bars and imbalances handed with each chain.',
  ),
  MARKET_DATA_SIM_SCENARIO: z
    .string()
    .regex(/^[a-z0-9_]*$/, 'a scenario name such as trend_day (docs/strategies.md)')
    .default('')
    .describe(
      'simulator provider: a named scenario (docs/strategies.md) that shapes its days and symbols; empty = plain days.',
    ),
});
