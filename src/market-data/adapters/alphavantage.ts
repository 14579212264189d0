import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Clock } from '../../common/clock.js';
import type { ChainSnapshot } from '../chain-snapshot.js';
import { ProviderError } from '../http/provider-error.js';
import { ProviderHttpClient, type ProviderHttpOptions } from '../http/provider-http-client.js';
import type { IngestSinks } from '../ingest-sinks.js';
import type {
  ChainRequestOptions,
  IndicatorName,
  IndicatorSeries,
  IntradayBar,
  IntradayRequestOptions,
  MacroSeries,
  MacroSeriesName,
  MarketDataProvider,
} from '../market-data-provider.js';
import {
  normalizeChain,
  numOrNull,
  numOrZero,
  type RawContractRow,
} from '../normalize/chain-normalizer.js';
import { parseJsonPayload, parsePayload, parseRows, spotFromParity } from '../normalize/payload.js';
import { NEW_YORK_ZONE } from '../../vocabulary/units.js';

const PROVIDER = 'alphavantage';

/** AlphaVantage sends numbers as strings; accept either. */
const numeric = z.union([z.string(), z.number()]);

/**
 * One REALTIME_OPTIONS / HISTORICAL_OPTIONS row, as documented and seen in the wild:
 * contractID, symbol, expiration, strike, type, last, mark, bid, bid_size, ask, ask_size,
 * volume, open_interest, date, and with require_greeks=true (always on for history)
 * implied_volatility, delta, gamma, theta, vega, rho.
 */
export const alphaVantageOptionRowSchema = z.object({
  contractID: z.string().min(1),
  symbol: z.string().min(1),
  expiration: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  strike: numeric,
  type: z.enum(['call', 'put']),
  last: numeric.nullish(),
  mark: numeric.nullish(),
  bid: numeric,
  bid_size: numeric.nullish(),
  ask: numeric,
  ask_size: numeric.nullish(),
  volume: numeric.nullish(),
  open_interest: numeric.nullish(),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullish(),
  implied_volatility: numeric.nullish(),
  delta: numeric.nullish(),
  gamma: numeric.nullish(),
  theta: numeric.nullish(),
  vega: numeric.nullish(),
  rho: numeric.nullish(),
});
export type AlphaVantageOptionRow = z.infer<typeof alphaVantageOptionRowSchema>;

export const alphaVantageOptionsPayloadSchema = z.object({
  endpoint: z.string().optional(),
  message: z.string().optional(),
  data: z.array(z.unknown()),
});

const ohlcvSchema = z.object({
  '1. open': numeric,
  '2. high': numeric,
  '3. low': numeric,
  '4. close': numeric,
  '5. volume': numeric,
});

export const alphaVantageIntradaySchema = z.object({
  'Meta Data': z.object({ '6. Time Zone': z.string().optional() }).loose(),
  'Time Series (1min)': z.record(z.string(), ohlcvSchema),
});

export const alphaVantageIndicatorSchema = z
  .object({ 'Meta Data': z.record(z.string(), z.unknown()) })
  .catchall(z.unknown());

export const alphaVantageMacroSchema = z.object({
  name: z.string(),
  interval: z.string(),
  unit: z.string(),
  data: z.array(z.object({ date: z.string(), value: z.string() })),
});

export interface AlphaVantageOptions {
  apiKey: string;
  baseUrl: string;
  clock: Clock;
  http: Omit<ProviderHttpOptions, 'provider' | 'clock'>;
  staleAfterMs: number;
  sinks?: IngestSinks;
  /** Indicator settings (AlphaVantage's own parameters). */
  indicatorInterval?: '1min' | '5min' | '15min' | '30min' | '60min' | 'daily';
}

/**
 * AlphaVantage (https://www.alphavantage.co/documentation/). Everything is GET /query?function=…
 * AlphaVantage answers quota, key and request problems with HTTP 200 and a body holding only
 * "Information", "Note" or "Error Message": those are turned into errors here.
 */
export class AlphaVantageProvider implements MarketDataProvider {
  readonly name = PROVIDER;
  private readonly http: ProviderHttpClient;

  constructor(private readonly options: AlphaVantageOptions) {
    this.http = new ProviderHttpClient({
      ...options.http,
      provider: PROVIDER,
      clock: options.clock,
    });
  }

  get circuitState(): ProviderHttpClient['circuitState'] {
    return this.http.circuitState;
  }

  async fetchChain(symbol: string, opts: ChainRequestOptions = {}): Promise<ChainSnapshot> {
    const historical = opts.date !== undefined;
    const params: Record<string, string> = historical
      ? { function: 'HISTORICAL_OPTIONS', symbol, date: opts.date as string }
      : { function: 'REALTIME_OPTIONS', symbol, require_greeks: 'true' };
    const fetchedAtMs = this.options.clock.now();
    const json = await this.query(
      params,
      symbol,
      historical ? 'historical-chain' : 'chain',
      opts.signal,
    );
    return normalizeAlphaVantageChain(json, {
      symbol,
      date: opts.date,
      fetchedAtMs,
      staleAfterMs: this.options.staleAfterMs,
    });
  }

