import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Clock } from '../../common/clock.js';
import type { ChainSnapshot } from '../chain-snapshot.js';
import { ProviderError } from '../http/provider-error.js';
import type { IngestSinks } from '../ingest-sinks.js';
import type { ChainRequestOptions, MarketDataProvider } from '../market-data-provider.js';
import { computeSnapshotId } from '../snapshot-id.js';
import { CBOE_SOURCE, parseCboeQuoteCsv } from './cboe-csv.js';

export interface CboeFileProviderOptions {
  /** A directory of CBOE quotedata CSV files named `<symbol>_<YYYY-MM-DD>_quotedata.csv`. */
  dir: string;
  clock: Clock;
  sinks?: IngestSinks;
}

/**
 * CBOE delayed-quotes CSV files as a chain source. A pull reads the symbol's newest file (or the
 * one for `date`), archives its text, parses it with the shared CBOE parser and drops contracts
 * that had already settled at the quote time (the parser keeps them; a feed must not).
 */
export class CboeFileProvider implements MarketDataProvider {
  readonly name = CBOE_SOURCE;

  constructor(private readonly options: CboeFileProviderOptions) {}

  async fetchChain(symbol: string, opts: ChainRequestOptions = {}): Promise<ChainSnapshot> {
    const file = await this.fileFor(symbol, opts.date);
    const text = await readFile(file, 'utf8');
    this.options.sinks?.raw?.record({
      source: CBOE_SOURCE,
      symbol: symbol.toUpperCase(),
      kind: 'chain-file',
      fetchedAtMs: this.options.clock.now(),
      body: text,
    });
    let snapshot: ChainSnapshot;
    try {
      snapshot = parseCboeQuoteCsv(text, basename(file));
    } catch (err) {
      throw new ProviderError(
        CBOE_SOURCE,
        'schema',
        err instanceof Error ? err.message : String(err),
        {
          path: basename(file),
          cause: err,
        },
      );
    }
    return dropSettled(snapshot);
  }

  private async fileFor(symbol: string, date: string | undefined): Promise<string> {
    const prefix = `${symbol.toLowerCase()}_`;
    let names: string[];
    try {
      names = await readdir(this.options.dir);
    } catch (err) {
      throw new ProviderError(CBOE_SOURCE, 'not_found', `cannot read ${this.options.dir}`, {
        cause: err,
      });
    }
    const matching = names
      .filter((n) => n.toLowerCase().startsWith(prefix) && n.toLowerCase().endsWith('.csv'))
      .filter((n) => date === undefined || n.includes(date))
      .sort();
    const chosen = matching.at(-1);
    if (!chosen) {
      throw new ProviderError(
        CBOE_SOURCE,
        'not_found',
        `no CBOE file for ${symbol}${date ? ` on ${date}` : ''} in ${this.options.dir}`,
      );
    }
    return join(this.options.dir, chosen);
  }
}

/** Removes contracts settled at or before the quote time, counting them as expired. */
export function dropSettled(snapshot: ChainSnapshot): ChainSnapshot {
  const asOfMs = Date.parse(snapshot.asOf);
  const live = snapshot.contracts.filter((c) => Date.parse(c.expiresAt) > asOfMs);
  const expired = snapshot.contracts.length - live.length;
  if (expired === 0) return snapshot;
  const base = { ...snapshot, contracts: live };
  return {
    ...base,
    snapshotId: computeSnapshotId(base),
    quality: {
      ...snapshot.quality,
      contractsKept: live.length,
      dropped: {
        ...snapshot.quality.dropped,
        expired: (snapshot.quality.dropped.expired ?? 0) + expired,
      },
    },
  };
}
