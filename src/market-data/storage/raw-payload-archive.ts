import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { DataSource } from 'typeorm';
import type { RawPayloadRecord, RawPayloadSink } from '../ingest-sinks.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export interface ArchivedPayload {
  id: number;
  source: string;
  symbol: string;
  kind: string;
  fetchedAt: Date;
  sha256: string;
  bytes: number;
  body: string;
}

/**
 * Every raw provider payload, gzip-compressed into PostgreSQL (raw_payload) with its source,
 * symbol, kind, fetch time and the sha256 of the uncompressed body. `record` never throws: writes
 * run in the background (one at a time, in order) and failures are counted; `flush` awaits them.
 */
export class RawPayloadArchive implements RawPayloadSink {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;
  failures = 0;
  written = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  record(payload: RawPayloadRecord): void {
    this.pending++;
    this.tail = this.tail
      .then(() => this.write(payload))
      .then(
        () => {
          this.written++;
        },
        (err: unknown) => {
          this.failures++;
          this.onError(err);
        },
      )
      .finally(() => {
        this.pending--;
      });
  }

  get pendingWrites(): number {
    return this.pending;
  }

  async flush(): Promise<void> {
    await this.tail;
  }

  async write(payload: RawPayloadRecord): Promise<number> {
    const body = Buffer.from(payload.body, 'utf8');
    const sha256 = createHash('sha256').update(body).digest('hex');
    const compressed = await gzipAsync(body);
    const rows: { id: string }[] = await this.dataSource.query(
      `INSERT INTO raw_payload (source, symbol, kind, fetched_at, sha256, bytes, body_gzip)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [
        payload.source,
        payload.symbol,
        payload.kind,
        new Date(payload.fetchedAtMs).toISOString(),
        sha256,
        body.length,
        compressed,
      ],
    );
    return Number(rows[0].id);
  }

  /** The newest archived payloads of a symbol, decompressed (operators, tests). */
  async latest(symbol: string, limit = 10): Promise<ArchivedPayload[]> {
    const rows: {
      id: string;
      source: string;
      symbol: string;
      kind: string;
      fetched_at: Date;
      sha256: string;
      bytes: number;
      body_gzip: Buffer;
    }[] = await this.dataSource.query(
      `SELECT id, source, symbol, kind, fetched_at, sha256, bytes, body_gzip
         FROM raw_payload WHERE symbol = $1 ORDER BY fetched_at DESC, id DESC LIMIT $2`,
      [symbol, limit],
    );
    return Promise.all(
      rows.map(async (r) => ({
        id: Number(r.id),
        source: r.source,
        symbol: r.symbol,
        kind: r.kind,
        fetchedAt: r.fetched_at,
        sha256: r.sha256,
        bytes: r.bytes,
        body: (await gunzipAsync(r.body_gzip)).toString('utf8'),
      })),
    );
  }
}
