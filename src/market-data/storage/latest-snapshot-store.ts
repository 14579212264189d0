import type { Redis } from 'ioredis';
import type { ChainSnapshot } from '../chain-snapshot.js';

/**
 * The latest normalized snapshot per symbol: always in memory, and in Redis (with a TTL, so a
 * dead feed's chain disappears instead of looking fresh) when Redis is configured, where other
 * processes (`gammadesk chain show`, the api role) can read it.
 */
export class LatestSnapshotStore {
  private readonly memory = new Map<string, ChainSnapshot>();

  constructor(
    private readonly redis: Redis | null,
    private readonly options: { ttlSeconds: number; keyPrefix?: string } = { ttlSeconds: 180 },
  ) {}

  static key(prefix: string, symbol: string): string {
    return `${prefix}chain:latest:${symbol.toUpperCase()}`;
  }

  private key(symbol: string): string {
    return LatestSnapshotStore.key(this.options.keyPrefix ?? 'gammadesk:', symbol);
  }

  async put(snapshot: ChainSnapshot): Promise<void> {
    const current = this.memory.get(snapshot.underlying);
    // A late, older pull never replaces a newer chain.
    if (current && current.asOf > snapshot.asOf) return;
    this.memory.set(snapshot.underlying, snapshot);
    if (this.redis) {
      await this.redis.set(
        this.key(snapshot.underlying),
        JSON.stringify(snapshot),
        'EX',
        this.options.ttlSeconds,
      );
    }
  }

  /** From memory, else from Redis (another process's ingest). */
  async get(symbol: string): Promise<ChainSnapshot | null> {
    const mem = this.memory.get(symbol.toUpperCase());
    if (mem) return mem;
    if (!this.redis) return null;
    const text = await this.redis.get(this.key(symbol));
    return text ? (JSON.parse(text) as ChainSnapshot) : null;
  }

  getFromMemory(symbol: string): ChainSnapshot | null {
    return this.memory.get(symbol.toUpperCase()) ?? null;
  }

  symbols(): string[] {
    return [...this.memory.keys()].sort();
  }
}
