import { z } from 'zod';
import type { Clock } from '../../common/clock.js';
import type { ChainSnapshot } from '../chain-snapshot.js';
import { ProviderError } from '../http/provider-error.js';
import { ProviderHttpClient, type ProviderHttpOptions } from '../http/provider-http-client.js';
import type { IngestSinks } from '../ingest-sinks.js';
import type { ChainRequestOptions, MarketDataProvider } from '../market-data-provider.js';
import {
  normalizeChain,
  numOrNull,
  numOrZero,
  type RawContractRow,
} from '../normalize/chain-normalizer.js';
import { parseJsonPayload, parsePayload, parseRows, spotFromParity } from '../normalize/payload.js';

const PROVIDER = 'massive';

/** One result of GET /v3/snapshot/options/{underlyingAsset} (Massive, formerly Polygon.io). */
export const massiveOptionSnapshotSchema = z.object({
  break_even_price: z.number().optional(),
  day: z
    .object({
      close: z.number().optional(),
      volume: z.number().optional(),
      last_updated: z.number().optional(),
    })
    .loose()
    .optional(),
  details: z.object({
    contract_type: z.enum(['call', 'put']),
    exercise_style: z.string().optional(),
    expiration_date: z.string(),
    shares_per_contract: z.number().optional(),
    strike_price: z.number(),
    ticker: z.string(),
  }),
  greeks: z
    .object({
      delta: z.number().optional(),
      gamma: z.number().optional(),
      theta: z.number().optional(),
      vega: z.number().optional(),
    })
    .optional(),
  implied_volatility: z.number().optional(),
  last_quote: z
    .object({
      ask: z.number().optional(),
      ask_size: z.number().optional(),
      bid: z.number().optional(),
      bid_size: z.number().optional(),
      midpoint: z.number().optional(),
      /** Nanoseconds since the epoch. */
      last_updated: z.number().optional(),
      timeframe: z.string().optional(),
    })
    .loose()
    .optional(),
  last_trade: z
    .object({ price: z.number().optional(), sip_timestamp: z.number().optional() })
    .loose()
    .optional(),
  open_interest: z.number().optional(),
  underlying_asset: z
    .object({
      price: z.number().optional(),
      ticker: z.string().optional(),
      last_updated: z.number().optional(),
    })
    .loose()
    .optional(),
});
export type MassiveOptionSnapshot = z.infer<typeof massiveOptionSnapshotSchema>;

/** The paginated envelope shared by Massive's v3 list endpoints. */
export const massivePageSchema = z.object({
  status: z.string(),
  request_id: z.string().optional(),
  results: z.array(z.unknown()).optional(),
  next_url: z.string().url().optional(),
});

/** One result of GET /v3/reference/options/contracts. */
export const massiveContractReferenceSchema = z.object({
  cfi: z.string().optional(),
  contract_type: z.enum(['call', 'put']),
  exercise_style: z.string().optional(),
  expiration_date: z.string(),
  primary_exchange: z.string().optional(),
  shares_per_contract: z.number().optional(),
  strike_price: z.number(),
  ticker: z.string(),
  underlying_ticker: z.string(),
});
export type MassiveContractReference = z.infer<typeof massiveContractReferenceSchema>;

export interface MassiveOptions {
  apiKey: string;
  baseUrl: string;
  clock: Clock;
  http: Omit<ProviderHttpOptions, 'provider' | 'clock'>;
  staleAfterMs: number;
  sinks?: IngestSinks;
  /** Results per page (Massive allows up to 250 on the chain snapshot). */
  pageSize?: number;
  /** A guard against a pagination loop. */
  maxPages?: number;
}

/**
 * Massive (formerly Polygon.io) REST. The chain snapshot is paginated: each page's `next_url`
 * carries a cursor but not the key, so the key is added again to every page. Live only: the
 * snapshot endpoint has no date parameter.
 */
export class MassiveProvider implements MarketDataProvider {
  readonly name = PROVIDER;
  private readonly http: ProviderHttpClient;

  constructor(private readonly options: MassiveOptions) {
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
    if (opts.date !== undefined) {
      throw new ProviderError(PROVIDER, 'unsupported', 'the chain snapshot has no historical date');
    }
    const fetchedAtMs = this.options.clock.now();
    const first = new URL(
      `/v3/snapshot/options/${encodeURIComponent(symbol)}`,
      this.options.baseUrl,
    );
    first.searchParams.set('limit', String(this.options.pageSize ?? 250));
    const results = await this.paginate(first, symbol, 'chain-page', opts.signal);
    return normalizeMassiveChain(results, {
      symbol,
      fetchedAtMs,
      staleAfterMs: this.options.staleAfterMs,
    });
  }

