import { alphaVantageOptionsBody, type SyntheticChainSpec } from './provider-payloads.js';
import { FakeProviderServer } from './fake-provider-server.js';
import { intradayBody, liveIndicatorPoints } from './alphavantage-bars.js';

/**
 * A local AlphaVantage: GET /query?function=…&apikey=… answering in AlphaVantage's real formats
 * (https://www.alphavantage.co/documentation/): REALTIME_OPTIONS and HISTORICAL_OPTIONS
 * ({ endpoint, message, data: [string-valued rows] }), TIME_SERIES_INTRADAY ("Meta Data" +
 * "Time Series (1min)"), RSI/MACD/BBANDS ("Technical Analysis: X"), REAL_GDP/CPI/
 * FEDERAL_FUNDS_RATE ({ name, interval, unit, data }). A wrong key gets AlphaVantage's HTTP 200
 * "Error Message"; `fail()` queues 429/500/malformed bodies/"Information" quota notes.
 *
 *   const av = await new FakeAlphaVantage({ apiKey: 'k', chains: { SPY: {...spec} } }).listen();
 *   av.baseUrl; av.requests; av.fail({ status: 429, headers: { 'retry-after': '1' } });
 *
 * With `now` (the test's clock), intraday bars and indicators follow that clock as live ones do
 * (alphavantage-bars.ts); TIME_SERIES_INTRADAY with `month=` serves the whole month either way.
 */
export class FakeAlphaVantage extends FakeProviderServer {
  constructor(
    private readonly options: {
      apiKey: string;
      chains: Record<string, SyntheticChainSpec>;
      now?: () => number;
    },
  ) {
    super();
  }

  /** AlphaVantage's daily-limit answer (HTTP 200). */
  static readonly QUOTA_BODY = {
    Information:
      'Thank you for using Alpha Vantage! Our standard API rate limit is 25 requests per day. Please subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to instantly remove all daily rate limits.',
  };
  /** The per-minute limit answer (HTTP 200). */
  static readonly NOTE_BODY = {
    Note: 'Thank you for using Alpha Vantage! Our standard API call frequency is 5 calls per minute and 500 calls per day.',
  };

  protected route(path: string, q: Record<string, string>) {
    if (path !== '/query') return { status: 404, body: { error: 'not found' } };
    if (q.apikey !== this.options.apiKey) {
      return {
        status: 200,
        body: {
          'Error Message':
            'the parameter apikey is invalid or missing. Please claim your free API key on (https://www.alphavantage.co/support/#api-key). It should take less than 20 seconds.',
        },
      };
    }
    const symbol = q.symbol ?? '';
    switch (q.function) {
      case 'REALTIME_OPTIONS':
      case 'HISTORICAL_OPTIONS': {
        const spec = this.options.chains[symbol];
        if (!spec)
          return {
            status: 200,
            body: {
              endpoint: 'Realtime Options',
              message: `No data for symbol ${symbol}`,
              data: [],
            },
          };
        const historical = q.function === 'HISTORICAL_OPTIONS';
        const body = alphaVantageOptionsBody(
          historical ? { ...spec, date: q.date ?? spec.date } : spec,
          historical ? 'Historical Options' : 'Realtime Options',
        );
        if (!historical && q.require_greeks !== 'true') {
          for (const row of body.data) {
            for (const k of ['implied_volatility', 'delta', 'gamma', 'theta', 'vega', 'rho'])
              delete row[k];
          }
        }
        return { status: 200, body };
      }
      case 'TIME_SERIES_INTRADAY': {
        const spec = this.options.chains[symbol];
        if (spec && (q.month || this.options.now)) {
          if (q.month && !/^\d{4}-\d{2}$/.test(q.month))
            return { status: 200, body: { 'Error Message': 'Invalid API call. month=YYYY-MM' } };
          const body = intradayBody({
            symbol,
            spot: spec.spot,
            interval: q.interval ?? '1min',
            month: q.month,
            extendedHours: q.extended_hours !== 'false',
            now: this.options.now?.() ?? 0,
          });
          return { status: 200, body };
        }
        return { status: 200, body: intraday(symbol, q.interval ?? '1min') };
      }
      case 'RSI':
      case 'MACD':
      case 'BBANDS': {
        const body = indicator(symbol, q.function, q.interval ?? 'daily');
        const spec = this.options.chains[symbol];
        if (spec && this.options.now)
          body[`Technical Analysis: ${q.function}`] = liveIndicatorPoints(
            q.function,
            spec.spot,
            this.options.now(),
          );
        return { status: 200, body };
      }
      case 'REAL_GDP':
      case 'CPI':
      case 'FEDERAL_FUNDS_RATE':
        return { status: 200, body: macro(q.function) };
      default:
        return {
          status: 200,
          body: {
            'Error Message': `This API function (${q.function}) does not exist.`,
          },
        };
    }
  }
}