  async fetchIntradayBars(
    symbol: string,
    opts: IntradayRequestOptions = {},
  ): Promise<IntradayBar[]> {
    const interval = opts.interval ?? '1min';
    if (interval !== '1min')
      throw new ProviderError(PROVIDER, 'unsupported', 'only 1min bars are parsed');
    const json = await this.query(
      { function: 'TIME_SERIES_INTRADAY', symbol, interval, outputsize: 'compact' },
      symbol,
      'intraday',
      opts.signal,
    );
    return parseIntradayBars(json);
  }

  /**
   * A whole month of 1-minute bars for backfills (TIME_SERIES_INTRADAY with `month=YYYY-MM`,
   * `outputsize=full`, regular session only), oldest first.
   */
  async fetchIntradayMonth(
    symbol: string,
    month: string,
    signal?: AbortSignal,
  ): Promise<IntradayBar[]> {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
      throw new ProviderError(PROVIDER, 'bad_request', `month must be YYYY-MM, got ${month}`);
    const json = await this.query(
      {
        function: 'TIME_SERIES_INTRADAY',
        symbol,
        interval: '1min',
        month,
        outputsize: 'full',
        extended_hours: 'false',
      },
      symbol,
      'intraday-month',
      signal,
    );
    return parseIntradayBars(json);
  }

  async fetchIndicator(symbol: string, indicator: IndicatorName): Promise<IndicatorSeries> {
    const interval = this.options.indicatorInterval ?? '1min';
    const params: Record<string, string> = {
      function: indicator,
      symbol,
      interval,
      series_type: 'close',
    };
    if (indicator !== 'MACD') params.time_period = indicator === 'RSI' ? '14' : '20';
    const json = await this.query(params, symbol, `indicator:${indicator}`);
    const payload = parsePayload(
      PROVIDER,
      alphaVantageIndicatorSchema,
      json,
      `${indicator} payload`,
    );
    const key = `Technical Analysis: ${indicator}`;
    const series = parsePayload(
      PROVIDER,
      z.record(z.string(), z.record(z.string(), numeric)),
      (payload as Record<string, unknown>)[key],
      `${indicator} series '${key}'`,
    );
    const zoneName = Object.entries(payload['Meta Data']).find(([k]) =>
      k.endsWith('Time Zone'),
    )?.[1];
    const zone =
      typeof zoneName === 'string' && !zoneName.startsWith('US/Eastern') ? zoneName : NEW_YORK_ZONE;
    const points = Object.entries(series)
      .map(([stamp, values]) => {
        const at =
          stamp.length > 10 ? DateTime.fromSQL(stamp, { zone }) : DateTime.fromISO(stamp, { zone });
        const numbers: Record<string, number> = {};
        for (const [k, v] of Object.entries(values)) numbers[k] = Number(v);
        return { at: at.toUTC().toISO() ?? '', values: numbers, ok: at.isValid };
      })
      .filter((p) => p.ok && Object.values(p.values).every(Number.isFinite))
      .map(({ at, values }) => ({ at, values }))
      .sort((a, b) => (a.at < b.at ? -1 : 1));
    return { symbol, indicator, points };
  }

  async fetchMacro(series: MacroSeriesName): Promise<MacroSeries> {
    const params: Record<string, string> = { function: series };
    if (series === 'CPI' || series === 'FEDERAL_FUNDS_RATE') params.interval = 'monthly';
    if (series === 'REAL_GDP') params.interval = 'quarterly';
    const json = await this.query(params, series, `macro:${series}`);
    const payload = parsePayload(PROVIDER, alphaVantageMacroSchema, json, `${series} payload`);
    const points = payload.data
      .filter((p) => p.value !== '.' && Number.isFinite(Number(p.value)))
      .map((p) => ({ date: p.date, value: Number(p.value) }))
      .sort((a, b) => (a.date < b.date ? -1 : 1));
    return { series, unit: payload.unit, interval: payload.interval, points };
  }

  async close(): Promise<void> {
    this.http.shutdown();
  }

  /** GET /query, archive the body, then parse JSON and reject AlphaVantage's 200-with-error bodies. */
  private async query(
    params: Record<string, string>,
    symbol: string,
    kind: string,
    signal?: AbortSignal,
  ): Promise<unknown> {
    const url = new URL('/query', this.options.baseUrl);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    url.searchParams.set('apikey', this.options.apiKey);
    const res = await this.http.getText(url.toString(), signal);
    this.options.sinks?.raw?.record({
      source: PROVIDER,
      symbol,
      kind,
      fetchedAtMs: this.options.clock.now(),
      body: res.body,
    });
    const json = parseJsonPayload(PROVIDER, res.body);
    throwIfErrorBody(json);
    return json;
  }
}

