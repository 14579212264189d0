import { describe, expect, it } from 'vitest';
import { AnalyticsEngine } from '../../../../src/analytics/engine/analytics-engine.js';
import { analyticsEngineOptions } from '../../../../src/analytics/engine/engine-options.js';
import { FakeClock } from '../../../../src/common/clock.js';
import { loadConfig } from '../../../../src/config/config.js';

describe('analyticsEngineOptions', () => {
  it('maps every ANALYTICS_* setting the engine takes', () => {
    const config = loadConfig({
      ANALYTICS_RISK_FREE_RATE: '0.045',
      ANALYTICS_DIVIDEND_YIELD: '0.01',
      ANALYTICS_DIVIDEND_YIELDS: 'SPY:0.013',
      ANALYTICS_VPIN_BUCKET_VOLUME: '2500',
      ANALYTICS_VPIN_WINDOW: '40',
    });
    const o = analyticsEngineOptions(config);
    expect(o).toMatchObject({
      r: 0.045,
      q: 0.01,
      dividendYields: { SPY: 0.013 },
      vpinBucketVolume: 2500,
      vpinWindow: 40,
    });
    expect(Object.keys(o).sort()).toEqual(
      [
        'blockTradeContracts',
        'dividendYields',
        'gexShiftThreshold',
        'gexShiftWindowMs',
        'missingGreeksShare',
        'q',
        'r',
        'vendorDeltaTolerance',
        'volForecastLambda',
        'vpinBucketVolume',
        'vpinBucketVolumes',
        'vpinWindow',
      ].sort(),
    );
  });

  it('leaves settings the caller does not have at their defaults', () => {
    expect(analyticsEngineOptions({ ANALYTICS_RISK_FREE_RATE: 0.03 })).toEqual({ r: 0.03 });
    expect(() => new AnalyticsEngine(new FakeClock(0), analyticsEngineOptions({}))).not.toThrow();
  });
});