function intraday(symbol: string, interval: string) {
  const series: Record<string, Record<string, string>> = {};
  for (let i = 0; i < 5; i++) {
    const minute = String(30 + i).padStart(2, '0');
    const px = 600 + i * 0.1;
    series[`2026-03-02 09:${minute}:00`] = {
      '1. open': px.toFixed(4),
      '2. high': (px + 0.2).toFixed(4),
      '3. low': (px - 0.2).toFixed(4),
      '4. close': (px + 0.05).toFixed(4),
      '5. volume': String(10_000 + i),
    };
  }
  return {
    'Meta Data': {
      '1. Information': `Intraday (${interval}) open, high, low, close prices and volume`,
      '2. Symbol': symbol,
      '3. Last Refreshed': '2026-03-02 09:34:00',
      '4. Interval': interval,
      '5. Output Size': 'Compact',
      '6. Time Zone': 'US/Eastern',
    },
    [`Time Series (${interval})`]: series,
  };
}

function indicator(symbol: string, fn: string, interval: string) {
  const names: Record<string, string> = {
    RSI: 'Relative Strength Index (RSI)',
    MACD: 'Moving Average Convergence/Divergence (MACD)',
    BBANDS: 'Bollinger Bands (BBANDS)',
  };
  const value = (i: number): Record<string, string> =>
    fn === 'RSI'
      ? { RSI: (50 + i).toFixed(4) }
      : fn === 'MACD'
        ? { MACD: '1.2000', MACD_Hist: '0.1000', MACD_Signal: '1.1000' }
        : {
            'Real Upper Band': '610.0000',
            'Real Middle Band': '600.0000',
            'Real Lower Band': '590.0000',
          };
  const series: Record<string, Record<string, string>> = {};
  for (let i = 0; i < 3; i++) series[`2026-03-02 09:3${i}`] = value(i);
  return {
    'Meta Data': {
      '1: Symbol': symbol,
      '2: Indicator': names[fn],
      '3: Last Refreshed': '2026-03-02 09:32',
      '4: Interval': interval,
      '5: Time Period': 14,
      '6: Series Type': 'close',
      '7: Time Zone': 'US/Eastern Time',
    },
    [`Technical Analysis: ${fn}`]: series,
  };
}

function macro(fn: string) {
  const meta: Record<string, { name: string; interval: string; unit: string }> = {
    REAL_GDP: {
      name: 'Real Gross Domestic Product',
      interval: 'quarterly',
      unit: 'billions of dollars',
    },
    CPI: {
      name: 'Consumer Price Index for all Urban Consumers',
      interval: 'monthly',
      unit: 'index 1982-1984=100',
    },
    FEDERAL_FUNDS_RATE: {
      name: 'Effective Federal Funds Rate',
      interval: 'monthly',
      unit: 'percent',
    },
  };
  return {
    ...meta[fn],
    data: [
      { date: '2026-02-01', value: '4.33' },
      { date: '2026-01-01', value: '.' },
      { date: '2025-12-01', value: '4.48' },
    ],
  };
}
