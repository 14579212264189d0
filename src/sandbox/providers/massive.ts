import {
  massiveSnapshotResults,
  syntheticChain,
  type SyntheticChainSpec,
} from './provider-payloads.js';
import { FakeProviderServer } from './fake-provider-server.js';

/**
 * A local Massive (formerly Polygon.io) REST API in its real formats:
 * GET /v3/snapshot/options/{underlying}?limit=&cursor= → { status: 'OK', request_id, results,
 * next_url? } where next_url is absolute and carries a cursor but no apiKey (as Massive does);
 * GET /v3/reference/options/contracts?underlying_ticker=… (same envelope). The key must come as
 * `apiKey` (query) or `Authorization: Bearer`; a wrong one gets 401 { status: 'ERROR', error }.
 */
export class FakeMassive extends FakeProviderServer {
  constructor(
    private readonly options: {
      apiKey: string;
      chains: Record<string, SyntheticChainSpec>;
      /** Quote instant stamped on every result (ns in the payload); a function follows a clock. */
      quotedAtMs: number | (() => number);
      /** Page size used when the client sends no limit. */
      defaultLimit?: number;
    },
  ) {
    super();
  }

  protected route(path: string, q: Record<string, string>) {
    if (q.apiKey !== this.options.apiKey) {
      return {
        status: 401,
        body: { status: 'ERROR', request_id: 'req-auth', error: 'Unknown API Key' },
      };
    }
    const snapshot = /^\/v3\/snapshot\/options\/([^/]+)$/.exec(path);
    if (snapshot) {
      const underlying = decodeURIComponent(snapshot[1]);
      const spec = this.options.chains[underlying];
      const at = this.options.quotedAtMs;
      const results = spec ? massiveSnapshotResults(spec, typeof at === 'number' ? at : at()) : [];
      return { status: 200, body: this.page(path, q, results, { underlying }) };
    }
    if (path === '/v3/reference/options/contracts') {
      const spec = this.options.chains[q.underlying_ticker ?? ''];
      const results = spec
        ? syntheticChain(spec).map((c) => ({
            cfi: c.right === 'call' ? 'OCASPS' : 'OPASPS',
            contract_type: c.right,
            exercise_style: 'american',
            expiration_date: c.expiry,
            primary_exchange: 'BATO',
            shares_per_contract: 100,
            strike_price: c.strike,
            ticker: `O:${c.occ}`,
            underlying_ticker: spec.symbol,
          }))
        : [];
      return {
        status: 200,
        body: this.page(path, q, results, { underlying_ticker: q.underlying_ticker ?? '' }),
      };
    }
    return {
      status: 404,
      body: { status: 'NOT_FOUND', request_id: 'req-404', message: 'Not found' },
    };
  }

  private page(
    path: string,
    q: Record<string, string>,
    all: unknown[],
    keep: Record<string, string>,
  ) {
    const limit = Number(q.limit ?? this.options.defaultLimit ?? 10);
    const offset = q.cursor ? Number(Buffer.from(q.cursor, 'base64url').toString()) : 0;
    const results = all.slice(offset, offset + limit);
    const body: Record<string, unknown> = {
      status: 'OK',
      request_id: `req-${offset}`,
      results,
    };
    if (offset + limit < all.length) {
      const next = new URL(path, this.baseUrl);
      for (const [k, v] of Object.entries(keep)) if (!path.includes(v)) next.searchParams.set(k, v);
      next.searchParams.set('cursor', Buffer.from(String(offset + limit)).toString('base64url'));
      next.searchParams.set('limit', String(limit));
      body.next_url = next.toString();
    }
    return body;
  }
}
