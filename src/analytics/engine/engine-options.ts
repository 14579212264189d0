/**
 * The analytics engine's options from the ANALYTICS_* configuration. The analytics service and the
 * trading engine both build their AnalyticsEngine through here, so a signal is computed on the same
 * rates, yields and thresholds the API shows. Settings absent from `config` keep their defaults.
 */
import type { AnalyticsConfig } from '../../config/sections/analytics.js';
import type { EngineOptions } from './engine-types.js';

export function analyticsEngineOptions(config: Partial<AnalyticsConfig>): Partial<EngineOptions> {
  const mapped: Partial<EngineOptions> = {
    r: config.ANALYTICS_RISK_FREE_RATE,
    q: config.ANALYTICS_DIVIDEND_YIELD,
    dividendYields: config.ANALYTICS_DIVIDEND_YIELDS,
    vpinBucketVolume: config.ANALYTICS_VPIN_BUCKET_VOLUME,
    vpinBucketVolumes: config.ANALYTICS_VPIN_BUCKET_VOLUMES,
    vpinWindow: config.ANALYTICS_VPIN_WINDOW,
    gexShiftThreshold: config.ANALYTICS_GEX_SHIFT_PCT,
    gexShiftWindowMs: config.ANALYTICS_GEX_SHIFT_WINDOW_MS,
    vendorDeltaTolerance: config.ANALYTICS_VENDOR_DELTA_TOLERANCE,
    missingGreeksShare: config.ANALYTICS_MISSING_GREEKS_SHARE,
    volForecastLambda: config.ANALYTICS_VOL_FORECAST_LAMBDA,
    blockTradeContracts: config.ANALYTICS_BLOCK_TRADE_CONTRACTS,
  };
  return Object.fromEntries(
    Object.entries(mapped).filter(([, v]) => v !== undefined),
  ) as Partial<EngineOptions>;
}