/** A TIME_SERIES_INTRADAY (1min) body → bars, oldest first; unreadable rows are left out. */
function parseIntradayBars(json: unknown): IntradayBar[] {
  const payload = parsePayload(PROVIDER, alphaVantageIntradaySchema, json, 'intraday payload');
  const zone = payload['Meta Data']['6. Time Zone'] ?? 'US/Eastern';
  const bars: IntradayBar[] = [];
  for (const [stamp, b] of Object.entries(payload['Time Series (1min)'])) {
    const start = DateTime.fromSQL(stamp, { zone: zone === 'US/Eastern' ? NEW_YORK_ZONE : zone });
    const bar = {
      start: start.toUTC().toISO() ?? '',
      open: Number(b['1. open']),
      high: Number(b['2. high']),
      low: Number(b['3. low']),
      close: Number(b['4. close']),
      volume: Number(b['5. volume']),
    };
    if (
      start.isValid &&
      [bar.open, bar.high, bar.low, bar.close, bar.volume].every(Number.isFinite)
    )
      bars.push(bar);
  }
  return bars.sort((a, b) => (a.start < b.start ? -1 : 1));
}

/**
 * A parsed REALTIME_OPTIONS / HISTORICAL_OPTIONS body → ChainSnapshot (pure; the bench and the
 * adapter share it). A historical chain is as of its date's close; a live one as of the fetch.
 * AlphaVantage's chain carries no underlying price, so spot comes from put-call parity.
 */
export function normalizeAlphaVantageChain(
  json: unknown,
  o: { symbol: string; date?: string; fetchedAtMs: number; staleAfterMs: number },
): ChainSnapshot {
  const payload = parsePayload(PROVIDER, alphaVantageOptionsPayloadSchema, json, 'options payload');
  const { rows, malformed } = parseRows(
    PROVIDER,
    alphaVantageOptionRowSchema,
    payload.data,
    'data',
  );
  if (rows.length === 0) {
    throw new ProviderError(
      PROVIDER,
      'bad_request',
      `no option rows for ${o.symbol}: ${payload.message ?? 'empty data'}`,
    );
  }
  const raw = rows.map(toRawRow);
  const spot = spotFromParity(raw);
  if (spot === null) {
    throw new ProviderError(
      PROVIDER,
      'schema',
      `cannot infer ${o.symbol} spot: no two-sided call/put pair`,
      { path: 'data' },
    );
  }
  const asOfMs =
    o.date !== undefined
      ? DateTime.fromISO(`${o.date}T16:00:00`, { zone: NEW_YORK_ZONE }).toMillis()
      : o.fetchedAtMs;
  return normalizeChain(raw, {
    source: PROVIDER,
    underlying: o.symbol,
    spot,
    asOfMs,
    staleAfterMs: o.staleAfterMs,
    malformedRows: malformed,
  });
}

/**
 * AlphaVantage's errors arrive as HTTP 200:
 * - "Note" / "Information" about call frequency, daily limits or premium-only endpoints → quota
 * - "Information"/"Error Message" naming the apikey (invalid or missing) → auth
 * - "Error Message" otherwise (unknown symbol, bad function or parameter) → bad_request
 */
export function throwIfErrorBody(json: unknown): void {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return;
  const body = json as Record<string, unknown>;
  const text = ['Error Message', 'Information', 'Note']
    .map((k) => (typeof body[k] === 'string' ? { key: k, message: body[k] as string } : null))
    .find((x) => x !== null);
  if (!text) return;
  // A real payload can carry an informational note next to its data; only a bare note is an error.
  if ('data' in body || 'Meta Data' in body) return;
  const message = `${text.key}: ${text.message}`;
  const detail = { field: text.key, message: text.message };
  if (/api ?key/i.test(text.message) && /invalid|missing|claim/i.test(text.message)) {
    throw new ProviderError(PROVIDER, 'auth', message, { detail });
  }
  if (text.key === 'Error Message')
    throw new ProviderError(PROVIDER, 'bad_request', message, { detail });
  throw new ProviderError(PROVIDER, 'quota', message, { detail });
}

function toRawRow(r: AlphaVantageOptionRow): RawContractRow {
  return {
    contractId: r.contractID,
    expiry: r.expiration,
    strike: Number(r.strike),
    right: r.type,
    bid: Number(r.bid),
    ask: Number(r.ask),
    last: numOrNull(r.last),
    volume: numOrZero(r.volume),
    openInterest: numOrZero(r.open_interest),
    iv: numOrNull(r.implied_volatility),
    delta: numOrNull(r.delta),
    gamma: numOrNull(r.gamma),
    theta: numOrNull(r.theta),
    vega: numOrNull(r.vega),
    quoteDate: r.date ?? null,
  };
}
