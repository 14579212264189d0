/**
 * The latest AnalyticsSnapshot per symbol in Redis, so API processes (ROLE=api) and other
 * workers read what the ingest process computed. Keys: `<prefix>:analytics:latest:<SYMBOL>`
 * (JSON, with a TTL) and the set `<prefix>:analytics:symbols`.
 */
import type { Redis } from 'ioredis';
import type { AnalyticsSnapshot } from '../analytics-snapshot.js';

export class SnapshotCache {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
  ) {}

  key(symbol: string): string {
    return `${this.prefix}:analytics:latest:${symbol}`;
  }

  private get symbolsKey(): string {
    return `${this.prefix}:analytics:symbols`;
  }

  async put(snapshot: AnalyticsSnapshot): Promise<void> {
    await this.redis
      .multi()
      .set(this.key(snapshot.symbol), JSON.stringify(snapshot), 'EX', this.ttlSeconds)
      .sadd(this.symbolsKey, snapshot.symbol)
      .exec();
  }

  async get(symbol: string): Promise<AnalyticsSnapshot | null> {
    const raw = await this.redis.get(this.key(symbol));
    return raw ? (JSON.parse(raw) as AnalyticsSnapshot) : null;
  }

  async symbols(): Promise<string[]> {
    return (await this.redis.smembers(this.symbolsKey)).sort();
  }
}