  /** Every listed contract of an underlying (GET /v3/reference/options/contracts), all pages. */
  async listContracts(
    underlying: string,
    opts: { expirationDate?: string; asOf?: string; signal?: AbortSignal } = {},
  ): Promise<MassiveContractReference[]> {
    const url = new URL('/v3/reference/options/contracts', this.options.baseUrl);
    url.searchParams.set('underlying_ticker', underlying);
    url.searchParams.set('limit', '1000');
    if (opts.expirationDate) url.searchParams.set('expiration_date', opts.expirationDate);
    if (opts.asOf) url.searchParams.set('as_of', opts.asOf);
    const results = await this.paginate(url, underlying, 'contracts-page', opts.signal);
    return parseRows(PROVIDER, massiveContractReferenceSchema, results, 'results').rows;
  }

  async close(): Promise<void> {
    this.http.shutdown();
  }

  private async paginate(
    first: URL,
    symbol: string,
    kind: string,
    signal?: AbortSignal,
  ): Promise<unknown[]> {
    const maxPages = this.options.maxPages ?? 200;
    const results: unknown[] = [];
    let next: URL | null = first;
    for (let page = 0; next; page++) {
      if (page >= maxPages) {
        throw new ProviderError(
          PROVIDER,
          'malformed',
          `more than ${maxPages} pages for ${symbol}`,
          { path: 'next_url' },
        );
      }
      next.searchParams.set('apiKey', this.options.apiKey);
      const res = await this.http.getText(next.toString(), signal);
      this.options.sinks?.raw?.record({
        source: PROVIDER,
        symbol,
        kind,
        fetchedAtMs: this.options.clock.now(),
        body: res.body,
      });
      const json = parseJsonPayload(PROVIDER, res.body);
      const body = parsePayload(PROVIDER, massivePageSchema, json, `page ${page + 1}`);
      if (body.status !== 'OK' && body.status !== 'DELAYED') {
        throw new ProviderError(
          PROVIDER,
          'bad_request',
          `status ${body.status} on page ${page + 1}`,
          {
            detail: { status: body.status },
          },
        );
      }
      if (body.results) results.push(...body.results);
      next = body.next_url ? new URL(body.next_url) : null;
    }
    return results;
  }
}

/**
 * Every page's `results` of a chain snapshot → ChainSnapshot (pure; shared with the bench).
 * Spot is the underlying price Massive attaches to each result, else put-call parity.
 */
export function normalizeMassiveChain(
  results: readonly unknown[],
  o: { symbol: string; fetchedAtMs: number; staleAfterMs: number },
): ChainSnapshot {
  const { rows, malformed } = parseRows(PROVIDER, massiveOptionSnapshotSchema, results, 'results');
  const raw = rows.map(toRawRow);
  const spot =
    rows.find((r) => r.underlying_asset?.price !== undefined)?.underlying_asset?.price ??
    spotFromParity(raw);
  if (spot === null || spot === undefined) {
    throw new ProviderError(PROVIDER, 'schema', `no underlying price for ${o.symbol}`, {
      path: 'results.0.underlying_asset.price',
    });
  }
  return normalizeChain(raw, {
    source: PROVIDER,
    underlying: o.symbol,
    spot,
    asOfMs: o.fetchedAtMs,
    staleAfterMs: o.staleAfterMs,
    malformedRows: malformed,
  });
}

function toRawRow(r: MassiveOptionSnapshot): RawContractRow {
  const quoteNs = r.last_quote?.last_updated;
  return {
    contractId: r.details.ticker,
    expiry: r.details.expiration_date,
    strike: r.details.strike_price,
    right: r.details.contract_type,
    bid: numOrZero(r.last_quote?.bid),
    ask: numOrZero(r.last_quote?.ask),
    last: numOrNull(r.last_trade?.price ?? r.day?.close),
    volume: numOrZero(r.day?.volume),
    openInterest: numOrZero(r.open_interest),
    iv: numOrNull(r.implied_volatility),
    delta: numOrNull(r.greeks?.delta),
    gamma: numOrNull(r.greeks?.gamma),
    theta: numOrNull(r.greeks?.theta),
    vega: numOrNull(r.greeks?.vega),
    quotedAtMs: quoteNs === undefined ? null : Math.floor(quoteNs / 1e6),
  };
}
