/**
 * The latest AnalyticsSnapshot per symbol in Redis, so API processes (ROLE=api) and other
 * workers read what the ingest process computed. Keys: `<prefix>:analytics:latest:<SYMBOL>`
 * (JSON, with a TTL), `<prefix>:analytics:latest-id:<SYMBOL>` (its snapshot id) and the set
 * `<prefix>:analytics:symbols`. A reader re-parses the (large) JSON only when the id changed.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { AnalyticsSnapshot } from '../analytics-snapshot.js';

export class SnapshotCache {
  private readonly parsed = new Map<string, { id: string; snapshot: AnalyticsSnapshot }>();
  /** Full reads (GET + JSON.parse of the whole snapshot) since start: for tests and metrics. */
  fullReads = 0;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
  ) {}

  key(symbol: string): string {
    return `${this.prefix}:analytics:latest:${symbol}`;
  }

  private idKey(symbol: string): string {
    return `${this.prefix}:analytics:latest-id:${symbol}`;
  }

  private get symbolsKey(): string {
    return `${this.prefix}:analytics:symbols`;
  }

  async put(snapshot: AnalyticsSnapshot): Promise<void> {
    // Unique per write: the same chain analysed twice at one instant is still a new body.
    const id = `${snapshot.snapshotId}@${snapshot.computedAt}#${randomUUID()}`;
    await this.redis
      .multi()
      .set(this.key(snapshot.symbol), JSON.stringify(snapshot), 'EX', this.ttlSeconds)
      .set(this.idKey(snapshot.symbol), id, 'EX', this.ttlSeconds)
      .sadd(this.symbolsKey, snapshot.symbol)
      .exec();
  }

  async get(symbol: string): Promise<AnalyticsSnapshot | null> {
    const id = await this.redis.get(this.idKey(symbol));
    if (id === null) {
      this.parsed.delete(symbol);
      return null;
    }
    const known = this.parsed.get(symbol);
    if (known && known.id === id) return known.snapshot;
    const raw = await this.redis.get(this.key(symbol));
    if (!raw) return null;
    this.fullReads++;
    const snapshot = JSON.parse(raw) as AnalyticsSnapshot;
    // Id and body are written in one MULTI and the id is read first, so the body is that write's
    // or a newer one; a newer one is parsed again on the next read (extra work, never stale).
    this.parsed.set(symbol, { id, snapshot });
    return snapshot;
  }

  async symbols(): Promise<string[]> {
    return (await this.redis.smembers(this.symbolsKey)).sort();
  }
}
