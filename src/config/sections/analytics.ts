import { z } from 'zod';
import { int, num } from '../schema-helpers.js';

/** "SYM:number,SYM:number" → { SYM: number }, symbols upper-cased, values within bounds. */
function symbolNumbers(bounds: { min: number; max: number }, description: string) {
  return z
    .string()
    .default('')
    .transform((v, ctx) => {
      const out: Record<string, number> = {};
      for (const part of v
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x.length > 0)) {
        const m = /^([A-Za-z][A-Za-z0-9.]{0,9}):(-?\d+(?:\.\d+)?(?:e\d+)?)$/.exec(part);
        const n = m ? Number(m[2]) : NaN;
        if (!m || !(n >= bounds.min && n <= bounds.max)) {
          ctx.addIssue({
            code: 'custom',
            message: `expected SYMBOL:value (${bounds.min}–${bounds.max}), got "${part}"`,
          });
          return z.NEVER;
        }
        out[m[1].toUpperCase()] = n;
      }
      return out;
    })
    .describe(description);
}

export const analyticsConfig = z.object({
  ANALYTICS_RISK_FREE_RATE: num(
    0,
    'Continuous risk-free rate used for our IV and Greeks (0.045 = 4.5%).',
    {
      min: -0.1,
      max: 1,
    },
  ),
  ANALYTICS_DIVIDEND_YIELD: num(0, 'Continuous dividend yield used for our IV and Greeks.', {
    min: 0,
    max: 1,
  }),
  ANALYTICS_DIVIDEND_YIELDS: symbolNumbers(
    { min: 0, max: 1 },
    'Per-symbol continuous dividend yields overriding ANALYTICS_DIVIDEND_YIELD, e.g. "SPY:0.013,QQQ:0.006".',
  ),
  ANALYTICS_VPIN_BUCKET_VOLUME: int(1_000, 'VPIN volume bucket size in shares.', { min: 1 }),
  ANALYTICS_VPIN_BUCKET_VOLUMES: symbolNumbers(
    { min: 1, max: 1e12 },
    'Per-symbol VPIN bucket sizes overriding ANALYTICS_VPIN_BUCKET_VOLUME (≈ average daily volume / 50), e.g. "SPY:1500000".',
  ),
  ANALYTICS_VPIN_WINDOW: int(50, 'VPIN rolling window in buckets.', { min: 1 }),
  ANALYTICS_GEX_SHIFT_PCT: num(0.2, 'Relative |net GEX| change that raises a gex_shift flag.', {
    min: 0,
  }),
  ANALYTICS_GEX_SHIFT_WINDOW_MS: int(300_000, 'Look-back window of the gex_shift flag, ms.', {
    min: 1_000,
  }),
  ANALYTICS_VENDOR_DELTA_TOLERANCE: num(
    0.05,
    'Absolute delta difference beyond which vendor Greeks are flagged as disagreeing with ours.',
    { min: 0 },
  ),
  ANALYTICS_MISSING_GREEKS_SHARE: num(
    0.05,
    'Share of quoted contracts with open interest lacking Greeks above which a flag is raised.',
    { min: 0, max: 1 },
  ),
  ANALYTICS_VOL_FORECAST_LAMBDA: num(0.94, 'EWMA decay of the implied-minus-realised forecast.', {
    min: 0.01,
    max: 0.999,
  }),
  ANALYTICS_BLOCK_TRADE_CONTRACTS: int(
    100,
    'Options trades of at least this size count as blocks.',
    {
      min: 1,
    },
  ),
  ANALYTICS_REDIS_PREFIX: z
    .string()
    .min(1)
    .default('gammadesk')
    .describe('Key prefix of the latest analytics snapshots in Redis.'),
  ANALYTICS_REDIS_TTL_SECONDS: int(86_400, 'Expiry of the latest snapshot kept in Redis.', {
    min: 1,
  }),
  ANALYTICS_DAILY_WRITE_MS: int(
    60_000,
    'Minimum interval between writes of a symbol’s daily summary row.',
    { min: 0 },
  ),
});

export type AnalyticsConfig = z.infer<typeof analyticsConfig>;
